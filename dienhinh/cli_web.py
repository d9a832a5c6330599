"""``dienhinh web`` and ``dienhinh user ...``: the reviewers' workbench and its accounts.

Passwords are read from a prompt (typed twice, not echoed) or, when standard
input is not a terminal, from its first line; never from an argument, so
they never show in ``ps`` or a shell history.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer

from config import ConfigError
from dienhinh.cli_common import ConfigPath, JsonFlag, Verbose, open_service_or_exit
from domain import Role

user_app = typer.Typer(
    help="Workbench accounts: add, change a password, remove, list.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
UserName = Annotated[str, typer.Argument(metavar="NAME", help="The account's sign-in name.")]


def _fail(message: str, code: int) -> None:
    typer.echo(f"dienhinh user: {message}", err=True)
    raise typer.Exit(code)


def _read_password() -> str:
    if sys.stdin.isatty():
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        _fail("no password on standard input", 2)
    return line.rstrip("\r\n")


def web(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (behind a reverse proxy).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8080,
    config: ConfigPath = None,
    verbose: Verbose = False,
) -> None:
    """Serve the reviewers' workbench over HTTP until SIGTERM or Ctrl-C.

    Example: dienhinh web --host 127.0.0.1 --port 8080
    """
    from web import serve

    service = open_service_or_exit(config, verbose)
    try:
        serve(service, host=host, port=port)
    except ConfigError as exc:
        typer.echo(f"dienhinh: config error: {exc}", err=True)
        raise typer.Exit(2) from None


@user_app.command()
def add(
    name: UserName,
    role: Annotated[str, typer.Option("--role", help="reviewer or admin.")] = "reviewer",
    mailbox: Annotated[Optional[list[str]], typer.Option("--mailbox", help="A mailbox this reviewer sees (repeatable).")] = None,
    config: ConfigPath = None,
) -> None:
    """Add an account; the password is read from a prompt or standard input.

    Example: echo 'a long passphrase' | dienhinh user add lan --mailbox vuquang
    """
    from web import AccountError, add_user

    if role not in (Role.REVIEWER, Role.ADMIN):
        _fail(f"--role must be reviewer or admin, not {role!r}", 2)
    service = open_service_or_exit(config)
    known = {m.name for m in service.settings.mailboxes}
    unknown = sorted(set(mailbox or []) - known)
    if unknown:
        _fail(f"no mailbox named {', '.join(unknown)} in the config", 2)
    if role == Role.REVIEWER and not mailbox:
        _fail("a reviewer needs at least one --mailbox (an admin sees all)", 2)
    try:
        add_user(service.engine, name, _read_password(), Role(role), list(mailbox or []))
    except AccountError as exc:
        _fail(str(exc), 1)
    typer.echo(f"account {name} added ({role})", err=True)


@user_app.command()
def passwd(name: UserName, config: ConfigPath = None) -> None:
    """Set a new password (signs the account out everywhere). Example: dienhinh user passwd lan"""
    from web import AccountError, set_password

    service = open_service_or_exit(config)
    try:
        set_password(service.engine, name, _read_password())
    except AccountError as exc:
        _fail(str(exc), 1)
    typer.echo(f"password of {name} changed", err=True)


@user_app.command()
def remove(name: UserName, config: ConfigPath = None) -> None:
    """Remove an account. Example: dienhinh user remove lan"""
    from web import AccountError, remove_user

    service = open_service_or_exit(config)
    try:
        remove_user(service.engine, name)
    except AccountError as exc:
        _fail(str(exc), 1)
    typer.echo(f"account {name} removed", err=True)


@user_app.command("list")
def list_accounts(config: ConfigPath = None, json_out: JsonFlag = False) -> None:
    """The accounts, their roles and mailboxes. Example: dienhinh user list --json"""
    from web import list_users

    rows = list_users(open_service_or_exit(config).engine)
    if json_out:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        typer.echo(f"{row['name']}\t{row['role']}\t{', '.join(row['mailboxes']) or '(all mailboxes)'}")
    if not rows:
        typer.echo("no accounts yet (dienhinh user add NAME)")
