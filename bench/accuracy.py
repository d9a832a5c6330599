"""Extraction accuracy of the real pipeline on a folder of .eml + ground-truth .json.

    .venv/bin/python bench/accuracy.py ../shared/corpus [--verbose]
    .venv/bin/python bench/accuracy.py --generate SEED [--count N]   # a generated set (tests/mailgen)

Seeds: 1-99 are for development; seed 9001 is the held-out set, run only to
report (never look at its messages while changing the extractor).

A private Dovecot (one account per mailbox) and SMTP server are started on
127.0.0.1; messages are delivered one at a time in file order and a full
`poll` cycle runs after each, so every message's records are compared in the
state they had right after it arrived (a reply is compared as the merged
record). Prints record precision/recall, per-field accuracy, status and flag
decisions, flag precision and recall, and the same per layout class when the
truth names one (generated sets do). The truth schema is the corpus README's.
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from email.parser import BytesHeaderParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select  # noqa: E402

from config import load_settings  # noqa: E402
from dienhinh.devservers.dovecot import DovecotServer  # noqa: E402
from dienhinh.devservers.smtp import SmtpServer  # noqa: E402
from domain import fold  # noqa: E402
from pipeline import run_cycle  # noqa: E402
from records import record_dicts  # noqa: E402
from store import (  # noqa: E402
    Message,
    NominationMessage,
    OutgoingMail,
    open_service,  # noqa: E402
    session,  # noqa: E402
)

FIELDS = ("form", "kind", "unit", "name", "model_title", "field", "achievement_summary", "address", "phone",
          "email", "photos", "evidence", "missing", "status")
NOT_SUBMISSIONS = ("auto_reply", "bounce", "unrelated")


def norm(value) -> str:
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()


def summary_ok(ours: str | None, truth: str | None, keywords: list[str]) -> bool:
    if not truth:
        return not ours
    if not ours:
        return False
    ratio = difflib.SequenceMatcher(None, norm(ours), norm(truth)).ratio()
    return ratio >= 0.8 and all(fold(k) in fold(ours) for k in keywords)


def field_ok(name: str, ours: dict, truth: dict) -> bool:
    if name == "achievement_summary":
        return summary_ok(ours.get(name), truth.get(name), truth.get("achievement_keywords") or [])
    if name in ("evidence", "missing"):
        return sorted(ours.get(name) or []) == sorted(truth.get(name) or [])
    if name == "photos":
        return int(ours.get(name) or 0) == int(truth.get(name) or 0)
    return norm(ours.get(name)) == norm(truth.get(name))


def pair_records(ours: list[dict], truth: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy best pairing by number of agreeing fields (name and unit weigh most)."""
    pairs, left = [], list(ours)
    for t in truth:
        if not left:
            break
        scored = [(sum(field_ok(f, o, t) for f in FIELDS) + 5 * field_ok("name", o, t) + 3 * field_ok("model_title", o, t), i)
                  for i, o in enumerate(left)]
        best, index = max(scored)
        if best >= 8:
            pairs.append((left.pop(index), t))
    return pairs


def mailbox_of(raw: bytes, truth: dict) -> str:
    if truth.get("mailbox"):
        return truth["mailbox"]
    delivered = BytesHeaderParser().parsebytes(raw).get("Delivered-To", "inbox@local")
    return delivered.split("@")[0].strip("<> ").replace(".", "-") or "inbox"


def write_config(root: Path, dovecot: DovecotServer, smtp: SmtpServer, mailboxes: list[str]) -> Path:
    lines = ['[database]\nurl = "sqlite:///dienhinh.db"\n', '[storage]\ndir = "archive"\n']
    for name in mailboxes:
        (root / f"{name}.pw").write_text(f"pw-{name}")
        lines.append(f'[[mailboxes]]\nname = "{name}"\nhost = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "none"\n'
                     f'username = "{name}"\npassword_file = "{root / (name + ".pw")}"\nafter = "keep"\n')
    lines.append(f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
                 'from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"\ndaily_cap_per_sender = 50\n')
    lines.append('[digest]\nreviewers = ["reviewer@moet.gov.vn"]\n')
    path = root / "dienhinh.toml"
    path.write_text("\n".join(lines))
    return path


