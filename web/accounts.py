"""Workbench accounts: Argon2id password hashes, roles, the mailboxes a reviewer may see.

Passwords are hashed with ``argon2-cffi``'s defaults (Argon2id, RFC 9106)
and never stored, logged or passed as command arguments. Changing a
password or removing an account raises its ``session_version``, so sessions
signed before stop working at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlmodel import select

from domain import Role
from records import write_audit
from store import WebUser, session

NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,100}$")
MIN_PASSWORD = 10
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("an unknown account still costs one hash")


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why (English, for the operator)."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: Role
    mailboxes: tuple[str, ...]
    session_version: int

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def sees(self, mailbox: str | None) -> bool:
        return self.is_admin or (mailbox is not None and mailbox in self.mailboxes)


def _account(user: WebUser) -> Account:
    return Account(user.id, user.name, Role(user.role), tuple(user.mailboxes or ()), user.session_version)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")


def add_user(engine: Engine, name: str, password: str, role: Role = Role.REVIEWER,
             mailboxes: list[str] | None = None) -> Account:
    if not NAME.match(name):
        raise AccountError("an account name is 1-100 letters, digits or . _ @ -")
    _check_password(password)
    with session(engine) as db:
        if db.exec(select(WebUser).where(WebUser.name == name)).first() is not None:
            raise AccountError(f"account {name!r} already exists")
        user = WebUser(name=name, password_hash=_hasher.hash(password), role=Role(role), mailboxes=list(mailboxes or []))
        db.add(user)
        write_audit(db, "cli", "user", field=name, after=f"added ({role}; {', '.join(mailboxes or []) or '-'})")
        db.commit()
        return _account(user)


def set_password(engine: Engine, name: str, password: str) -> None:
    _check_password(password)
    with session(engine) as db:
        user = db.exec(select(WebUser).where(WebUser.name == name)).first()
        if user is None:
            raise AccountError(f"no account named {name!r}")
        user.password_hash = _hasher.hash(password)
        user.session_version += 1
        db.add(user)
        write_audit(db, "cli", "user", field=name, after="password changed")
        db.commit()


def remove_user(engine: Engine, name: str) -> None:
    with session(engine) as db:
        user = db.exec(select(WebUser).where(WebUser.name == name)).first()
        if user is None:
            raise AccountError(f"no account named {name!r}")
        db.delete(user)
        write_audit(db, "cli", "user", field=name, after="removed")
        db.commit()


def list_users(engine: Engine) -> list[dict]:
    with session(engine) as db:
        users = db.exec(select(WebUser).order_by(WebUser.name)).all()
    return [{"name": u.name, "role": u.role, "mailboxes": list(u.mailboxes or []),
             "created_at": u.created_at.isoformat() if u.created_at else None} for u in users]


def verify_login(engine: Engine, name: str, password: str) -> Account | None:
    """The account when ``password`` is right; an unknown name costs the same time as a wrong password."""
    with session(engine) as db:
        user = db.exec(select(WebUser).where(WebUser.name == name)).first()
        if user is None:
            try:
                _hasher.verify(_DUMMY_HASH, password)
            except VerificationError:
                pass  # expected: the dummy hash only makes an unknown name cost the same time
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
            db.add(user)
            db.commit()
        return _account(user)


def load_account(engine: Engine, user_id: int, version: int) -> Account | None:
    """The signed-in account, if it still exists and its sessions are still valid."""
    with session(engine) as db:
        user = db.get(WebUser, user_id)
    if user is None or user.session_version != version:
        return None
    return _account(user)
