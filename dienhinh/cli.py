"""The ``dienhinh`` command (SPEC.md): worker, poll and the operator tools.

Exit status: 0 success, 1 the work ran but something failed (printed),
2 bad usage or bad config (one line naming the key). ``--json`` output goes
to stdout alone; logs go to stderr.

Length: just over 300 lines: one short function per SPEC command; the campaign,
web and account commands are in their own modules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from config import ConfigError
from dienhinh import views
from dienhinh.cli_campaigns import campaign_app
from dienhinh.cli_campaigns import report as campaign_report
from dienhinh.cli_common import (
    ConfigPath,
    JsonFlag,
    Verbose,
    delivered,
    need_secrets,
    open_service_or_exit,
    send_outbox,
    usage_error,
)
from dienhinh.cli_oauth import oauth_app
from dienhinh.cli_web import user_app
from dienhinh.cli_web import web as web_command

app = typer.Typer(
    help="dienhinh: nomination e-mails of the education sector → reviewed records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def worker(config: ConfigPath = None, verbose: Verbose = False) -> None:
    """Run forever: poll every mailbox on its interval, process, send mail, send the digest.

    Stops cleanly on SIGTERM/SIGINT after the message in hand.
    Example: dienhinh worker --config /etc/dienhinh/dienhinh.toml
    """
    from dienhinh.worker import run_worker

    service = open_service_or_exit(config, verbose)
    need_secrets(service)
    raise typer.Exit(run_worker(service))


@app.command()
def poll(
    mailbox: Annotated[Optional[list[str]], typer.Option("--mailbox", help="Only this mailbox (repeatable).")] = None,
    config: ConfigPath = None,
    json_out: JsonFlag = False,
    verbose: Verbose = False,
) -> None:
    """One full cycle now, then exit: fetch, archive, parse, record, send.

    Example: dienhinh poll --mailbox vutdkt
    """
    from pipeline import run_cycle

    service = open_service_or_exit(config, verbose)
    try:
        for name in mailbox or []:
            service.settings.mailbox(name)
    except ConfigError as exc:
        typer.echo(f"dienhinh: {exc}", err=True)
        raise typer.Exit(2) from None
    need_secrets(service, mailbox or None)
    result = run_cycle(service, mailbox or None)
    summary = views.cycle_summary(result)
    if json_out:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        views.print_cycle(summary)
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def messages(
    status: Annotated[Optional[str], typer.Option("--status", help="received, parsed, ignored, duplicate or failed.")] = None,
    mailbox: Annotated[Optional[str], typer.Option("--mailbox", help="Only this mailbox.")] = None,
    config: ConfigPath = None,
    json_out: JsonFlag = False,
) -> None:
    """List messages (JSON Lines with --json).

    Example: dienhinh messages --status failed --json
    """
    from domain import MessageStatus

    statuses = [s.value for s in MessageStatus]
    if status is not None and status not in statuses:
        usage_error("messages", f"--status must be one of {', '.join(statuses)}, not {status!r}")
    service = open_service_or_exit(config)
    if mailbox is not None:
        known = views.mailbox_names(service)
        if mailbox not in known:
            usage_error("messages", f"--mailbox must be one of {', '.join(known) or '(none configured)'}, not {mailbox!r}")
    rows = views.message_rows(service, status=status, mailbox=mailbox)
    if json_out:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    else:
        views.print_messages(rows)


@app.command()
def show(
    message_id: Annotated[int, typer.Argument(metavar="ID", help="Message id (see `dienhinh messages`).")],
    config: ConfigPath = None,
    json_out: JsonFlag = False,
) -> None:
    """One message: headers, attachments, what was extracted, why it failed.

    Example: dienhinh show 42
    """
    service = open_service_or_exit(config)
    detail = views.message_detail(service, message_id)
    if detail is None:
        typer.echo(f"dienhinh: no message with id {message_id}", err=True)
        raise typer.Exit(1)
    if json_out:
        typer.echo(json.dumps(detail, ensure_ascii=False, default=str))
    else:
        views.print_detail(detail)


def _not_yet(command: str) -> None:
    typer.echo(f"dienhinh {command}: not yet available in this version", err=True)
    raise typer.Exit(1)


@app.command()
def reparse(
    message_ids: Annotated[Optional[list[int]], typer.Argument(metavar="ID...", help="Message ids.")] = None,
    failed: Annotated[bool, typer.Option("--failed", help="Every failed message.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every message.")] = False,
    config: ConfigPath = None,
    verbose: Verbose = False,
) -> None:
    """Parse again from the archived raw message, replacing what it produced.

    Records, evidence and unsent mail of each message are rebuilt; every
    attempt stays in the history (`dienhinh show ID`). A progress bar is shown
    on a terminal, one line per message otherwise.
    Example: dienhinh reparse --failed
    """
    from pipeline import reparse_messages, select_messages, with_followers

    chosen = sum([bool(message_ids), failed, all_])
    if chosen != 1:
        typer.echo("dienhinh reparse: give message ids, or --failed, or --all (one of them)", err=True)
        raise typer.Exit(2)
    service = open_service_or_exit(config, verbose)
    ids, unknown = select_messages(service, message_ids or [], failed=failed, everything=all_)
    if unknown:
        typer.echo(f"dienhinh reparse: no message with id {', '.join(map(str, unknown))}", err=True)
        raise typer.Exit(1)
    ids = with_followers(service, ids)  # later messages whose state depends on these
    counts = reparse_messages(service, ids)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to reparse"
    typer.echo(f"reparsed {len(ids)} message(s): {summary}", err=True)
    raise typer.Exit(1 if counts.get("failed") else 0)


@app.command()
def export(
    format_: Annotated[str, typer.Option("--format", help="jsonl, csv or xlsx.")] = "jsonl",
    out: Annotated[Optional[Path], typer.Option("--out", help="Output file (default stdout; required for xlsx).")] = None,
    status: Annotated[Optional[str], typer.Option("--status", help="complete or incomplete.")] = None,
    config: ConfigPath = None,
) -> None:
    """The nomination records (SPEC record), JSON Lines by default.

    Example: dienhinh export --format xlsx --status incomplete --out thieu.xlsx
    """
    from records import record_dicts, write_csv, write_jsonl, write_xlsx

    if format_ not in ("jsonl", "csv", "xlsx"):
        typer.echo(f"dienhinh export: --format must be jsonl, csv or xlsx, not {format_!r}", err=True)
        raise typer.Exit(2)
    if status not in (None, "complete", "incomplete"):
        typer.echo(f"dienhinh export: --status must be complete or incomplete, not {status!r}", err=True)
        raise typer.Exit(2)
    if format_ == "xlsx" and out is None:
        typer.echo("dienhinh export: --format xlsx needs --out FILE", err=True)
        raise typer.Exit(2)
    service = open_service_or_exit(config)
    records = record_dicts(service, status=status)
    if format_ == "jsonl":
        if out is None:
            write_jsonl(records, sys.stdout)
        else:
            with open(out, "w", encoding="utf-8") as handle:
                write_jsonl(records, handle)
    else:
        writer = write_csv if format_ == "csv" else write_xlsx
        if out is None:
            writer(records, sys.stdout.buffer)
            sys.stdout.flush()
        else:
            with open(out, "wb") as handle:
                writer(records, handle)
    if out is not None:
        typer.echo(f"{len(records)} record(s) written to {out}", err=True)


@app.command()
def digest(
    date: Annotated[Optional[str], typer.Option("--date", help="YYYY-MM-DD (default today in the configured time zone).")] = None,
    preview: Annotated[bool, typer.Option("--preview", help="Print it, send nothing.")] = False,
    config: ConfigPath = None,
) -> None:
    """Build the reviewers' digest for a day and send it (once per reviewer and day).

    Example: dienhinh digest --date 2024-04-18 --preview
    """
    from datetime import date as date_type
    from datetime import datetime

    from digest import send_digests

    service = open_service_or_exit(config)
    try:
        day = date_type.fromisoformat(date) if date else datetime.now(service.zone).date()
    except ValueError:
        typer.echo(f"dienhinh digest: --date must be YYYY-MM-DD, not {date!r}", err=True)
        raise typer.Exit(2) from None
    if not preview and not (service.settings.digest.reviewers or any(m.reviewers for m in service.settings.mailboxes)):
        typer.echo("dienhinh digest: no reviewers configured ([digest] reviewers or [[mailboxes]] reviewers)", err=True)
        raise typer.Exit(2)
    if not preview:
        need_secrets(service, mailboxes=[])
    results = send_digests(service.engine, service.settings, day, preview=preview)
    if preview:
        for result in results:
            typer.echo(result.digest.text)
        raise typer.Exit(0)
    for result in results:
        state = "queued" if result.queued else "already sent or queued for this day"
        typer.echo(f"digest {day} for {result.reviewer}: {state}", err=True)
    report = send_outbox(service)
    raise typer.Exit(0 if delivered(report) else 1)


@app.command()
def outbox(
    requeue: Annotated[Optional[list[int]], typer.Option("--requeue", help="Queue a failed mail again (repeatable).")] = None,
    send: Annotated[bool, typer.Option("--send", help="Send what is queued now.")] = False,
    config: ConfigPath = None,
    json_out: JsonFlag = False,
) -> None:
    """Outgoing mail and its state (queued, sending, sent, failed with reason).

    Example: dienhinh outbox --json; dienhinh outbox --requeue 12 --send
    """
    from notifier import outbox_rows
    from notifier import requeue as requeue_rows

    service = open_service_or_exit(config)
    if send:
        need_secrets(service, mailboxes=[])
    missing = []
    if requeue:
        done = requeue_rows(service.engine, requeue)
        missing = sorted(set(requeue) - set(done))
        if missing:
            typer.echo(f"dienhinh outbox: not requeued (unknown or not failed): {', '.join(map(str, missing))}", err=True)
    report = send_outbox(service) if send else None
    rows = outbox_rows(service.engine)
    if json_out:
        typer.echo(json.dumps(rows, ensure_ascii=False, default=str))
    else:
        views.print_outbox(rows)
    raise typer.Exit(0 if delivered(report) and not missing else 1)


@app.command()
def stats(config: ConfigPath = None, json_out: JsonFlag = False) -> None:
    """Messages by status per mailbox, records, outbox, oldest unprocessed message, last polls.

    Example: dienhinh stats --json
    """
    from dienhinh.stats import collect, print_stats

    service = open_service_or_exit(config)
    data = collect(service)
    if json_out:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        print_stats(data)


app.add_typer(campaign_app, name="campaign")
app.add_typer(user_app, name="user")
app.add_typer(oauth_app, name="oauth")
app.command("web")(web_command)
app.command("report", help="A campaign's status per roster unit and batch (same as `dienhinh campaign report`).")(
    campaign_report
)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

