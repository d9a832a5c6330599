"""Tell automatic and bulk mail apart from submissions (RFC 3834, RFC 3464, RFC 2369).

A message that a machine sent (an out-of-office reply, a bounce, a
newsletter, a no-reply notification) is never a submission and must never be
answered. The header rules come first since they are standards; the subject
and sender-name rules catch the many auto-responders that ignore them.
"""

from __future__ import annotations

import re

from domain import fold
from parsers.mime import MailMessage

NO_REPLY_LOCALPARTS = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply|mailer[-_.]?daemon|postmaster|bounces?|notifications?|"
    r"notify|auto[-_.]?(reply|responder)|daemon|system)([-_.+].*)?$"
)
AUTO_SUBJECT_PREFIXES = (
    "auto:", "automatic reply", "autoreply", "auto-reply", "auto reply", "out of office", "out of the office",
    "tra loi tu dong", "thu tra loi tu dong", "phan hoi tu dong", "vang mat", "vắng mặt",
    "delivery status notification", "undeliverable", "undelivered mail", "mail delivery failed",
    "returned mail", "delivery failure", "failure notice",
)
BULK_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}


def automatic_reason(mail: MailMessage) -> str | None:
    """Why this mail is automatic or bulk (one line), or None for mail a person sent."""
    headers = mail.headers
    auto = (headers.get("auto-submitted") or "").strip().lower()
    if auto and not auto.startswith("no"):
        return f"automatic mail (Auto-Submitted: {auto})"
    if headers.get("x-autoreply") or headers.get("x-autorespond") or headers.get("x-auto-response"):
        return "automatic reply (X-Autoreply)"
    content_type = (headers.get("content-type") or "").lower()
    if "multipart/report" in content_type or "delivery-status" in content_type:
        return "delivery status notification (bounce)"
    if mail.return_path == "":
        return "null sender (Return-Path: <>): bounce or automatic mail"
    precedence = (headers.get("precedence") or "").strip().lower()
    if precedence in BULK_PRECEDENCE:
        return f"bulk or list mail (Precedence: {precedence})"
    if headers.get("list-id") or headers.get("list-unsubscribe") or headers.get("list-post"):
        return "mailing-list mail (List-Id)"
    localpart = (mail.from_address or "").split("@", 1)[0].lower()
    if not mail.from_address:
        return "no sender address"
    if NO_REPLY_LOCALPARTS.match(localpart):
        return f"no-reply or system sender ({mail.from_address})"
    subject = fold(mail.subject or "")
    for prefix in AUTO_SUBJECT_PREFIXES:
        if subject.startswith(fold(prefix)):
            return f"automatic reply (subject: {mail.subject[:60]})"
    return None
