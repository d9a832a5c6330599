"""The stage runner: every stored message through the stages, every queued mail to SMTP.

In the order a message meets them:

* ``cycle``: one cycle: poll the mailboxes, process what is pending, send;
* ``queue``: claiming one row of a work queue (messages and mail alike);
* ``workers`` / ``claims`` / ``leases``: who holds which message, for how long;
* ``triage`` / ``batches``: the cheap path: new mail that is clearly not a
  submission (automatic, bulk, list, unrelated), decided from its header and
  text and recorded many messages to a transaction;
* ``runner``: runs the stages on a claimed message, parks failures with
  their reason and traceback; ``isolation``: a message a worker died
  holding runs again in a child process, to tell poison from a kill;
* ``stages``: the stages in order (parse, files, automatic mail, extract,
  records, reply), ``files``: attachment rows;
* ``delivery``: the outbox sent, at most once per mail;
* ``reparse``: messages run again from the archive.
"""

from pipeline.cycle import CycleResult, process_pending, run_cycle, send_outbox
from pipeline.delivery import send_pending
from pipeline.reparse import reparse_messages, select_messages, with_followers
from pipeline.runner import Outcome, process_claimable, process_message, process_messages
from pipeline.stages import handle_message
from pipeline.workers import worker_id

__all__ = [
    "CycleResult", "Outcome", "handle_message", "process_claimable", "process_message", "process_messages",
    "process_pending", "reparse_messages", "run_cycle", "select_messages", "send_outbox", "send_pending",
    "with_followers", "worker_id",
]
