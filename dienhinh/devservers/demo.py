"""The demo: local mail servers, sample submissions, and dienhinh on SQLite.

Run by ``scripts/demo.sh``. Everything lives in ./demo (recreated each run)
and every server binds to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from dienhinh.devservers.dovecot import DovecotServer
from dienhinh.devservers.samples import sample_messages
from dienhinh.devservers.smtp import SmtpServer

MAILBOXES = {"vutdkt": "vutdkt@moet.gov.vn", "vuquang": "quanghaigdvquang@gmail.com"}


def write_config(root: Path, dovecot: DovecotServer, smtp: SmtpServer) -> Path:
    secrets = root / "secrets"
    secrets.mkdir()
    lines = ['[database]\nurl = "sqlite:///dienhinh.db"\n', '[storage]\ndir = "archive"\n']
    for name in MAILBOXES:
        (secrets / name).write_text(f"demo-{name}\n")
        lines.append(
            f'[[mailboxes]]\nname = "{name}"\nhost = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "none"\n'
            f'username = "{name}"\npassword_file = "{secrets / name}"\nafter = "seen"\npoll_seconds = 60\n'
        )
    lines.append(
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
        'from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"\n'
    )
    lines.append('[digest]\nreviewers = ["reviewer@moet.gov.vn"]\n')
    path = root / "dienhinh.toml"
    path.write_text("\n".join(lines))
    return path


def run(config: Path, *args: str) -> int:
    print(f"\n$ dienhinh {' '.join(args)} --config {config}", flush=True)
    return subprocess.run([sys.executable, "-m", "dienhinh", *args, "--config", str(config)]).returncode


def _arguments(argv: list[str] | None):
    parser = argparse.ArgumentParser(
        prog="scripts/demo.sh",
        description="Start a private Dovecot and SMTP server on 127.0.0.1 loaded with sample submissions, "
                    "run `dienhinh poll` twice, then list, export, show the outbox and preview the digest. "
                    "Everything it makes goes to DIR, which is deleted and recreated.",
    )
    parser.add_argument("--dir", default="demo", metavar="DIR", help="where the demo writes (default: ./demo)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    root = Path(_arguments(argv).dir).resolve()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    dovecot = DovecotServer(root / "dovecot")
    (root / "dovecot").mkdir()
    for name in MAILBOXES:
        dovecot.add_user(name, f"demo-{name}")
    with dovecot, SmtpServer(mbox_path=root / "sent-mail.mbox") as smtp:
        for name, address in MAILBOXES.items():
            dovecot.append(name, sample_messages(address))
        print(f"demo: Dovecot on 127.0.0.1:{dovecot.port} with {len(MAILBOXES)} mailboxes of sample submissions; "
              f"SMTP on 127.0.0.1:{smtp.port}")
        config = write_config(root, dovecot, smtp)
        run(config, "poll")
        run(config, "poll")  # a second cycle takes nothing new and sends nothing more
        run(config, "messages")
        run(config, "export")
        run(config, "export", "--format", "xlsx", "--out", str(root / "records.xlsx"))
        run(config, "outbox")
        run(config, "digest", "--preview")
        print(f"\ndemo: {len(smtp.messages)} mail(s) sent by dienhinh, kept in {root / 'sent-mail.mbox'}")
        for mail in smtp.messages[:1]:
            print("demo: the first one reads:\n")
            print(mail.message.get_body(("plain",)).get_content())
    print(f"demo: done. Database, archive, records.xlsx and config are in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
