"""The in-memory form of one generated message before it is serialised (mailbox, sender, parts, truth)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from .pools_places import Region


@dataclass
class Mailbox:
    name: str            # key used by bench/accuracy.py and in the truth ("bo", "anphu")
    address: str         # Delivered-To
    display: str         # "Vụ Thi đua - Khen thưởng"
    greeting: str        # "Kính gửi: Phòng Giáo dục và Đào tạo huyện An Phú"
    region: Region | None = None   # district mailboxes: their district


@dataclass
class Sender:
    name: str            # display name
    address: str
    signature: list[str] # lines under "--" (the sender's own phone/e-mail: never nominee data)
    client: str          # gmail | zimbra | outlook | thunderbird | yahoo | apple
    org: str = ""        # the sending unit (a school, a district office)


@dataclass
class Attachment:
    filename: str
    data: bytes
    ctype: str
    role: str = "other"  # profile | photo | evidence | cover | other
    inline_cid: str | None = None
    doc: object | None = None   # the abstract Doc it was rendered from (re-rendering for duplicates)


@dataclass
class Draft:
    mailbox: Mailbox
    sender: Sender
    subject: str
    text: str | None
    html: str | None
    attachments: list[Attachment] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    category: str = "submission"
    case: str = ""
    layout: str = ""
    hard: list[str] = field(default_factory=list)
    message_id: str = ""
    date: dt.datetime | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    extra_headers: list[tuple[str, str]] = field(default_factory=list)
    inner: "Draft | None" = None          # forwarded as a message/rfc822 attachment
    charset: str = "utf-8"
    mangle: Callable[[bytes], bytes] | None = None   # malformed cases: damage the serialised bytes
    raw: bytes | None = None              # exact bytes (same-Message-ID re-delivery)
    custom: Callable[["Draft", object], bytes] | None = None  # hand-built MIME (DSN reports)
    truth_extra: dict = field(default_factory=dict)  # thread_of / duplicate_of / failure_reason ...
    to: list[tuple[str, str]] | None = None           # (display, address) when not the mailbox
    nominees: list = field(default_factory=list)      # Nominee objects behind the records (threads, duplicates)
    meta: dict = field(default_factory=dict)          # anything builders need to re-render later


VN_TZ = dt.timezone(dt.timedelta(hours=7))
