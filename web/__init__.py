"""The reviewers' workbench (``dienhinh web``): review, correct and accept nominations in a browser.

In the order a request meets them:

* ``sessions`` / ``throttle`` / ``accounts``: signed session cookies and CSRF
  tokens, the delay after failed sign-ins, Argon2 accounts with roles and
  mailboxes;
* ``app``: the Starlette application, security headers, sign-in, 404 for
  anything outside an account's mailboxes;
* ``pages``: the pages and buttons; their data from ``queue`` (the review
  queue), ``record_view`` (a record beside its sources), ``actions``
  (corrections, decisions, supplement requests, reruns, requeues) and
  ``operations`` (failed mail, outbox, campaigns, exports);
* ``words``: the Vietnamese words; ``server``: uvicorn.
"""

from web.accounts import Account, AccountError, add_user, list_users, remove_user, set_password, verify_login
from web.app import create_app
from web.server import serve

__all__ = [
    "Account", "AccountError", "add_user", "create_app", "list_users", "remove_user", "serve", "set_password",
    "verify_login",
]
