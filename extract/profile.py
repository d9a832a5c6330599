"""Profile records: one per nominee, from every part of one mail.

The data of one nominee may be spread over an info sheet, an article and
the mail body; one mail may also carry several nominees. Partial records
from every source are grouped by the nominee's name, merged (forms before
the body before prose), and completed with the photos and evidence that
belong to that nominee. Unit falls back from the document to its
letterhead, to the body's "<Trường ...> gửi ..." sentence, to the signature.
"""

from __future__ import annotations

from domain import DRAFT_TEXT_FIELDS
from extract.attach import anchors_for, body_links, photos_and_evidence
from extract.body import (
    Body,
    document_unit,
    forwarded_subject,
    intro_unit,
    mentioned_unit,
    quoted_unit,
    signature_unit,
    split_body,
)
from extract.fields import entries_from_lines, entries_from_table, only_told, parse_label_line
from extract.files import fold_name
from extract.model import Draft, Submission
from extract.prose import achievement_paragraphs, infer_field, name_mention
from extract.records import Partial, clean_name, is_school, looks_collective, split_records
from extract.sources import ARTICLE, PROFILE, SourceFile, classify

PRIORITY = {"profile": 0, "body": 1, "article": 2}


class Group:
    """The partial records and source files of one nominee."""

    def __init__(self) -> None:
        self.partials: list[Partial] = []
        self.sources: list[SourceFile] = []

    def add(self, partial: Partial, src: SourceFile | None) -> None:
        self.partials.append(partial)
        if src is not None and src not in self.sources:
            self.sources.append(src)

    def ordered(self) -> list[Partial]:
        return sorted(self.partials, key=lambda p: PRIORITY.get(p.role, 3))

    def value(self, key: str) -> str | None:
        for p in self.ordered():
            if p.values.get(key):
                return p.values[key]
        return None

    @property
    def name(self) -> str | None:
        return self.value("name")


def same_name(a: str | None, b: str | None) -> bool:
    fa, fb = fold_name(a or ""), fold_name(b or "")
    if not fa or not fb:
        return False
    return fa == fb or (len(fa.split()) >= 2 and len(fb.split()) >= 2 and (fa.endswith(fb) or fb.endswith(fa)))


def group_partials(items: list[tuple[Partial, SourceFile | None]], sender: str = "",
                   signed: bool = False) -> list[Group]:
    """Partials grouped by nominee name; nameless ones join the only nominee or their file's.

    A lone phone or e-mail typed in the body beside a named profile is taken
    for the sender's, unless the sender signed off below it (``signed``) and
    the address is not the From address.
    """
    groups: list[Group] = []
    nameless: list[tuple[Partial, SourceFile | None]] = []
    for part, src in items:
        if not part.name:
            nameless.append((part, src))
            continue
        g = next((g for g in groups if same_name(g.name, part.name)), None)
        if g is None:
            g = Group()
            groups.append(g)
        g.add(part, src)
    named = bool(groups)
    if nameless and not groups:
        groups.append(Group())
    # a school nominated as a collective writes its own contacts in the body, from its own mailbox
    collective = len(groups) == 1 and looks_collective(groups[0].name)
    for part, src in nameless:
        own_mailbox = collective and sender and part.values.get("email", "").lower() == sender.lower()
        if src is None and named and not own_mailbox and set(part.values) <= {"phone", "email", "unit"} and not (
                signed and part.values.get("email", "").lower() != sender.lower()):
            continue  # a lone phone/e-mail in the body beside a profile is the sender's, not the nominee's
        # several nominees: a nameless piece joins the one from the same file, else it is dropped
        target = groups[0] if len(groups) == 1 else next(
            (g for g in groups if src is not None and src in g.sources), None)
        if target is not None and (part.has_data() or part.links):
            target.add(part, src)
    return [g for g in groups if any(p.has_data() for p in g.partials)]


def attach_articles(groups: list[Group], articles: list[SourceFile]) -> None:
    for src in articles:
        part = src.partials[0]
        text = fold_name(src.file.document.text if src.file.document else "")
        hits = [g for g in groups if g.name and fold_name(g.name) in text]
        if len(hits) == 1 or (not hits and len(groups) == 1):
            (hits or groups)[0].add(part, src)
        elif not groups and part.has_data():
            g = Group()
            g.add(part, src)
            groups.append(g)


def letterhead_unit(sources: list[SourceFile]) -> str | None:
    """The issuing unit printed in the letterhead of the nominee's own form."""
    for src in sources:
        if src.role == PROFILE and src.file.document is not None:
            unit = document_unit(src.file.document)
            if unit:
                return unit
    return None


def prose_summary(group: Group, body: Body) -> str | None:
    """Achievements written as sentences in the nominee's own documents or the mail body (no label)."""
    texts: list[str] = []
    for src in group.sources:
        if src.role == PROFILE and src.file.document is not None:
            texts.extend(p.text for p in src.file.document.paragraphs if p.text and parse_label_line(p.text) is None)
    if any(p.role == "body" for p in group.partials):
        texts.extend(line for line in body.lines if parse_label_line(line) is None)
    return achievement_paragraphs(texts)


