"""The demo: local mail servers, sample submissions, and dienhinh on SQLite.

Run by ``scripts/demo.sh``. Everything lives in ./demo (recreated each run)
and every server binds to 127.0.0.1 only. The demo ends by creating a
workbench account and printing its URL and login; ``--web`` then serves the
workbench until Ctrl-C.
"""

from __future__ import annotations

import argparse
import secrets as random_secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from dienhinh.devservers.dovecot import DovecotServer
from dienhinh.devservers.samples import sample_messages
from dienhinh.devservers.smtp import SmtpServer

MAILBOXES = {"vutdkt": "vutdkt@moet.gov.vn", "vuquang": "quanghaigdvquang@gmail.com"}
DEMO_REVIEWER = "thamdinh"
DEMO_PASSWORD = "demo-thamdinh-2024"
WEB_PORT = 8080


def web_port() -> int:
    """8080 when it is free, else any free port (on 127.0.0.1)."""
    for port in (WEB_PORT, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise OSError("no free TCP port on 127.0.0.1")


def write_config(root: Path, dovecot: DovecotServer, smtp: SmtpServer, port: int) -> Path:
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
    (secrets / "web").write_text(random_secrets.token_urlsafe(32) + "\n")
    lines.append(f'[web]\nbase_url = "http://127.0.0.1:{port}"\nsecret_file = "{secrets / "web"}"\n')
    path = root / "dienhinh.toml"
    path.write_text("\n".join(lines))
    return path


def run(config: Path, *args: str, stdin: str | None = None) -> int:
    print(f"\n$ dienhinh {' '.join(args)} --config {config}", flush=True)
    return subprocess.run([sys.executable, "-m", "dienhinh", *args, "--config", str(config)], input=stdin,
                          text=True).returncode


def _arguments(argv: list[str] | None):
    parser = argparse.ArgumentParser(
        prog="scripts/demo.sh",
        description="Start a private Dovecot and SMTP server on 127.0.0.1 loaded with sample submissions, "
                    "run `dienhinh poll` twice, then list, export, show the outbox and preview the digest. "
                    "Everything it makes goes to DIR, which is deleted and recreated.",
    )
    parser.add_argument("--dir", default="demo", metavar="DIR", help="where the demo writes (default: ./demo)")
    parser.add_argument("--web", action="store_true", help="keep the reviewers' workbench serving until Ctrl-C")
    return parser.parse_args(argv)


def serve_until_interrupted(config: Path, port: int) -> None:
    server = subprocess.Popen([sys.executable, "-m", "dienhinh", "web", "--host", "127.0.0.1", "--port", str(port),
                               "--config", str(config)])
    print(f"demo: the workbench is serving on http://127.0.0.1:{port}/ ; press Ctrl-C to stop", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=15)


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    serve = arguments.web
    port = web_port()
    root = Path(arguments.dir).resolve()
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
        config = write_config(root, dovecot, smtp, port)
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
    mailbox_options = [arg for name in MAILBOXES for arg in ("--mailbox", name)]
    run(config, "user", "add", DEMO_REVIEWER, *mailbox_options, stdin=DEMO_PASSWORD + "\n")
    print(f"demo: done. Database, archive, records.xlsx and config are in {root}")
    print(f"demo: the reviewers' workbench: http://127.0.0.1:{port}/  login {DEMO_REVIEWER} / {DEMO_PASSWORD}")
    if serve:
        serve_until_interrupted(config, port)
    else:
        print(f"demo: start it with: scripts/demo.sh --web   (or: .venv/bin/dienhinh web --port {port} "
              f"--config {config})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
