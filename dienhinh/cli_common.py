"""What every `dienhinh` command shares: its options (SPEC.md: --config, --json), loading the service, sending."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from config import ConfigError, load_settings
from store import Service, open_service

ConfigPath = Annotated[
    Optional[Path],
    typer.Option("--config", help="Config file (default: $DIENHINH_CONFIG, else ./dienhinh.toml).", show_default=False),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")]

def setup_logging(verbose: bool) -> None:
    from config import setup_logging as configure

    configure(verbose)
def open_service_or_exit(config: Path | None, verbose: bool = False) -> Service:
    setup_logging(verbose)
    try:
        return open_service(load_settings(config))
    except ConfigError as exc:
        typer.echo(f"dienhinh: config error: {exc}", err=True)
        raise typer.Exit(2) from None
def need_secrets(service: Service, mailboxes: list[str] | None = None, smtp: bool = True) -> None:
    """Exit 2 with one line on stderr when a secret the command needs cannot be read."""
    from config import check_secrets

    try:
        check_secrets(service.settings, mailboxes, smtp)
    except ConfigError as exc:
        typer.echo(f"dienhinh: config error: {exc}", err=True)
        raise typer.Exit(2) from None


def usage_error(command: str, text: str) -> None:
    """Exit 2 with one line on stderr (bad usage)."""
    typer.echo(f"dienhinh {command}: {text}", err=True)
    raise typer.Exit(2)


def send_outbox(service: Service):
    from pipeline import send_pending

    if service.settings.smtp is None:
        return None
    report = send_pending(service.engine, service.settings.smtp)
    for row_id, error in report.errors.items():
        typer.echo(f"outbox: mail {row_id}: {error}", err=True)
    return report
def delivered(report) -> bool:
    """No mail failed and none is left waiting for a retry."""
    return report is None or (report.ok and not report.deferred)
