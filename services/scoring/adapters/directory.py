"""Who the panel members are as a mail needs them: name and address, from the accounts.

Scoring knows panel members by username; their names and addresses live with their
accounts (shared.auth.accounts, a database of its own that every service may read). The
scheduling and decision use cases take a `MemberDirectory`, so unit tests pass a dict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from shared.auth import accounts


@dataclass(frozen=True)
class MemberContact:
    username: str
    name: str
    email: str

    def to_dict(self) -> dict[str, str]:
        return {"username": self.username, "name": self.name, "email": self.email}


MemberDirectory = Callable[[Iterable[str]], list[MemberContact]]


def accounts_directory(engine: Engine) -> MemberDirectory:
    """Members' contacts read from the accounts database; a username without an account
    (removed since it was appointed) is left out rather than guessed."""

    def contacts(usernames: Iterable[str]) -> list[MemberContact]:
        wanted = list(usernames)
        found = {a.username: a for a in accounts.list_accounts(engine) if a.username in wanted}
        return [MemberContact(u, found[u].full_name, found[u].email) for u in wanted if u in found]

    return contacts
