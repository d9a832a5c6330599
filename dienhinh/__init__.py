"""The application: the ``dienhinh`` command and the long-running worker.

* ``cli`` (``cli_campaigns``, ``cli_web``, ``cli_oauth``, ``cli_common``): the commands of SPEC.md;
* ``worker``: the scheduled loops (poll, process, send, digest, reminders);
* ``views`` / ``stats``: what the commands print (exports: ``records.write_*``);
* ``devservers``: the private Dovecot and SMTP servers of the demo and tests.
"""
