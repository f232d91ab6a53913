"""User accounts of the secretariat and the panel, in their own small database.

An account has a username, a full name, an email, an argon2 password hash and roles
(`secretariat`, `panel`, `admin`). Accounts are created by the `shortlist users`
command, never by a public endpoint. Signing in (and a failed attempt) is an audited
state change, in this database's own hash-chained audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from shared import audit
from shared.auth.passwords import hash_password, verify_password
from shared.auth.tokens import ROLES, Principal

metadata = sa.MetaData()
accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("username", sa.String(100), primary_key=True),
    sa.Column("full_name", sa.String(200), nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("roles", sa.String(200), nullable=False),
)
AUDIT = audit.define_audit_tables(metadata)
MIGRATIONS = __file__.rsplit("/", 1)[0] + "/migrations"


class UnknownRole(ValueError):
    pass


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    email: str
    roles: frozenset[str]

    def principal(self) -> Principal:
        return Principal(self.username, self.roles, self.full_name)


def create_or_update(
    engine: Engine,
    username: str,
    password: str,
    roles: Iterable[str],
    full_name: str = "",
    email: str = "",
    actor: str = "command-line",
) -> Account:
    roles = frozenset(roles)
    if unknown := roles - set(ROLES):
        raise UnknownRole(f"unknown roles {sorted(unknown)}; known: {', '.join(ROLES)}")
    values = {
        "full_name": full_name or username,
        "email": email or f"{username}@shortlist.invalid",
        "password_hash": hash_password(password),
        "roles": ",".join(sorted(roles)),
    }
    with Session(engine) as session, session.begin():
        found = session.execute(
            sa.select(accounts.c.username).where(accounts.c.username == username)
        ).first()
        if found:
            session.execute(accounts.update().where(accounts.c.username == username).values(values))
        else:
            session.execute(accounts.insert().values(username=username, **values))
        after = {k: v for k, v in values.items() if k != "password_hash"}
        audit.append(
            session,
            AUDIT,
            [audit.AuditRecord(actor, "account.saved", "account", username, after=after)],
            None,
        )
    return Account(username, values["full_name"], values["email"], roles)


def authenticate(engine: Engine, username: str, password: str) -> Account | None:
    with Session(engine) as session, session.begin():
        row = session.execute(sa.select(accounts).where(accounts.c.username == username)).first()
        ok = row is not None and verify_password(row.password_hash, password)
        audit.append(
            session,
            AUDIT,
            [audit.AuditRecord(username, "login" if ok else "login.failed", "account", username)],
            None,
        )
    if not ok:
        return None
    return Account(row.username, row.full_name, row.email, frozenset(row.roles.split(",")))


def list_accounts(engine: Engine) -> list[Account]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(accounts).order_by(accounts.c.username)).all()
    return [Account(r.username, r.full_name, r.email, frozenset(r.roles.split(","))) for r in rows]
