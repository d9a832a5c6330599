"""IMAP polling: mail taken from the mailboxes and archived, nothing lost, nothing twice.

* ``polling``: every mailbox in turn, with reconnects;
* ``connection``: log in (password or XOAUTH2), quiet imaplib's trace;
* ``oauth2``: the refresh token kept on disk (0600), access tokens refreshed
  before they expire or after a refusal (IMAP here, SMTP in ``notifier``);
* ``oauth2_login``: ``dienhinh oauth login``, the provider's own sign-in flow;
* ``poller``: one folder: list, ``fetch_ahead``, archive, ``message_rows``
  commit, then the ``after_actions``; ``rescan`` on a UIDVALIDITY change;
* ``headers``: the summary of a message's header block;
* ``locks``: one poller per mailbox across workers.
"""

from ingest.oauth2 import AccessTokens, OAuth2Error, StoredToken, TokenStore, tokens_for
from ingest.oauth2_login import oauth_login
from ingest.poller import PollResult
from ingest.polling import poll_all, poll_mailbox

__all__ = ["AccessTokens", "OAuth2Error", "PollResult", "StoredToken", "TokenStore", "oauth_login", "poll_all",
           "poll_mailbox", "tokens_for"]