def run(corpus: Path, verbose: bool) -> int:
    items = []
    for eml in sorted(corpus.glob("*.eml")):
        truth_path = eml.with_suffix(".json")
        truth = json.loads(truth_path.read_text()) if truth_path.exists() else {}
        items.append((eml, eml.read_bytes(), truth))
    mailboxes = sorted({mailbox_of(raw, truth) for _, raw, truth in items})
    root = Path(tempfile.mkdtemp(prefix="dienhinh-accuracy-"))
    root.chmod(0o755)
    results = []
    started = time.monotonic()
    try:
        dovecot = DovecotServer(root / "dovecot")
        (root / "dovecot").mkdir()
        for name in mailboxes:
            dovecot.add_user(name, f"pw-{name}")
        with dovecot, SmtpServer() as smtp:
            service = open_service(load_settings(write_config(root, dovecot, smtp, mailboxes)))
            for eml, raw, truth in items:
                dovecot.append(mailbox_of(raw, truth), [raw])
                run_cycle(service, attempts=1)
                results.append((eml.name, truth, snapshot(service)))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return report(results, verbose, time.monotonic() - started)


def snapshot(service) -> dict:
    """The newest message: its status, the records it fed, whether a flag was queued."""
    with session(service.engine) as db:
        message = db.exec(select(Message).order_by(Message.id.desc())).first()
        fed = db.exec(select(NominationMessage.nomination_id).where(
            NominationMessage.message_id == message.id, NominationMessage.draft_index.is_not(None))).all()
        mails = db.exec(select(OutgoingMail.kind).where(OutgoingMail.message_id == message.id)).all()
    records = record_dicts(service, ids=list(fed)) if message.status == "parsed" else []
    return {"status": message.status, "reason": message.reason, "records": records, "mails": list(mails)}


class Tally:
    """Counts for one slice of the set (all messages, or one layout class)."""

    def __init__(self) -> None:
        self.messages = self.ours = self.truth = self.matched = self.field_total = 0
        self.field_hits = {f: 0 for f in FIELDS}
        self.status_ok = self.flag_ok = self.flags_sent = self.flags_right = self.flags_expected = 0
        self.items_flagged = self.items_right = 0
        self.replies_to_non_submissions = 0

    def line(self) -> str:
        precision = self.matched / self.ours if self.ours else 1.0
        recall = self.matched / self.truth if self.truth else 1.0
        fields = sum(self.field_hits.values()) / (self.field_total * len(FIELDS)) if self.field_total else 1.0
        return (f"msgs {self.messages:4d}  records P {precision:.3f} R {recall:.3f}  fields {fields:.3f}  "
                f"flags P {self.flag_precision():.3f} R {self.flag_recall():.3f}  items P {self.item_precision():.3f}")

    def flag_precision(self) -> float:
        return self.flags_right / self.flags_sent if self.flags_sent else 1.0

    def flag_recall(self) -> float:
        return self.flags_right / self.flags_expected if self.flags_expected else 1.0

    def item_precision(self) -> float:
        return self.items_right / self.items_flagged if self.items_flagged else 1.0


def _expected_status(truth: dict) -> str | None:
    if truth.get("category") in NOT_SUBMISSIONS:
        return "ignored"
    if truth.get("category") in ("submission", "reply_completion"):
        return "parsed"
    return {"malformed": "failed", "duplicate": "duplicate"}.get(truth.get("category"))


