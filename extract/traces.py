"""What a submission holds a trace of, found by what things are rather than by their labels.

A school is told that an item is missing only when the submission holds no
trace of it at all (SPEC "missing"). The label readers find values; this
module looks everywhere else: every document's paragraphs and table cells,
the scans' OCR text, the mail body and the earlier mails it quotes, every
picture. What it finds and the readers did not settle (a phone number in
prose, an unlabelled address line, a picture that may be the portrait) puts
the item in the record's ``review`` list, for a person, never in a flag.

Never counted: the sender's own signature and From address, the addresses
the mail was sent to, the Ministry's own contacts, letterheads (docs/forms.md:
the issuing unit's phone printed above the form), and, when one mail names
several nominees, what is already another nominee's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain import fold
from extract.body import Body
from extract.labels import match_label
from extract.model import Draft, Submission
from extract.person_names import person_names
from extract.sources import ARTICLE, EVIDENCE, PAPERWORK, PROFILE, classify
from extract.text import contains_phrase
from extract.trace_readers import (
    EVIDENCE_WORDS,
    OFFICIAL_DOMAINS,
    PHONE_LABEL_WORDS,
    achievement_line,
    address_line,
    body_lines,
    document_lines,
    joined_documents,
    name_line,
    picture_names,
    readable_emails,
    self_signers,
    signers,
    summary_lines,
    value_part,
)
from extract.values import find_links, find_phones, possible_phones, strip_leaders

# Phrases by which an article makes a unit its subject (a collective nominee written as prose).
UNIT_CUES = ("cua don vi", "cua tap the", "cua nha truong", "don vi da", "tap the da", "nha truong da",
             "nhung don vi tieu bieu", "don vi tieu bieu", "tap the tieu bieu", "don vi la", "don vi duoc")


@dataclass
class Traces:
    """Candidate values for each required item, found anywhere in a submission."""

    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)  # folded address lines
    achievements: list[str] = field(default_factory=list)  # folded achievement lines
    names: list[str] = field(default_factory=list)  # folded labelled names
    photos: list[str] = field(default_factory=list)  # folded file names of pictures that may be the portrait
    scenes: list[str] = field(default_factory=list)  # landscape camera shots: a collective's group photo at most
    own_mailbox: list[str] = field(default_factory=list)  # the From address written in the text, not in a signature
    evidence: list[str] = field(default_factory=list)  # folded file names and links that may be evidence
    not_nominee_phones: set[str] = field(default_factory=set)  # the sender's signature, letterheads
    letterhead_phones: set[str] = field(default_factory=set)  # a collective's own number when it is the unit
    labelled_phones: list[str] = field(default_factory=list)  # under a phone label ("ĐT", "Điện thoại", "SĐT")
    people: list[str] = field(default_factory=list)  # personal names in running text, the sender's excepted
    senders: list[str] = field(default_factory=list)  # the sender's own name and the signature's names
    spellings: list[str] = field(default_factory=list)  # every personal name written anywhere, with its accents
    about_unit: bool = False  # the text speaks of a unit as the one achieving ("đơn vị đã …", "của tập thể")
    reply: bool = False  # the mail answers an earlier one (it quotes it, or "Re:"/"TL:"): it completes a record

    @property
    def items(self) -> set[str]:
        """The items of which the submission holds any trace at all."""
        return {item for item, values in self._by_item().items() if values}

    def _by_item(self) -> dict[str, list[str]]:
        return {"phone": self.phones, "email": self.emails, "address": self.addresses,
                "achievement_summary": self.achievements, "name": self.names + [fold(p) for p in self.people],
                "photo": self.photos,
                "evidence": self.evidence}

    def items_for(self, draft: Draft, others: list[Draft]) -> list[str]:
        """The items with a trace that is not plainly another nominee's (several nominees in one mail)."""
        taken = _taken_by(others)
        own_names = {fold(draft.name)} if draft.name else set()
        # an address named after someone else the mail mentions (the sender, a signer) is theirs
        taken["email"] |= {e for e in self.emails if _named_after_other(e, self.people + self.senders, draft.name)}
        found = []
        by_item = self._by_item()
        if draft.kind == "collective":  # the school nominated as a collective: its letterhead number is its own
            by_item["phone"] = by_item["phone"] + sorted(self.letterhead_phones)
            by_item["photo"] = by_item["photo"] + self.scenes  # and a wide shot may be its group photo
            by_item["email"] = by_item["email"] + self.own_mailbox  # and its mailbox, written in the text, its own
        for item, values in by_item.items():
            if any(not _belongs_to_other(value, item, taken, own_names) for value in values):
                found.append(item)
        return sorted(found)


def _taken_by(others: list[Draft]) -> dict[str, set[str]]:
    taken: dict[str, set[str]] = {"phone": set(), "email": set(), "text": set(), "names": set(), "evidence": set()}
    for other in others:
        taken["evidence"].update(fold(e) for e in other.evidence)
        taken["phone"].update([other.phone] if other.phone else [])
        taken["email"].update([other.email] if other.email else [])
        for value in (other.address, other.achievement_summary):
            taken["text"].update(fold(line) for line in (value or "").split("\n") if line.strip())
        if other.name:
            taken["names"].add(fold(other.name))
    return taken


