"""``dienhinh oauth login MAILBOX``: sign a Gmail or Microsoft 365 mailbox in once (``auth = "oauth2"``).

The provider's page is opened by the operator (the URL or the device code is
printed on stderr); the refresh token lands in the mailbox's
``oauth2_store``, readable only by the service user. ``smtp`` as MAILBOX
signs in ``[smtp]``; a mailbox and ``[smtp]`` on one account can share the
store, and then one login serves both.
"""

from __future__ import annotations

from typing import Annotated

import typer

from config import ConfigError
from dienhinh.cli_common import ConfigPath, Verbose, open_service_or_exit

oauth_app = typer.Typer(
    help="OAuth2 sign-in for Gmail and Microsoft 365 mailboxes (auth = \"oauth2\").",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str, code: int) -> None:
    typer.echo(f"dienhinh oauth: {message}", err=True)
    raise typer.Exit(code)


def _prompt(text: str) -> None:
    if text.startswith("http"):
        typer.echo("Open this address in a browser and sign in as the mailbox (from another machine: "
                   "ssh -L with the port in the redirect_uri):", err=True)
    typer.echo(text, err=True)


@oauth_app.command()
def login(
    mailbox: Annotated[str, typer.Argument(metavar="MAILBOX", help="A [[mailboxes]] name, or smtp.")],
    config: ConfigPath = None,
    verbose: Verbose = False,
) -> None:
    """Sign in with the provider and store the refresh token (mode 600).

    Example: dienhinh oauth login vuquang
    """
    from ingest import OAuth2Error, oauth_login

    service = open_service_or_exit(config, verbose)
    settings = service.settings
    if mailbox == "smtp":
        target, what = settings.smtp, "[smtp]"
        if target is None:
            _fail(f"{settings.source}: no [smtp] section", 2)
    else:
        target = next((m for m in settings.mailboxes if m.name == mailbox), None)
        what = f'mailbox "{mailbox}"'
        if target is None:
            known = ", ".join(m.name for m in settings.mailboxes)
            _fail(f"{settings.source}: no mailbox named {mailbox!r} (known: {known}, smtp)", 2)
    if target.auth != "oauth2":
        _fail(f"{settings.source}: {what} has auth = {target.auth!r}; set auth = \"oauth2\" and the oauth2_* keys", 2)
    try:
        oauth_login(target, what, _prompt)
    except ConfigError as exc:
        _fail(f"config error: {exc}", 2)
    except OAuth2Error as exc:
        _fail(str(exc), 1)
    typer.echo(f"{what}: refresh token stored in {target.oauth2_store} (mode 600)", err=True)
