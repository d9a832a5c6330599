"""Which required items a record lacks.

The official letters list what a submission must contain (``domain.fields``);
a record missing any of them is flagged back to the sender. Keeping the check
apart from the extractors lets a reply that supplies items be re-checked after the
store merges it into the earlier record.
"""

from __future__ import annotations

from domain import RecordStatus, required_items
from extract.model import Draft
from extract.values import is_empty_value


def compute_missing(draft: Draft, required: tuple[str, ...] | None = None) -> list[str]:
    """The required items absent from ``draft``, in the order of ``required``."""
    required = required if required is not None else required_items(draft.form)
    missing = []
    for item in required:
        if item == "photo":
            if not draft.photos:
                missing.append(item)
        elif item == "evidence":
            if not draft.evidence:
                missing.append(item)
        else:
            value = getattr(draft, item, None)
            if value is None or (isinstance(value, str) and is_empty_value(value)):
                missing.append(item)
    return missing


def settle(draft: Draft, required: tuple[str, ...] | None = None) -> Draft:
    """Set ``missing``, ``review`` and ``status`` for the items ``required``.

    An absent item the submission holds a trace of (``draft.traces``) goes
    to ``review``, for a person: only what is proven absent is ``missing``,
    and so flagged. So does an item the service holds but could not settle
    (``draft.unsettled``: a value cut at its length limit, a picture named as
    the portrait that could not be decoded). ``status`` is complete iff nothing is missing (SPEC).
    """
    absent = compute_missing(draft, required)
    held = set(draft.traces) | set(draft.unsettled)
    draft.review = [item for item in absent if item in held]
    # a value kept only in part (cut at its length limit) is present, yet for a person to look at
    draft.review += [item for item in draft.unsettled if item not in draft.review and item not in absent]
    draft.missing = [item for item in absent if item not in held]
    draft.status = RecordStatus.INCOMPLETE if draft.missing else RecordStatus.COMPLETE
    return draft


def finalize(draft: Draft) -> Draft:
    """``settle`` with the items the Ministry's letter asks for."""
    return settle(draft)
