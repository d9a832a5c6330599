"""``dienhinh oauth login``: get a refresh token once, with the provider's own library, and store it.

Google (``google-auth-oauthlib``): the installed-app flow. A redirect
server listens on 127.0.0.1 (a free port); the operator opens the printed
URL in a browser, on the same machine or through ``ssh -L`` to it, signs in
as the mailbox and allows access; the browser comes back to the redirect
server with the code, exchanged for the tokens. Microsoft 365 (``msal``):
the device flow, for a server without a browser: the operator opens
https://microsoft.com/devicelogin anywhere and types the printed code.

Either way the refresh token is written to the mailbox's ``oauth2_store``
(mode 0600, see :mod:`ingest.oauth2`); the access token that came with it is
kept too, so the first poll needs no refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ingest.oauth2 import SCOPES, TOKEN_URIS, OAuth2Error, StoredToken, TokenStore

GOOGLE_AUTH_URI = "https://accounts.google.com/o/oauth2/auth"
MICROSOFT_AUTHORITY = "https://login.microsoftonline.com/common"
LOGIN_TIMEOUT = 600  # seconds the operator has to sign in


def login_google(client_id: str, client_secret: str | None, token_uri: str, auth_uri: str,
                 prompt: Callable[[str], None], timeout: int = LOGIN_TIMEOUT) -> StoredToken:
    from google_auth_oauthlib.flow import InstalledAppFlow

    client = {"installed": {"client_id": client_id, "client_secret": client_secret or "", "auth_uri": auth_uri,
                            "token_uri": token_uri, "redirect_uris": ["http://127.0.0.1"]}}
    flow = InstalledAppFlow.from_client_config(client, scopes=SCOPES["google"])
    flow.authorization_url = _announce(flow.authorization_url, prompt)
    credentials = flow.run_local_server(host="127.0.0.1", port=0, open_browser=False,
                                        authorization_prompt_message=None, timeout_seconds=timeout,
                                        access_type="offline", prompt="consent")
    if not credentials.refresh_token:
        raise OAuth2Error("Google sent no refresh token (access_type=offline was asked for); "
                          "remove the app's access in the account's security settings and log in again")
    expiry = credentials.expiry.replace(tzinfo=UTC).isoformat() if credentials.expiry else None
    return StoredToken(provider="google", client_id=client_id, refresh_token=credentials.refresh_token,
                       token_uri=token_uri, access_token=credentials.token, expires_at=expiry)


def _announce(authorization_url, prompt: Callable[[str], None]):
    """Wrap the flow's ``authorization_url`` so the URL goes to ``prompt`` (not to stdout by print)."""
    def wrapped(**kwargs):
        url, state = authorization_url(**kwargs)
        prompt(url)
        return url, state
    return wrapped


def login_microsoft(client_id: str, authority: str, token_uri: str, prompt: Callable[[str], None]) -> StoredToken:
    import msal

    app = msal.PublicClientApplication(client_id, authority=authority)
    scopes = [s for s in SCOPES["microsoft"] if s != "offline_access"]  # msal adds it itself
    flow = app.initiate_device_flow(scopes=scopes)
    if "user_code" not in flow:
        raise OAuth2Error(f"Microsoft refused the device flow: {flow.get('error_description') or flow}")
    prompt(flow["message"])
    result = app.acquire_token_by_device_flow(flow)
    if "refresh_token" not in result:
        raise OAuth2Error(f"Microsoft sign-in failed: {result.get('error_description') or result.get('error')}")
    expires = datetime.now(UTC) + timedelta(seconds=int(result.get("expires_in", 3600)))
    return StoredToken(provider="microsoft", client_id=client_id, refresh_token=result["refresh_token"],
                       token_uri=token_uri, access_token=result.get("access_token"), expires_at=expires.isoformat())


def oauth_login(config, what: str, prompt: Callable[[str], None]) -> StoredToken:
    """Sign in for a mailbox or ``[smtp]`` with ``auth = "oauth2"`` and store its tokens; returns them."""
    if getattr(config, "auth", None) != "oauth2":
        raise OAuth2Error(f"{what}: auth is not 'oauth2'")
    secret = config.oauth2_client_secret
    token_uri = config.oauth2_token_uri or TOKEN_URIS[config.oauth2_provider]
    if config.oauth2_provider == "google":
        token = login_google(config.oauth2_client_id, secret.read(f"{what} oauth2 client secret") if secret else None,
                             token_uri, config.oauth2_auth_uri or GOOGLE_AUTH_URI, prompt)
    else:
        authority = config.oauth2_auth_uri or MICROSOFT_AUTHORITY
        token = login_microsoft(config.oauth2_client_id, authority, token_uri, prompt)
    TokenStore(config.oauth2_store).save(token)
    return token
