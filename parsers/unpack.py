"""A message opened: its MIME structure, bodies and files, with archives expanded.

This is the part of parsing that expands untrusted bytes before any file
is read (base64 and quoted-printable parts, forwarded mail, ZIP/7z/RAR
members), so ``parsers.message`` runs it in the parser sandbox, under its
memory and time limits. Everything it does is bounded by one
``MessageBudget``: parts and files counted, text bodies and headers cut,
archives' inflated bytes summed, and the bytes kept for storage capped
(a file past that is listed by name, size and reason, without its bytes).
The files come back ``pending``; each is then parsed in the sandbox alone.
"""

from __future__ import annotations

from parsers.archive import iter_archive
from parsers.attachments import detect
from parsers.budget import MessageBudget
from parsers.document import ParseError
from config import ParseLimits
from parsers.message_model import ParsedFile, ParsedMessage, body_document
from parsers.mime import MailMessage, MailPart, parse_mime

PENDING = "pending"


def unpack_message(raw: bytes, limits: ParseLimits) -> ParsedMessage:
    """Parse the structure of ``raw``; raises ``MalformedMessage`` or ``MessageLimit``."""
    budget = MessageBudget(limits, len(raw))
    mail = parse_mime(raw, budget=budget)
    parsed = ParsedMessage(mail=mail)
    _collect(parsed, mail, budget, forwarded=False)
    parsed.limits_hit = list(budget.hits)
    return parsed


def _collect(parsed: ParsedMessage, mail: MailMessage, budget: MessageBudget, forwarded: bool) -> None:
    parsed.bodies.append(body_document(mail))
    for part in mail.attachments:
        parsed.files.extend(_files_of(part, budget, forwarded))
        part.data = b""  # the file holds the bytes now; do not send them back twice
    for inner in mail.forwarded:
        _collect(parsed, inner, budget, forwarded=True)


def _files_of(part: MailPart, budget: MessageBudget, forwarded: bool) -> list[ParsedFile]:
    """One MIME part as one file, or as the archive and its members."""
    limits = budget.limits
    budget.count_file()
    detected = detect(part.filename, part.content_type, part.data)
    top = ParsedFile(part.filename, part.filename, detected.content_type, part.data, part.inline, forwarded,
                     status=PENDING, detected=detected)
    files = [top]
    _store_or_drop(top, budget)  # each file at once: members of a large archive are never all held together
    if detected.format == "archive":
        top.status = "parsed" if top.stored else top.status
        try:
            for member in iter_archive(part.data, part.filename, limits, byte_cap=budget.expandable):
                budget.count_file()
                base = member.path.rsplit("/", 1)[-1]
                path = f"{part.filename}/{member.path}"
                if member.refused:
                    files.append(ParsedFile(base, path, "application/octet-stream", b"", forwarded=forwarded,
                                            parent=part.filename, status="skipped", reason=member.refused,
                                            size=member.size or 0, sha256="", stored=False))
                    budget.hit(f"archive member over the attachment limit of {limits.attachment_bytes} bytes "
                               "was not extracted")
                    continue
                budget.expanded += len(member.data)
                member_detected = detect(base, "application/octet-stream", member.data)
                child = ParsedFile(base, path, member_detected.content_type, member.data, forwarded=forwarded,
                                   parent=part.filename, status=PENDING, detected=member_detected)
                if member_detected.format == "archive":
                    child.status = "skipped"  # iter_archive already expanded it, or reports why not
                _store_or_drop(child, budget)
                files.append(child)
        except ParseError as exc:
            top.status, top.reason = "failed", str(exc)
    return files


def _store_or_drop(file: ParsedFile, budget: MessageBudget) -> None:
    """Keep the file's bytes if the message's storage budget allows, else list it without them."""
    if not file.stored:
        return
    refused = budget.take_storage(file.size)
    if refused is None:
        return
    file.data, file.stored, file.reason = b"", False, refused
    if file.status == PENDING:
        file.status = "skipped"


__all__ = ["PENDING", "unpack_message"]
