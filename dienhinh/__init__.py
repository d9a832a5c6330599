"""The application: the ``dienhinh`` command and the long-running worker.

* ``cli`` (``cli_campaigns``, ``cli_common``): the commands of SPEC.md;
* ``worker``: the scheduled loops (poll, process, send, digest, reminders);
* ``views`` / ``export`` (``export_xlsx``) / ``stats``: what the commands print and write;
* ``devservers``: the private Dovecot and SMTP servers of the demo and tests.
"""