def _count(tally: Tally, name: str, truth: dict, got: dict, verbose: bool, problems: list[str]) -> None:
    truth_records = truth.get("records") or []
    pairs = pair_records(got["records"], truth_records)
    tally.messages += 1
    tally.ours += len(got["records"])
    tally.truth += len(truth_records)
    tally.matched += len(pairs)
    for ours, t in pairs:
        tally.field_total += 1
        for f in FIELDS:
            if field_ok(f, ours, t):
                tally.field_hits[f] += 1
            elif verbose:
                problems.append(f"{name} {f}: ours={ours.get(f)!r} truth={t.get(f)!r}")
        if "flag" in got["mails"]:  # every item a flag names must be missing in truth
            tally.items_flagged += len(ours.get("missing") or [])
            tally.items_right += len(set(ours.get("missing") or []) & set(t.get("missing") or []))
    expected = _expected_status(truth)
    tally.status_ok += got["status"] == expected
    if got["status"] != expected or len(pairs) != max(len(truth_records), len(got["records"])):
        problems.append(f"{name} [{truth.get('category')}/{truth.get('case')}/{truth.get('layout', '-')}]: "
                        f"status={got['status']} (want {expected}) records={len(got['records'])}/{len(truth_records)} "
                        f"reason={got['reason']}")
    flagged, want = "flag" in got["mails"], bool(truth.get("expect_flag"))
    tally.flag_ok += flagged == want
    tally.flags_sent += flagged
    tally.flags_expected += want
    tally.flags_right += flagged and want
    if flagged != want:
        problems.append(f"{name}: flag={flagged} want {want}")
    if truth.get("category") in NOT_SUBMISSIONS and (got["records"] or got["mails"]):
        tally.replies_to_non_submissions += 1
        problems.append(f"{name}: non-submission produced records or mail")


def report(results, verbose: bool, seconds: float) -> int:
    overall, by_layout, problems = Tally(), {}, []
    for name, truth, got in results:
        _count(overall, name, truth, got, verbose, problems)
        if "layout" in truth:
            _count(by_layout.setdefault(truth["layout"], Tally()), name, truth, got, False, [])
    precision = overall.matched / overall.ours if overall.ours else 1.0
    recall = overall.matched / overall.truth if overall.truth else 1.0
    all_fields = (sum(overall.field_hits.values()) / (overall.field_total * len(FIELDS))
                  if overall.field_total else 1.0)
    print(f"messages: {len(results)} in {seconds:.1f} s")
    print(f"records: ours {overall.ours}, truth {overall.truth}, matched {overall.matched}")
    print(f"record precision {precision:.3f}  recall {recall:.3f}  (target >= 0.98)")
    print(f"field accuracy {all_fields:.3f}  (target >= 0.97)")
    for f in FIELDS:
        print(f"  {f:20s} {overall.field_hits[f] / overall.field_total if overall.field_total else 1:.3f}")
    print(f"message status right: {overall.status_ok}/{len(results)}")
    print(f"flag decisions right: {overall.flag_ok}/{len(results)}")
    print(f"flags: sent {overall.flags_sent}, expected {overall.flags_expected}, "
          f"precision {overall.flag_precision():.3f} (target >= 0.98), recall {overall.flag_recall():.3f} (>= 0.95)")
    print(f"flagged items right: {overall.items_right}/{overall.items_flagged} "
          f"(precision {overall.item_precision():.3f})")
    print(f"records or mail from non-submissions: {overall.replies_to_non_submissions} (target 0)")
    if by_layout:
        print("\nby layout class:")
        for layout in sorted(by_layout):
            print(f"  {layout:24s} {by_layout[layout].line()}")
    if problems:
        print("\nproblems:")
        for line in problems:
            print("  " + line)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, nargs="?", help="a folder of .eml + .json (the corpus README's schema)")
    parser.add_argument("--generate", type=int, metavar="SEED",
                        help="measure a set made by tests/mailgen with this seed instead (written to a temp folder)")
    parser.add_argument("--count", type=int, default=120, help="messages to generate with --generate")
    parser.add_argument("--verbose", action="store_true", help="list every field that differs")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.generate is not None:
        with tempfile.TemporaryDirectory(prefix="dienhinh-generated-") as folder:
            subprocess.run([sys.executable, "-m", "tests.mailgen", "--seed", str(args.generate), "--count",
                            str(args.count), "--out", folder], check=True, cwd=Path(__file__).resolve().parents[1])
            return run(Path(folder), args.verbose)
    if args.corpus is None:
        parser.error("give a corpus folder or --generate SEED")
    return run(args.corpus, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
