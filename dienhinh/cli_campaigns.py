"""``dienhinh campaign ...``: rosters, deadlines, reminders and the per-unit report.

Registered on the main command as ``app.add_typer(campaign_app, name="campaign")``.
Exit status as everywhere: 0 success, 1 the work ran but something failed
(printed), 2 bad usage or bad config (a missing or unreadable roster counts as
bad config: it names the campaign and the file).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from campaigns import RosterError
from config import ConfigError
from dienhinh.cli_common import ConfigPath, JsonFlag, delivered, open_service_or_exit, send_outbox

campaign_app = typer.Typer(
    help="Campaigns: expected units (rosters), batch deadlines, reminders and the status report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CampaignName = Annotated[str, typer.Argument(
    metavar="CAMPAIGN", help=escape("The campaign's name (see [[campaigns]] name)."))]  # Rich would read [...] as markup
DateOption = Annotated[Optional[str], typer.Option("--date", help="YYYY-MM-DD (default: today in the configured time zone).")]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"dienhinh campaign: {message}", err=True)
    raise typer.Exit(code)


def _day(service, value: str | None) -> date:
    if value is None:
        return datetime.now(service.zone).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"--date must be YYYY-MM-DD, not {value!r}")


def _campaign(service, name: str):
    from campaigns import find_campaign

    try:
        return find_campaign(service.settings, name)
    except ConfigError as exc:
        _fail(str(exc))


def _status(service, campaign, day: date):
    from campaigns import campaign_status

    try:
        return campaign_status(service.engine, service.settings, campaign, day)
    except RosterError as exc:
        _fail(f"campaign {campaign.name}: roster: {exc}")


@campaign_app.command("list")
def list_campaigns(config: ConfigPath = None, json_out: JsonFlag = False) -> None:
    """The configured campaigns, their batches and deadlines. Example: dienhinh campaign list"""
    service = open_service_or_exit(config)
    rows = [{"name": c.name, "title": c.title, "mailboxes": c.mailboxes, "start": c.start.isoformat(),
             "end": c.end.isoformat(), "remind": c.remind, "remind_days_before": c.remind_days_before,
             "batches": [{"name": b.name, "deadline": b.deadline.isoformat()} for b in c.batches],
             "roster": str(c.roster_path(service.settings.source))} for c in service.settings.campaigns]
    if json_out:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        batches = ", ".join(f"{b['name']} by {b['deadline']}" for b in row["batches"])
        typer.echo(f"{row['name']}: {row['title']} ({row['start']} to {row['end']}; {batches}; roster {row['roster']})")
    if not rows:
        typer.echo("no campaigns configured ([[campaigns]])")


@campaign_app.command()
def status(campaign: CampaignName, date_: DateOption = None, config: ConfigPath = None,
           json_out: JsonFlag = False) -> None:
    """Per batch: who has sent what, who has not, and senders not matched to the roster.

    Example: dienhinh campaign status tdkt-2024 --date 2024-04-21
    """
    from campaigns import list_aliases, print_status, status_dict

    service = open_service_or_exit(config)
    found = _campaign(service, campaign)
    data = status_dict(_status(service, found, _day(service, date_)), list_aliases(service.engine, found.name))
    if json_out:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        print_status(data)


@campaign_app.command()
def roster(campaign: CampaignName, config: ConfigPath = None, json_out: JsonFlag = False) -> None:
    """Check a campaign's roster file: the units read and the rows left out (exit 1 if any).

    Example: dienhinh campaign roster tdkt-2024
    """
    from campaigns import campaign_roster

    service = open_service_or_exit(config)
    found = _campaign(service, campaign)
    try:
        loaded = campaign_roster(service.settings, found)
    except RosterError as exc:
        _fail(f"campaign {found.name}: roster: {exc}")
    units = [{"line": u.line, "name": u.name, "emails": list(u.emails), "level": u.level, "district": u.district}
             for u in loaded.units]
    if json_out:
        typer.echo(json.dumps({"path": str(loaded.path), "units": units, "problems": loaded.problems},
                              ensure_ascii=False))
    else:
        for unit in units:
            extra = ", ".join(v for v in (unit["level"], unit["district"]) if v)
            typer.echo(f"{unit['line']:>4}  {unit['name']}{f' ({extra})' if extra else ''}: {'; '.join(unit['emails'])}")
        typer.echo(f"{len(units)} unit(s) from {loaded.path}", err=True)
        for problem in loaded.problems:
            typer.echo(f"left out: {problem}", err=True)
    raise typer.Exit(1 if loaded.problems else 0)


@campaign_app.command()
def alias(
    campaign: CampaignName,
    written: Annotated[str, typer.Argument(metavar="NAME_AS_WRITTEN", help="The unit name (or sender address) as it came in.")],
    unit: Annotated[str, typer.Argument(metavar="ROSTER_UNIT", help="The unit's name on the roster.")],
    config: ConfigPath = None,
) -> None:
    """Resolve an unmatched sender: NAME_AS_WRITTEN is ROSTER_UNIT from now on (stored in the database).

    Example: dienhinh campaign alias tdkt-2024 "THCS Ng. Du" "Trường THCS Nguyễn Du"
    """
    from campaigns import AliasError, campaign_roster, set_alias

    service = open_service_or_exit(config)
    found = _campaign(service, campaign)
    try:
        result = set_alias(service.engine, found.name, campaign_roster(service.settings, found), written, unit)
    except RosterError as exc:
        _fail(f"campaign {found.name}: roster: {exc}")
    except AliasError as exc:
        _fail(str(exc))
    before = f" (was '{result.replaced}')" if result.replaced else ""
    typer.echo(f"alias recorded: '{result.written}' is '{result.unit}' in campaign {found.name}{before}", err=True)


@campaign_app.command()
def unalias(
    campaign: CampaignName,
    written: Annotated[str, typer.Argument(metavar="NAME_AS_WRITTEN")],
    config: ConfigPath = None,
) -> None:
    """Forget an alias recorded with `campaign alias`. Example: dienhinh campaign unalias tdkt-2024 "THCS Ng. Du\""""
    from campaigns import remove_alias

    service = open_service_or_exit(config)
    found = _campaign(service, campaign)
    if not remove_alias(service.engine, found.name, written):
        _fail(f"no alias for '{written}' in campaign {found.name}", code=1)
    typer.echo(f"alias removed: '{written}'", err=True)