def _text_unit(group: Group) -> str | None:
    """The unit an article about the nominee names in its text, when nothing else says it."""
    for src in group.sources:
        if src.role in (PROFILE, ARTICLE) and src.file.document is not None:
            unit = mentioned_unit([p.text for p in src.file.document.paragraphs[:12]])
            if unit:
                return unit
    return None


def _kind(group: Group) -> str:
    if any(p.collective for p in group.partials if p.values.get("name")):
        return "collective"
    return "collective" if looks_collective(group.name) else "individual"


def build_draft(group: Group, gi: int, groups: list[Group], sources: list[SourceFile], anchors: list[dict],
                body: Body, links: list[tuple[str, str]], sub: Submission) -> Draft:
    d = Draft(form="profile")
    for key in DRAFT_TEXT_FIELDS:
        setattr(d, key, group.value(key))
    d.kind = _kind(group)
    if not d.achievement_summary and not any(p.summary_settled for p in group.partials):
        d.achievement_summary = prose_summary(group, body)  # a report's own empty section II stays empty
    if d.kind == "collective" and d.name:
        d.name = clean_name(d.name, collective=True)
    if not d.unit:
        own = d.name if d.kind == "collective" else None
        d.unit = (own if is_school(own) else None) or letterhead_unit(group.sources) or intro_unit(body) \
            or sub.signature_unit or signature_unit(body) or own or quoted_unit(body) or _text_unit(group) \
            or mentioned_unit(body.lines)
    if not d.field and d.model_title:
        d.field = infer_field(d.model_title)
    names = [n for n in [d.name] + [p.name for p in group.partials] if n]
    noted = len(d.notes)
    d.photos, evidence = photos_and_evidence(gi, groups, sources, anchors, names, group.sources, d.notes)
    if len(d.notes) > noted and not d.photos:  # a portrait was sent but could not be read: for a person
        d.unsettled.append("photo")
    for part in group.ordered():
        evidence.extend(part.links)
    for src in group.sources:  # file-host links written inside the nominee's own documents
        if src.file.document is not None:
            evidence.extend(u for u, _ in body_links(src.file.document.text.split("\n"), set()))
    for url, line in links:  # links in the mail body go to the nominee named on that line, else to all
        who = [i for i, g in enumerate(groups) if g.name and fold_name(g.name) in fold_name(line)]
        if not who or gi in who:
            evidence.append(url)
    d.evidence = list(dict.fromkeys(evidence))
    d.sources = [s.file.name for s in group.sources if s.role in (PROFILE, ARTICLE)]
    return d


def extract_profiles(sub: Submission) -> list[Draft]:
    """Profile drafts for every nominee found in the mail (empty when none is found)."""
    body = split_body(sub.body, sub.sender, forwarded_subject(sub.subject))
    sources = [classify(i, f) for i, f in enumerate(sub.files)]
    items: list[tuple[Partial, SourceFile | None]] = []
    for src in sources:
        if src.role == PROFILE:
            items.extend((p, src) for p in src.partials)
    body_entries = only_told(entries_from_lines(body.lines), achievement_paragraphs(body.lines) is not None)
    for table in body.tables:
        body_entries.extend(entries_from_table(table.rows))
    body_parts = split_records(body_entries, "", "body")
    items.extend((p, None) for p in body_parts if p.has_data())
    signed = bool(body.signature)  # the sender signed off below: contact lines above are the content's
    groups = group_partials(items, sub.sender, signed)
    attach_articles(groups, [s for s in sources if s.role == ARTICLE])
    if not groups:
        # a reply that only supplies items: "... hồ sơ của cô Vũ Hải Trang: Ảnh gửi kèm"
        mention = name_mention("\n".join(body.lines))
        if mention and (body_parts or any(s.role not in (PROFILE, ARTICLE) for s in sources)):
            g = Group()
            g.add(Partial(values={"name": mention}, role="body"), None)
            for p in body_parts:
                g.add(p, None)
            groups.append(g)
    if not groups:
        return []
    for g in groups:
        if not g.name and (mention := name_mention("\n".join(body.lines))):
            g.add(Partial(values={"name": mention}, role="body"), None)
    # links in the sender's own text (not the signature, not the quoted thread)
    evidence_lines = {i for i, line in enumerate(body.lines)
                      if (hit := parse_label_line(line)) and hit[0] in ("evidence", "photo")}
    links = body_links(body.lines, evidence_lines)
    anchors = [anchors_for(g.sources, [g.name] if g.name else []) for g in groups]
    drafts = [build_draft(g, i, groups, sources, anchors, body, links, sub) for i, g in enumerate(groups)]
    return drafts

