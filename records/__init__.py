"""Records: nominee drafts become nomination records, in the caller's transaction.

* ``requirements``: which items a record must have (campaign, mailbox, letter);
* ``merge``: drafts of one nominee combined, same nominee or not;
* ``recording``: drafts linked to new or earlier records (threads,
  duplicates), records rebuilt and their ``missing`` recomputed;
* ``shape``: the record's one shape (SPEC), for export, digest and views.
"""

from records.merge import adds_to, match_key, merge, same_nominee
from records.recording import Recorded, forget_message, rebuild, record_drafts
from records.requirements import Requirements
from records.shape import record_dicts, reply_record

__all__ = [
    "Recorded", "Requirements", "adds_to", "forget_message", "match_key", "merge", "rebuild", "record_dicts",
    "record_drafts", "reply_record", "same_nominee",
]
