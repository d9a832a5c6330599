"""The cheap path's decision: is this mail clearly not a submission, from its header and text alone?

Most of what reaches a department's general mailbox is not a nomination:
auto-replies, bounces, newsletters, no-reply notices, other business. The
full path (``pipeline.stages``) opens such a message in the sandbox, parses
every file, extracts, and then ignores it. ``triage`` takes the same decision
for the plain cases without the sandbox, in two steps, and says ``full``
whenever it cannot be sure that the full path would decide exactly the same:

1. the header block alone (``parsers.read_headers``): automatic, bulk and
   list mail (``parsers.automatic_reason``, the same rules on the same decoded
   fields). Taken only when the message has no part but its text bodies,
   checked without decoding anything (``parsers.other_parts``): a bounce
   carrying the original, a newsletter with pictures, go the full path, which
   lists their files;
2. the text (``parsers.read_head``): for a message with no part but its text
   bodies, a plain one among them (HTML is read in the sandbox), and no
   reading limit hit, the very extraction stage of the full path
   runs on it in this process (no file to open, so nothing to sandbox). Only
   its "not a nomination" verdict is taken here; anything it finds, a nominee,
   a supplement to a thread, the wording of a submission, goes the full path.

So an ignored message gets the status and reason a full run gives it, and
``dienhinh reparse`` (always the full path) agrees with it. Messages over
``MAX_BYTES`` are not read here at all. A mail with nomination wording in its
subject or text skips step 2 (the full path would redo the work).
"""

from __future__ import annotations

from dataclasses import dataclass

from config import ParseLimits
from domain import fold
from parsers import ParsedMessage, automatic_reason, body_document, other_parts, read_head, read_headers
from pipeline.stages import _extract

MAX_BYTES = 256 * 1024  # larger mail nearly always carries files; not worth reading twice

# Folded words that make a mail a likely submission: straight to the full path (an optimisation only:
# without them step 2 runs the extraction, which decides the same).
LIKELY_SUBMISSION = (
    "ho so", "dien hinh", "thanh tich", "ho va ten", "ho ten", "phieu thong tin", "ly lich", "bieu duong",
    "guong", "mo hinh", "de nghi khen", "de nghi cong nhan", "de nghi xet", "bo sung",
)


@dataclass(frozen=True)
class Verdict:
    """``ignored``: the reason, as the full path gives it; otherwise ``full`` says why the full path is needed."""

    ignored: str | None = None
    full: str | None = None


def triage(raw: bytes, limits: ParseLimits) -> Verdict:
    """Decide ``raw`` from its header and text, or hand it to the full path; raises like the parsers do."""
    if len(raw) > MAX_BYTES:
        return Verdict(full=f"over {MAX_BYTES} bytes")
    head = read_headers(raw, limits)
    automatic = automatic_reason(head.mail)
    if automatic:
        others = head.others if head.others is not None else other_parts(raw, limits)
        if others:
            return Verdict(full=f"automatic, but carries {others[0]}")
        return Verdict(ignored=automatic)
    if _likely_submission(head.mail.subject):
        return Verdict(full="nomination wording in the subject")
    return _by_text(raw, limits)


def _by_text(raw: bytes, limits: ParseLimits) -> Verdict:
    head = read_head(raw, limits)
    if head.mail is None:
        return Verdict(full=f"carries {head.others[0]}")
    if head.limits_hit:
        return Verdict(full=head.limits_hit[0])
    if _likely_submission(head.mail.body_text):
        return Verdict(full="nomination wording in the text")
    parsed = ParsedMessage(mail=head.mail, bodies=[body_document(head.mail)], files=[], limits_hit=[])
    extracted = _extract(parsed)
    if extracted.automatic:  # the same rules as step 1 on the same fields: not expected, but decided alike
        return Verdict(ignored=extracted.automatic)
    if extracted.unrelated:
        return Verdict(ignored=extracted.unrelated)
    return Verdict(full="the extraction found something to record")


def _likely_submission(text: str) -> bool:
    folded = " ".join(fold(text or "").split())
    return any(word in folded for word in LIKELY_SUBMISSION)
