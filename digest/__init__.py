"""The reviewers' daily digest.

* ``gather``: the day's records, flags, failures and campaign sections;
* ``send``: rendered per reviewer and queued in the outbox once a day.
"""

from digest.send import send_digests

__all__ = ["send_digests"]
