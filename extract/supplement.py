"""What a reply in a thread supplies, even when it names nobody.

A school answering a flag often sends just the missing piece: "Trường gửi bổ
sung ảnh chân dung" with a photo, or a phone number in the body. Such a mail
yields no profile of its own; this draft holds only the items it carries, and
the record stage merges it into the thread's record.
"""

from __future__ import annotations

from extract.attach import anchors_for, body_links
from extract.body import forwarded_subject, split_body
from extract.completeness import finalize
from extract.fields import entries_from_lines, entries_from_table, parse_label_line
from extract.model import Draft, Submission
from extract.person_names import person_names
from extract.profile import Group, build_draft
from extract.prose import name_mention
from extract.records import Partial, split_records
from extract.sources import ARTICLE, PROFILE, classify
from extract.text import fold
from extract.traces import find_traces


def _nominee_named(lines: list[str], sender_name: str) -> str | None:
    """The one person the reply's own text names, the sender aside."""
    text = "\n".join(lines)
    people = [n for n in dict.fromkeys([name_mention(text)] + person_names(text)) if n]
    people = [n for n in people if fold(n) != fold(sender_name)]
    return people[0] if len(people) == 1 else None


def extract_supplement(sub: Submission) -> Draft | None:
    """The items a reply carries, as a nameless draft; None when it carries nothing."""
    body = split_body(sub.body, sub.sender, forwarded_subject(sub.subject))
    sources = [classify(i, f) for i, f in enumerate(sub.files)]
    entries = entries_from_lines(body.lines)
    for table in body.tables:
        entries.extend(entries_from_table(table.rows))
    group = Group()
    for part in split_records(entries, "", "body"):
        if part.has_data():
            group.add(part, None)
    if not group.partials:
        group.add(Partial(values={}, role="body"), None)
    named = _nominee_named(body.lines, sub.sender_name)
    if named and not any(p.name for p in group.partials):
        # "bổ sung … của hồ sơ Nguyễn Bảo Dung": her picture is her photo; the record keeps its own name
        group.add(Partial(values={"name": named}, role="body"), None)
    evidence_lines = {i for i, line in enumerate(body.lines)
                      if (hit := parse_label_line(line)) and hit[0] in ("evidence", "photo")}
    links = body_links(body.lines, evidence_lines)
    draft = build_draft(group, 0, [group], [s for s in sources if s.role not in (PROFILE, ARTICLE)],
                        [anchors_for([], [])], body, links, sub)
    draft.name = None
    draft.unit = None  # the signature's unit is the sender's, already on the record
    if not (draft.photos or draft.evidence or any(
            getattr(draft, f) for f in ("achievement_summary", "address", "phone", "email", "model_title", "field"))):
        return None
    draft.traces = find_traces(sub, body, set(sub.recipients)).items_for(draft, [])
    return finalize(draft)
