"""Records: nominee drafts become nomination records, in the caller's transaction.

* ``requirements``: which items a record must have (campaign, mailbox, letter);
* ``merge``: drafts of one nominee combined, same nominee or not;
* ``recording``: drafts linked to new or earlier records (threads,
  duplicates), records rebuilt and their ``missing`` recomputed;
* ``overrides`` / ``audit``: reviewers' corrections and decisions, kept
  apart from extraction so ``reparse`` keeps them, and their history;
* ``relink`` / ``decisions``: a reviewer's merge of two records or split of
  one, pinned per draft so ``reparse`` keeps it;
* ``shape``: the record's one shape (SPEC), for export, digest and views;
* ``export`` (``export_xlsx``): records written as JSON Lines, CSV or XLSX.
"""

from records.audit import audit_entries, write_audit
from records.export import write_csv, write_jsonl, write_xlsx
from records.export_xlsx import print_a4_landscape
from records.merge import adds_to, match_key, merge, same_nominee
from records.overrides import CorrectionError, clean_value, corrected_fields, set_override, set_review_state
from records.recording import Forgotten, Recorded, current_draft, drop_shells, forget_message, rebuild, record_drafts
from records.relink import RelinkError, merge_records, split_record
from records.requirements import Requirements
from records.shape import record_dicts, reply_record

__all__ = [
    "print_a4_landscape",
    "CorrectionError", "Forgotten", "Recorded", "RelinkError", "Requirements", "adds_to", "audit_entries",
    "clean_value", "corrected_fields", "current_draft", "drop_shells", "forget_message", "match_key", "merge",
    "merge_records", "rebuild", "record_dicts", "record_drafts", "reply_record", "same_nominee", "set_override",
    "set_review_state", "split_record", "write_audit", "write_csv", "write_jsonl", "write_xlsx",
]
