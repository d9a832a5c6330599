"""The mail the service sends: replies to schools, the reviewers' digest, the outbox.

One module per step, in the order a mail goes through them:

* ``policy``: may this mail be answered automatically (RFC 3834), daily cap;
* ``respond``: decide flag or acknowledgement for a parsed submission;
* ``compose`` / ``render`` / ``wording``: the Vietnamese text, HTML and MIME form;
* ``digest`` / ``digest_data``: the reviewers' daily digest;
* ``outbox`` / ``retry``: queue in the caller's transaction, deliver at most once;
* ``smtp``: one message to the SMTP server, failures sorted temporary/permanent.
"""
