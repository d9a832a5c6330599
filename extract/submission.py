"""Build extraction's input (``Submission``) from a parsed message.

Forwarded mail is unwrapped: the school that wrote the submission is the
innermost sender, its body comes first, and its files count as the
submission's files. Archive containers are left out (their members are in).
"""

from __future__ import annotations

from extract.model import FileInfo, Submission
from parsers import BODY_SOURCE, Document, ParsedMessage


def _merged_body(bodies: list[Document]) -> Document | None:
    """Innermost (forwarded) body first, then the outer one: the school's words before the forwarder's."""
    if not bodies:
        return None
    ordered = list(reversed(bodies)) if len(bodies) > 1 else bodies
    paragraphs = [p for body in ordered for p in body.paragraphs]
    fmt = ordered[0].format
    return Document(source=BODY_SOURCE, format=fmt, paragraphs=paragraphs)


def build_submission(parsed: ParsedMessage) -> Submission:
    sender, sender_name = parsed.original_sender
    files = []
    for file in parsed.files:
        if file.parent is None and any(f.parent == file.path for f in parsed.files):
            continue  # the archive itself; its members follow
        document = file.document
        image = document.images[0] if document is not None and document.format == "image" and document.images else None
        files.append(FileInfo(name=file.name, content_type=file.content_type, document=document, image=image,
                              inline=file.inline))
    return Submission(
        sender=(sender or "").lower(),
        sender_name=sender_name or "",
        subject=parsed.mail.subject or "",
        body=_merged_body(parsed.bodies),
        files=files,
        recipients=sorted({a.lower() for a in [*parsed.mail.to, *parsed.mail.cc, *parsed.mail.delivered_to] if a}),
    )
