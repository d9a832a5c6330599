"""Input and output of the extraction core.

Extraction is pure: it reads a ``Submission`` (the mail as parsed documents)
and returns ``Draft`` records. It never touches the network, the database or
file formats, so it can be unit-tested on Documents built in code and rerun
on archived mail at will. The store adds ids, mailbox and message ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field

from parsers import Document, Image


@dataclass
class FileInfo:
    """One attachment (or ZIP member), after parsing."""

    name: str  # base file name as sent ("Giay khen 2023.pdf"; ZIP members: base name)
    content_type: str
    document: Document | None = None  # parsed content (None if not parsed, e.g. pptx, or failed)
    image: Image | None = None  # for picture files: the Image (kind set by the parser)
    inline: bool = False  # shown inside the mail body (Content-Disposition: inline), e.g. a signature logo


@dataclass
class Submission:
    """Everything one mail brings: the body and every file, forwarded ones included."""

    sender: str  # From address, lower-case
    sender_name: str
    subject: str
    body: Document | None
    files: list[FileInfo] = _field(default_factory=list)
    signature_unit: str | None = None
    recipients: list[str] = _field(default_factory=list)  # To, Cc, Delivered-To: the offices' own addresses


@dataclass
class Draft:
    """One nomination record as extracted (SPEC "The nomination record")."""

    form: str = "profile"  # profile | registration
    kind: str = "individual"  # individual | collective
    unit: str | None = None
    name: str | None = None
    model_title: str | None = None
    field: str | None = None
    achievement_summary: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    photos: int = 0
    evidence: list[str] = _field(default_factory=list)
    sources: list[str] = _field(default_factory=list)
    missing: list[str] = _field(default_factory=list)  # proven absent: flagged to the sender
    review: list[str] = _field(default_factory=list)  # absent from the values, but traces exist: for a person
    traces: list[str] = _field(default_factory=list)  # required items the submission holds some trace of
    unsettled: list[str] = _field(default_factory=list)  # items held but not settled (a value cut short, a picture not decoded): for a person
    status: str = "incomplete"
    notes: list[str] = _field(default_factory=list)  # for the message's reason (values cut, pictures not counted); not stored

    def to_dict(self) -> dict:
        """The record's fields in SPEC order, ready to be stored or exported."""
        return {
            "form": self.form,
            "kind": self.kind,
            "unit": self.unit,
            "name": self.name,
            "model_title": self.model_title,
            "field": self.field,
            "achievement_summary": self.achievement_summary,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "photos": self.photos,
            "evidence": list(self.evidence),
            "missing": list(self.missing),
            "review": list(self.review),
            "traces": list(self.traces),
            "unsettled": list(self.unsettled),
            "status": self.status,
            "sources": list(self.sources),
        }
