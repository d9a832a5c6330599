"""The demo: local mail servers, sample submissions, and dienhinh on SQLite.

Run by ``scripts/demo.sh``. Everything lives in ./demo (recreated each run)
and every server binds to 127.0.0.1 only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from dienhinh.devservers.dovecot import DovecotServer
from dienhinh.devservers.samples import sample_messages

MAILBOXES = {"vutdkt": "vutdkt@moet.gov.vn", "vuquang": "quanghaigdvquang@gmail.com"}


def write_config(root: Path, dovecot: DovecotServer) -> Path:
    secrets = root / "secrets"
    secrets.mkdir()
    lines = ['[database]\nurl = "sqlite:///dienhinh.db"\n', '[storage]\ndir = "archive"\n']
    for name in MAILBOXES:
        (secrets / name).write_text(f"demo-{name}\n")
        lines.append(
            f'[[mailboxes]]\nname = "{name}"\nhost = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "none"\n'
            f'username = "{name}"\npassword_file = "{secrets / name}"\nafter = "seen"\npoll_seconds = 60\n'
        )
    lines.append('[digest]\nreviewers = ["reviewer@moet.gov.vn"]\n')
    path = root / "dienhinh.toml"
    path.write_text("\n".join(lines))
    return path


def run(config: Path, *args: str) -> int:
    print(f"\n$ dienhinh {' '.join(args)} --config {config}", flush=True)
    return subprocess.run([sys.executable, "-m", "dienhinh", *args, "--config", str(config)]).returncode


def main() -> int:
    root = Path("demo").resolve()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    dovecot = DovecotServer(root / "dovecot")
    (root / "dovecot").mkdir()
    for name in MAILBOXES:
        dovecot.add_user(name, f"demo-{name}")
    with dovecot:
        for name, address in MAILBOXES.items():
            dovecot.append(name, sample_messages(address))
        print(f"demo: Dovecot on 127.0.0.1:{dovecot.port} with {len(MAILBOXES)} mailboxes of sample submissions")
        config = write_config(root, dovecot)
        run(config, "poll")
        run(config, "poll")  # a second cycle takes nothing new
        run(config, "messages")
    print(f"\ndemo: done. Database, archive and config are in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
