"""Serialise a ``Draft`` the way one mail client would: headers, Message-ID, boundaries, encodings."""

from __future__ import annotations

import datetime as dt
import random
from email.utils import format_datetime

from . import mime
from .draft import VN_TZ, Draft
from .util import hex_token, token

CLIENTS = {"gmail": 40, "zimbra": 18, "outlook": 16, "thunderbird": 8, "yahoo": 8, "apple": 10}


def message_id(rng: random.Random, client: str, sender: str, when: dt.datetime) -> str:
    domain = sender.split("@")[-1]
    ms = int(when.timestamp() * 1000)
    if client == "gmail":
        return f"<CA{token(rng, rng.randint(38, 44))}@mail.gmail.com>"
    if client == "zimbra":
        return f"<{rng.randint(10**8, 10**10)}.{rng.randint(10**5, 10**7)}.{ms}.JavaMail.zimbra@{domain}>"
    if client == "outlook":
        box = f"{rng.choice(['SEZPR06', 'KL1PR01', 'TYZPR03', 'PSAPR06'])}MB{rng.randint(1000, 9999)}"
        return f"<{box}{hex_token(rng, 28, True)}@{box}.apcprd06.prod.outlook.com>"
    if client == "yahoo":
        return f"<{rng.randint(10**8, 10**10)}.{rng.randint(10**5, 10**7)}.{ms}@mail.yahoo.com>"
    uid = "-".join(hex_token(rng, n, client == "apple") for n in (8, 4, 4, 4, 12))
    return f"<{uid}@{domain}>"


def _received(rng: random.Random, draft: Draft, when: dt.datetime) -> list[tuple[str, str]]:
    host = draft.mailbox.address.split("@")[1]
    later = when + dt.timedelta(seconds=rng.randint(2, 90))
    stamp = format_datetime(later)
    src = draft.sender.address.split("@")[1]
    ip = f"{rng.randint(14, 203)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return [("Received", f"from mail.{src} (mail.{src} [{ip}])\n\tby mx.{host} (Postfix) with ESMTPS id {hex_token(rng, 12, True)}\n"
                         f"\tfor <{draft.mailbox.address}>; {stamp}")]


def _body(rng: random.Random, draft: Draft, style: str, inline: list[mime.Part]) -> mime.Part | None:
    cte = {"outlook": "base64", "gmail": "quoted-printable", "thunderbird": "8bit"}.get(style, rng.choice(["quoted-printable", "base64"]))
    charset = draft.charset
    parts = []
    if draft.text is not None:
        parts.append(mime.text_part(draft.text, "plain", charset, cte if charset == "utf-8" else "quoted-printable"))
    if draft.html is not None:
        html = mime.text_part(draft.html, "html", charset, "quoted-printable" if cte == "8bit" else cte)
        parts.append(mime.multipart("related", [html] + inline, mime.boundary(rng, style)) if inline else html)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return mime.multipart("alternative", parts, mime.boundary(rng, style))


def build(draft: Draft, rng: random.Random, outer: bool = True) -> bytes:
    """The message bytes; ``outer`` adds Delivered-To and Received (the copy the mailbox holds)."""
    if draft.raw is not None:
        return draft.raw
    if draft.custom is not None:
        return draft.custom(draft, rng)
    style = draft.sender.client
    when = draft.date
    fname_style = {"gmail": "rfc2047", "zimbra": "rfc2231", "outlook": "rfc2047", "thunderbird": "rfc2231",
                   "yahoo": "rfc2047", "apple": "rfc2231"}[style]
    inline = [mime.attachment_part(a.filename, a.data, a.ctype, fname_style, a.inline_cid)
              for a in draft.attachments if a.inline_cid and draft.html is not None]
    body = _body(rng, draft, style, inline)
    atts = [mime.attachment_part(a.filename, a.data, a.ctype, fname_style, a.inline_cid)
            for a in draft.attachments if not (a.inline_cid and draft.html is not None)]
    if draft.inner is not None:
        inner = build(draft.inner, rng, outer=False)
        name = (draft.inner.subject[:60] + ".eml") if style != "outlook" else "ForwardedMessage.eml"
        _, fparam = mime.filename_params(name, fname_style)
        atts.append(mime.Part([("Content-Type", "message/rfc822"), ("Content-Disposition", f"attachment; {fparam}")], inner))
    root = body
    if atts:
        root = mime.multipart("mixed", ([body] if body else []) + atts, mime.boundary(rng, style))
    if root is None:
        root = mime.text_part("", "plain")
    headers = []
    if outer:
        headers.append(("Delivered-To", draft.mailbox.address))
        headers += _received(rng, draft, when)
        headers.append(("Return-Path", f"<{draft.sender.address}>"))
    mode = "Q" if style in ("thunderbird", "apple") and rng.random() < 0.5 else "B"
    to = draft.to or [(draft.mailbox.display, draft.mailbox.address)]
    headers += [("MIME-Version", "1.0"), ("From", mime.address(draft.sender.name, draft.sender.address, mode)),
                ("Date", format_datetime(when)), ("Message-ID", draft.message_id),
                ("Subject", mime.header_text(draft.subject, mode)),
                ("To", ", ".join(mime.address(d, a, mode) for d, a in to))]
    if draft.in_reply_to:
        headers.append(("In-Reply-To", draft.in_reply_to))
        headers.append(("References", " ".join(draft.references or [draft.in_reply_to])))
    headers += {"zimbra": [("X-Mailer", "Zimbra 8.8.15_GA_4581 (ZimbraWebClient - GC122 (Win)/8.8.15_GA_4581)")],
                "outlook": [("Thread-Topic", mime.header_text(draft.subject[:70], "B")), ("Content-Language", "vi-VN"),
                            ("X-MS-Has-Attach", "yes" if draft.attachments else "")],
                "thunderbird": [("User-Agent", "Mozilla Thunderbird")],
                "apple": [("X-Mailer", "iPhone Mail (20H240)")],
                "yahoo": [("X-Mailer", "WebService/1.1.22077 YMailNorrin")]}.get(style, [])
    headers += draft.extra_headers
    raw = mime.serialize(root, headers)
    return draft.mangle(raw) if draft.mangle else raw


def stamp(draft: Draft, rng: random.Random, when: dt.datetime) -> None:
    """Give the draft its Date and Message-ID (in the sender client's format)."""
    draft.date = when.astimezone(VN_TZ)
    if not draft.message_id:
        draft.message_id = message_id(rng, draft.sender.client, draft.sender.address, draft.date)
