"""The reviewers' daily digest.

* ``gather``: the day's records, flags, failures and campaign sections, of all mailboxes or one;
* ``failure_reasons``: a failed message's reason in Vietnamese, and who acts;
* ``send``: rendered per reviewer and queued in the outbox once a day.
"""

from digest.send import send_digests

__all__ = ["send_digests"]
