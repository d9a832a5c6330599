"""How drafts from several messages combine into one record.

A record is derived state: the merge of the drafts of every message linked
to it, in arrival order. The first value given for a field stands; a later
message fills what is still empty (a reply sending the missing photo or
phone); evidence is the union; photos count what the nominee's photos
contributed, never doubling when a school re-sends the same dossier.
"""

from __future__ import annotations

from domain import DRAFT_TEXT_FIELDS as TEXT_FIELDS
from domain import fold
from extract import Draft, finalize, is_empty_value


def _present(value) -> bool:
    return value is not None and not (isinstance(value, str) and is_empty_value(value))


def match_key(draft: Draft) -> str | None:
    """Identity of a nominee across messages and mailboxes; None when the draft names nobody."""
    if draft.form == "registration":
        if not (draft.unit and draft.model_title):
            return None
        return f"registration|{fold(draft.unit)}|{fold(draft.model_title)}"
    if not _present(draft.name):
        return None
    return f"profile|{fold(draft.name)}"


def same_nominee(a: Draft, b: Draft) -> bool:
    """Same key, and units that do not contradict each other (either may be absent)."""
    key_a, key_b = match_key(a), match_key(b)
    if key_a is None or key_a != key_b:
        return False
    if a.form == "registration" or not (_present(a.unit) and _present(b.unit)):
        return True
    unit_a, unit_b = fold(a.unit), fold(b.unit)
    if not (unit_a in unit_b or unit_b in unit_a):
        return False
    # a unit nominated for two different models ("Giờ ra chơi tiếng Anh", then "Phân loại rác") is two nominations
    return not (_present(a.model_title) and _present(b.model_title) and fold(a.model_title) != fold(b.model_title))


def adds_to(record: Draft, draft: Draft) -> bool:
    """Whether merging ``draft`` would change ``record``."""
    merged = merge([record, draft])
    return merged.to_dict() != finalize(_copy(record)).to_dict()


def merge(drafts: list[Draft]) -> Draft:
    """Fold drafts (oldest first) into one record with ``missing``/``status`` set."""
    if not drafts:
        raise ValueError("nothing to merge")
    result = _copy(drafts[0])
    for draft in drafts[1:]:
        for name in TEXT_FIELDS:
            if not _present(getattr(result, name)) and _present(getattr(draft, name)):
                setattr(result, name, getattr(draft, name))
        if draft.kind == "collective" and result.kind != "collective" and not _present(drafts[0].name):
            result.kind = draft.kind
        result.photos = max(result.photos, draft.photos) if _same_photos(result, draft) else result.photos + draft.photos
        result.evidence = _union(result.evidence, draft.evidence)
        result.sources = _union(result.sources, draft.sources)
        result.traces = _union(result.traces, draft.traces)
        result.unsettled = _union(result.unsettled, draft.unsettled)
    return finalize(result)


def _same_photos(record: Draft, draft: Draft) -> bool:
    """A draft that names the nominee again is a re-sent dossier: its photos are the same ones."""
    return _present(draft.name)


def _union(first: list[str], second: list[str]) -> list[str]:
    seen = set(first)
    return list(first) + [item for item in second if not (item in seen or seen.add(item))]


def _copy(draft: Draft) -> Draft:
    return draft_from_dict(draft.to_dict())


def draft_from_dict(data: dict) -> Draft:
    fields = {k: data.get(k) for k in Draft().to_dict()}
    fields["evidence"] = list(fields.get("evidence") or [])
    fields["sources"] = list(fields.get("sources") or [])
    for name in ("missing", "review", "traces", "unsettled"):  # drafts stored before these existed have none
        fields[name] = list(fields.get(name) or [])
    fields["photos"] = int(fields.get("photos") or 0)
    return Draft(**fields)