@campaign_app.command()
def remind(
    date_: DateOption = None,
    preview: Annotated[bool, typer.Option("--preview", help="Print the reminders, queue and send nothing.")] = False,
    only: Annotated[Optional[list[str]], typer.Option("--campaign", help="Only this campaign (repeatable).")] = None,
    config: ConfigPath = None,
) -> None:
    """Queue and send the reminders due on a day (once per unit and batch).

    Example: dienhinh campaign remind --date 2024-04-17 --preview
    """
    from campaigns import run_reminders

    service = open_service_or_exit(config)
    for name in only or []:
        _campaign(service, name)
    day = _day(service, date_)
    try:
        run = run_reminders(service.engine, service.settings, day, preview=preview, campaigns=only or None)
    except ConfigError as exc:
        _fail(str(exc))
    for reminder in run.reminders:
        if preview and reminder.state == "preview":
            typer.echo(f"To: {', '.join(reminder.recipients)}\nSubject: {reminder.subject}\n\n{reminder.text}\n")
        note = f" ({reminder.note})" if reminder.note else ""
        typer.echo(f"reminder {reminder.campaign} / {reminder.batch} / {reminder.unit}: {reminder.state}{note}", err=True)
    if run.errors:  # a roster that cannot be read: the config's problem, not a quiet day
        for error in run.errors:
            typer.echo(f"dienhinh campaign remind: {error}", err=True)
        raise typer.Exit(2)
    if not run.reminders:
        typer.echo(f"no reminders due on {day.isoformat()}", err=True)
    report = None if preview else send_outbox(service)
    raise typer.Exit(0 if not run.errors and delivered(report) else 1)


@campaign_app.command()
def report(
    campaign: CampaignName,
    format_: Annotated[str, typer.Option("--format", help="xlsx or csv.")] = "xlsx",
    out: Annotated[Optional[Path], typer.Option("--out", help="Output file (CSV may go to stdout; XLSX needs a file).")] = None,
    date_: DateOption = None,
    config: ConfigPath = None,
) -> None:
    """The campaign's status per roster unit and batch, for printing and forwarding.

    Example: dienhinh campaign report tdkt-2024 --format xlsx --out tinh-hinh.xlsx
    """
    from campaigns import write_report_csv as write_csv
    from campaigns import write_report_xlsx as write_xlsx

    if format_ not in ("xlsx", "csv"):
        _fail(f"--format must be xlsx or csv, not {format_!r}")
    if format_ == "xlsx" and out is None:
        _fail("--format xlsx needs --out FILE")
    service = open_service_or_exit(config)
    found = _campaign(service, campaign)
    state = _status(service, found, _day(service, date_))
    if format_ == "xlsx":
        def writer(status, handle):  # "lập lúc" on the configured zone's clock
            write_xlsx(status, handle, zone=service.settings.digest.timezone)
    else:
        writer = write_csv
    if out is None:
        writer(state, sys.stdout.buffer)
        sys.stdout.flush()
        return
    with open(out, "wb") as handle:
        writer(state, handle)
    typer.echo(f"{len(state.roster.units)} unit(s) x {len(state.batches)} batch(es) written to {out}", err=True)
