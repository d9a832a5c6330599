"""A private Dovecot IMAP server on 127.0.0.1 for tests, demo and benchmarks.

It runs Debian's ``dovecot`` binary with its own config, passwd-file users and
Maildir in a directory of its own, in the foreground as a child process, so
several instances can run side by side and nothing of the system's Dovecot
is used.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from imapclient import IMAPClient

from dienhinh.devservers.ports import free_port, wait_for_port

DOVECOT_BINARY = shutil.which("dovecot") or "/usr/sbin/dovecot"

_CONFIG_TEMPLATE = """\
base_dir = {root}/run
state_dir = {root}/state
instance_name = dienhinh-{port}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
{ssl_files}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_login_user = {login_user}
mail_location = maildir:{root}/mail/%u/Maildir
first_valid_uid = 1
mail_uid = {uid}
mail_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u.passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def _service_users() -> tuple[str, str]:
    """Users for Dovecot's internal and login processes.

    Dovecot refuses to run its login processes as root, so as root we use the
    Debian package's ``dovecot`` and ``dovenull`` users; as anyone else, the
    current user for both.
    """
    if os.getuid() != 0:
        me = getpass.getuser()
        return me, me
    import pwd

    def exists(name: str) -> bool:
        try:
            pwd.getpwnam(name)
            return True
        except KeyError:
            return False

    internal = "dovecot" if exists("dovecot") else "nobody"
    login = "dovenull" if exists("dovenull") else "nobody"
    return internal, login


class DovecotServer:
    """Start, stop and load a Dovecot instance living under ``root``."""

    def __init__(self, root: Path, tls_cert: Path | None = None, tls_key: Path | None = None,
                 oauth2_introspection_url: str | None = None):
        self.root = Path(root)
        self.port = free_port()
        self.ssl_port = free_port() if tls_cert else 0
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.oauth2_introspection_url = oauth2_introspection_url  # SASL XOAUTH2 checked by this endpoint
        self.process: subprocess.Popen | None = None
        self._users: dict[str, str] = {}

    @property
    def config_path(self) -> Path:
        return self.root / "dovecot.conf"

    def _write_config(self) -> None:
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        ssl_files = ""
        if self.tls_cert:
            ssl_files = f"ssl_cert = <{self.tls_cert}\nssl_key = <{self.tls_key}"
        internal_user, login_user = _service_users()
        mail_uid, mail_gid = os.getuid(), os.getgid()
        if os.getuid() == 0:
            # Dovecot's unprivileged helpers must reach base_dir, and it never
            # delivers mail as uid 0: the Maildir belongs to its internal user.
            import pwd

            entry = pwd.getpwnam(internal_user)
            mail_uid, mail_gid = entry.pw_uid, entry.pw_gid
            self.root.chmod(0o755)
            os.chown(self.root / "mail", mail_uid, mail_gid)
        oauth2 = ""
        if self.oauth2_introspection_url:
            (self.root / "oauth2.conf.ext").write_text(
                "introspection_mode = post\n"
                f"introspection_url = {self.oauth2_introspection_url}\n"
                "username_attribute = username\nactive_attribute = active\nactive_value = true\n"
            )
            oauth2 = (
                "auth_mechanisms = plain login xoauth2 oauthbearer\n"
                f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = {self.root}/oauth2.conf.ext\n}}\n"
            )
        self.config_path.write_text(
            _CONFIG_TEMPLATE.format(
                root=self.root,
                port=self.port,
                ssl_port=self.ssl_port,
                ssl="yes" if self.tls_cert else "no",
                ssl_files=ssl_files,
                internal_user=internal_user,
                login_user=login_user,
                uid=mail_uid,
                gid=mail_gid,
            )
            + oauth2
        )
        self._write_passwd()

    def _write_passwd(self) -> None:
        """One passwd-file per user: with %u in its path Dovecot opens it at each login."""
        users_dir = self.root / "users"
        users_dir.mkdir(exist_ok=True)
        for name, password in self._users.items():
            path = users_dir / f"{name}.passwd"
            if not path.exists():
                tmp = users_dir / f".{name}.tmp"
                tmp.write_text(f"{name}:{{PLAIN}}{password}::::::\n")
                tmp.replace(path)

    def add_user(self, name: str, password: str) -> None:
        """Create an IMAP account; Dovecot reads the passwd-file on each login."""
        self._users[name] = password
        if self.config_path.exists():
            self._write_passwd()

    def start(self, timeout: float = 20.0) -> "DovecotServer":
        if self.process and self.process.poll() is None:
            return self
        self._write_config()
        self.process = subprocess.Popen(
            [DOVECOT_BINARY, "-F", "-c", str(self.config_path)],
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "dovecot.stderr", "ab"),
            start_new_session=True,
        )
        try:
            wait_for_port(self.port, timeout)
        except TimeoutError as exc:
            self.stop()
            log = (self.root / "dovecot.log").read_text(errors="replace") if (self.root / "dovecot.log").exists() else ""
            err = (self.root / "dovecot.stderr").read_text(errors="replace")
            raise RuntimeError(f"Dovecot did not start: {exc}\n{err}\n{log[-2000:]}") from exc
        return self

    def stop(self) -> None:
        if not self.process:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        # Dovecot's helper processes may linger a moment after the master exits.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            import socket

            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    time.sleep(0.05)
            except OSError:
                break

    def client(self, user: str) -> IMAPClient:
        """A logged-in IMAPClient for loading or inspecting a mailbox."""
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(user, self._users[user])
        return client

    def append(self, user: str, messages: list[bytes], folder: str = "INBOX") -> None:
        """Load messages into a folder with IMAP APPEND (as a delivery would)."""
        with self.client(user) as client:
            if folder != "INBOX" and not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw)

    def __enter__(self) -> "DovecotServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