def _belongs_to_other(value: str, item: str, taken: dict[str, set[str]], own_names: set[str]) -> bool:
    if item in ("phone", "email"):
        return value in taken[item]
    if item in ("address", "achievement_summary"):
        return any(value in text or text in value for text in taken["text"] if len(text) >= 8)
    if item == "name":
        return value in taken["names"]
    if item == "evidence" and fold(value.split(" | ")[0]) in taken["evidence"]:
        return True  # a link or file already among another nominee's evidence
    # a picture or file named after another nominee is that nominee's
    return any(name in value for name in taken["names"] if name) and not any(n in value for n in own_names if n)


def find_traces(sub: Submission, body: Body, excluded_addresses: set[str] = frozenset()) -> Traces:
    """Everything in ``sub`` that bears on a required item, outside the sender's own contact lines."""
    lines, letterhead_phones, document_phones = document_lines(sub)
    lines += body_lines(body)
    signature = "\n".join(body.signature)
    not_nominee_phones = set(find_phones(signature) + possible_phones(signature)) | letterhead_phones
    own_emails = set(readable_emails(signature)) | {sub.sender.lower()} | {a.lower() for a in excluded_addresses}
    own_emails |= {e for line in lines if _HEADER_LINE.match(fold(line)) for e in readable_emails(line)}
    traces = Traces(not_nominee_phones=not_nominee_phones - document_phones,
                    letterhead_phones=letterhead_phones - set(find_phones(signature) + possible_phones(signature)))
    held_by: str | None = None  # the label of a "QUÊ QUÁN:" line standing alone above its value
    for line in lines:
        value, label = value_part(line)
        above, held_by = held_by, (label if label is not None and not value.strip(" .…_") else None)
        # "Số BHXH: 8981630863", "Năm sinh: …": digits under a known label of something else are no number
        other = label is not None and (hit := match_label(label)) is not None and hit[0] == "other" and hit[1] >= 0.9
        for phone in dict.fromkeys([] if other else find_phones(line) + possible_phones(line)):
            if phone in not_nominee_phones:
                continue
            if phone not in traces.phones:
                traces.phones.append(phone)
            if label and label.split(" ")[0] in PHONE_LABEL_WORDS and phone not in traces.labelled_phones:
                traces.labelled_phones.append(phone)
        for email in readable_emails(line):
            if email == sub.sender.lower() and email not in traces.own_mailbox and not _HEADER_LINE.match(fold(line)):
                traces.own_mailbox.append(email)  # the From address written out: a school's own, if it is the nominee
            if email in own_emails or email.endswith(OFFICIAL_DOMAINS) or email in traces.emails:
                continue
            traces.emails.append(email)
        home = above is not None and label is None and (hit := match_label(above)) is not None \
            and hit[0] not in ("address", "residence")  # ND98-M03, HS02-VC "Quê quán:" over its value: no contact
        for found, bucket in ((None if home else address_line(line), traces.addresses), (name_line(line), traces.names)):
            if found and found not in bucket:
                bucket.append(found)
        # a link keeps its line: "Minh chứng của Nguyễn Thúy Xuân: https://…" is hers
        traces.evidence.extend(f"{link} | {fold(line)}" for link in find_links(line) if "moet.gov.vn" not in link)
    for text in joined_documents(sub):  # what a PDF wrapped over two lines
        traces.phones.extend(p for p in find_phones(text) if p not in not_nominee_phones and p not in traces.phones)
        for e in readable_emails(text):
            if e in own_emails or e.endswith(OFFICIAL_DOMAINS) or e in traces.emails:
                continue
            if any(e.startswith(known) for known in traces.emails + sorted(own_emails)):
                continue  # "ten@gmail.comvii": the address ran into the next line's "VII." when lines were joined
            traces.emails.append(e)
    # the sender signs at the end of the own text even where no "--" or closing marks a signature
    tail = [line for line in body.lines if line.strip()][-4:]
    signed = [n for line in tail for n in person_names(line) if len(n) >= 0.8 * len(line.strip(" .,"))]
    senders = {fold(sub.sender_name)} | {fold(n) for n in person_names(signature) + signed}
    traces.senders = sorted(n for n in senders if n)
    traces.reply = bool(body.quoted) or bool(re.match(r"^\s*(?:re|tl|tra loi|aw)\s*:", fold(sub.subject or "")))
    traces.about_unit = any(contains_phrase(fold(line), cue) for line in lines for cue in UNIT_CUES)
    signing = signers(lines)
    traces.names.extend(fold(n) for n in signing if fold(n) not in traces.names)
    traces.spellings = [n for f in sub.files for n in person_names(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", f.name))]
    heads = {fold(n) for n in signing} - {fold(n) for n in self_signers(lines)}
    for line in lines:
        for person in person_names(line):
            traces.spellings.append(person)  # every spelling, with its accents, before any is set aside
            if fold(person) in heads:
                continue  # who signs a form (the head of the unit) is no nominee for that alone; its declarant is
            same = [i for i, p in enumerate(traces.people) if fold(p) == fold(person)]
            if fold(person) in senders:
                continue
            if not same:
                traces.people.append(person)
            elif _accents(person) > _accents(traces.people[same[0]]):
                traces.people[same[0]] = person  # "Văn Bảo Tường Nga" over a file name's "Van Bảo Tường Nga"
    # a certificate names one award: it is evidence, not a summary of the nominee's achievements
    for line in summary_lines(sub) + body_lines(body):
        found = achievement_line(line)
        if found and found not in traces.achievements:
            traces.achievements.append(found)
    for index, f in enumerate(sub.files):
        traces.photos.extend(picture_names(f, traces.scenes))
        role = classify(index, f).role
        named = any(w in fold(f.name) for w in EVIDENCE_WORDS)
        if role == EVIDENCE or (named and role not in (PROFILE, ARTICLE, PAPERWORK)):
            traces.evidence.append(fold(f.name))  # "Báo cáo thành tích - X.docx" is the profile, not evidence
    return traces


# A forwarded or quoted mail's header ("Từ: Trường … <a@b>", "To: Vụ … <tdkt@…>"): its addresses are the mail's ends.
_HEADER_LINE = re.compile(r"^\s*>?\s*(?:from|to|cc|bcc|tu|den|gui den|nguoi gui|nguoi nhan)\s*:\s*[^:]*<?[\w.+-]+@[\w.-]+>?"
                          r"(?:\s*[,;]\s*[^:,;]*<?[\w.+-]+@[\w.-]+>?)*\s*$")


def _named_after_other(email: str, people: list[str], nominee: str | None) -> bool:
    """"diep_tran91@…" is Trần Hạnh Diệp's when the mail names her and the nominee is someone else."""
    local = re.sub(r"[^a-z]", " ", email.partition("@")[0].lower())
    letters = local.replace(" ", "")

    def fits(name: str) -> bool:
        words = fold(name).split()
        if len(words) < 2:
            return False
        initials = "".join(w[0] for w in words[:-1])
        # "lephamhuyenmyhau97", "haulphm", "lphmhau": the whole name, or the given name with the initials
        if "".join(words) in letters or (len(initials) >= 2 and (words[-1] + initials in letters
                                                                or initials + words[-1] in letters)):
            return True
        return words[-1] in local.split() + [letters] and any(w in local for w in words[:-1])
    if nominee and fits(nominee):
        return False
    return any(fits(person) for person in people if not nominee or fold(person) != fold(nominee))


def _accents(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 127)


def _unit_data(draft: Draft) -> bool:
    """The draft holds a unit's own data (its address, number or achievements), not only a unit name."""
    return sum(1 for v in (draft.achievement_summary, draft.address, draft.phone, draft.email) if v) >= 2


def reconcile(draft: Draft, traces: Traces, others: list[Draft] = ()) -> None:
    """Drop what the label readers took from a letterhead or the sender's signature; strip form leaders."""
    for name in ("unit", "name", "model_title", "field", "achievement_summary", "address", "phone", "email"):
        value = getattr(draft, name)
        if isinstance(value, str):
            setattr(draft, name, strip_leaders(value))
    if draft.kind == "individual" and draft.name:  # "Dang Thanh Thu Ngoc" read by OCR, "Đặng …" signed below
        better = [p for p in traces.spellings if fold(p) == fold(draft.name) and _accents(p) > _accents(draft.name)]
        if better:
            draft.name = max(better, key=_accents)
    if draft.form == "profile" and not draft.name and draft.model_title and draft.unit:
        draft.kind, draft.name = "collective", draft.unit  # a model nominated by its unit: the unit is the nominee
    if draft.form == "profile" and draft.kind == "individual" and not draft.name:
        named = {fold(o.name) for o in others if o.name}
        people = [p for p in traces.people if fold(p) not in named]
        if len(people) == 1:
            draft.name = people[0]  # the one person the mail talks about
        elif not people and not others and draft.unit and not traces.reply and (traces.about_unit or _unit_data(draft)):
            # no person is named anywhere: the profile is the unit's own (a collective's info sheet)
            draft.kind, draft.name = "collective", draft.unit
    # decided once the nominee's kind is known: a school nominated as a collective owns its letterhead's number
    own_letterhead = draft.kind == "collective" and draft.phone in traces.letterhead_phones
    if draft.phone and draft.phone in traces.not_nominee_phones and not own_letterhead:
        # the issuing unit's or the sender's number, never the nominee's; a lone labelled number elsewhere is
        free = [p for p in traces.labelled_phones if p not in {o.phone for o in others}]
        draft.phone = free[0] if len(free) == 1 and len(traces.labelled_phones) == 1 else None
