"""The mail the service sends: replies to schools, reminders, the digest's envelope.

One module per step, in the order a mail goes through them:

* ``policy``: may this mail be answered automatically (RFC 3834), daily cap;
* ``respond``: decide flag or acknowledgement for a parsed submission;
* ``supplement``: a reviewer's request for a supplement, with their note;
* ``compose`` / ``render`` / ``wording``: the Vietnamese text, HTML and MIME form;
  ``bounds``: what a reply quotes is cut short and no mail passes 100 kB;
* ``outbox``: queue in the caller's transaction (``pipeline.delivery`` sends);
* ``retry`` / ``smtp``: one message to the SMTP server, failures sorted
  temporary/permanent.
"""

from notifier.compose import build_mime, message_id_domain
from notifier.outbox import outbox_rows, queue_mail, requeue, withdraw_unsent
from notifier.policy import day_start_utc, is_deliverable, under_daily_cap
from notifier.render import render_pair
from notifier.respond import queue_reply
from notifier.retry import RetryPolicy, SendReport
from notifier.smtp import DeliveryError, TemporaryFailure, send_message
from notifier.supplement import queue_supplement_request
from notifier.wording import NO_UNIT, ORGANISATION, flag_state_label, item, nominee_label

__all__ = [
    "DeliveryError", "NO_UNIT", "ORGANISATION", "RetryPolicy", "SendReport", "TemporaryFailure", "build_mime",
    "day_start_utc", "flag_state_label", "is_deliverable", "item", "message_id_domain", "nominee_label",
    "outbox_rows", "queue_mail", "queue_reply", "queue_supplement_request", "render_pair", "requeue", "send_message", "under_daily_cap",
    "withdraw_unsent",
]
