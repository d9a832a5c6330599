"""What ``dienhinh campaign status`` shows: a plain dict for ``--json``, text for operators.

Operator output is English like the rest of the command; unit names and
batch names are shown as written (Vietnamese).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from campaigns.status import CampaignStatus

console = Console()


def status_dict(status: CampaignStatus, aliases: list | None = None) -> dict:
    return {
        "campaign": status.campaign.name,
        "title": status.campaign.title,
        "as_of": status.as_of.isoformat(),
        "roster": {"path": str(status.roster.path), "units": len(status.roster.units),
                   "problems": list(status.roster.problems)},
        "batches": [
            {
                "name": b.batch.name, "deadline": b.batch.deadline.isoformat(), "days_left": b.days_left,
                "passed": b.passed, "submitted": b.submitted, "complete": b.count("complete"),
                "incomplete": b.count("incomplete"), "not_submitted": b.count("not_submitted"),
                "unreadable": b.count("unreadable"),
                "units": [
                    {"unit": u.unit.name, "state": u.state, "no_address": u.unit.no_address,
                     "unreadable_messages": [m.message_id for m in u.unreadable],
                     "submitted_on": u.submitted_on.isoformat() if u.submitted_on else None,
                     "records": u.records, "missing": u.missing, "late": u.late, "matched_by": u.matched_by,
                     "confidence": round(u.confidence, 3) if u.submissions else None,
                     "nominations": [s.nomination_id for s in u.submissions]}
                    for u in b.units
                ],
            }
            for b in status.batches
        ],
        "unmatched": [
            {"written": u.written, "sender": u.sender, "first_day": u.first_day.isoformat(), "batch": u.batch,
             "records": u.records, "message_ids": u.message_ids, "suggestion": u.suggestion,
             "confidence": round(u.confidence, 3)}
            for u in status.unmatched
        ],
        "aliases": [{"written": a.written, "unit": a.unit} for a in aliases or []],
    }


def print_status(data: dict) -> None:
    console.print(f"[bold]{data['campaign']}[/bold]: {data['title']} (as of {data['as_of']})", highlight=False)
    for batch in data["batches"]:
        when = (f"{batch['days_left']} day(s) left" if not batch["passed"]
                else "deadline passed")
        console.print(f"\n[bold]{batch['name']}[/bold], deadline {batch['deadline']} ({when}): "
                      f"{batch['submitted']} submitted ({batch['complete']} complete, {batch['incomplete']} incomplete), "
                      f"{batch['not_submitted']} not yet, {batch['unreadable']} received but unreadable", highlight=False)
        table = Table(show_lines=False)
        for column in ("unit", "state", "submitted", "records", "missing", "late", "matched by"):
            table.add_column(column, overflow="fold")
        for u in batch["units"]:
            matched = u["matched_by"] or ""
            if u["matched_by"] == "name":
                matched += f" {u['confidence']:.0%}"
            table.add_row(u["unit"] + (" (no address: cannot be reminded)" if u["no_address"] else ""), u["state"], u["submitted_on"] or "", str(u["records"] or ""),
                          ", ".join(u["missing"]), "late" if u["late"] else "", matched)
        console.print(table)
    if data["unmatched"]:
        console.print("\n[bold]Not matched to a roster unit[/bold] (resolve with: dienhinh campaign alias "
                      f"{data['campaign']} \"NAME AS WRITTEN\" \"ROSTER UNIT\")", highlight=False)
        for u in data["unmatched"]:
            guess = f"; closest: {u['suggestion']} ({u['confidence']:.0%})" if u["suggestion"] else ""
            console.print(f"  '{u['written']}' from {u['sender'] or 'unknown'} on {u['first_day']}, "
                          f"{u['records']} record(s), messages {u['message_ids']}{guess}", markup=False)
    if data["aliases"]:
        console.print("\n[bold]Aliases[/bold]")
        for a in data["aliases"]:
            console.print(f"  '{a['written']}' → {a['unit']}", markup=False)
    for problem in data["roster"]["problems"]:
        console.print(f"roster row left out: {problem}", markup=False, highlight=False)
