"""Signed access tokens for users and signed private links for candidates.

Both are HMAC-signed with the installation's secret key (itsdangerous), each kind with
its own salt so that one can never be passed off as the other. Access tokens expire;
a candidate's link does not (it is their only way back), but names only one
application and cannot be guessed or altered.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

ACCESS_TOKEN_SECONDS = 12 * 3600
SECRETARIAT, PANEL, ADMIN = "secretariat", "panel", "admin"
ROLES = (SECRETARIAT, PANEL, ADMIN)


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class Principal:
    username: str
    roles: frozenset[str]
    full_name: str = ""

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class TokenSigner:
    def __init__(self, secret_key: str) -> None:
        self._access = URLSafeTimedSerializer(secret_key, salt="shortlist.access")
        self._candidate = URLSafeSerializer(secret_key, salt="shortlist.candidate-link")

    def access_token(self, principal: Principal) -> str:
        return self._access.dumps(
            {
                "sub": principal.username,
                "roles": sorted(principal.roles),
                "name": principal.full_name,
            }
        )

    def principal(self, token: str, max_age: int = ACCESS_TOKEN_SECONDS) -> Principal:
        try:
            data = self._access.loads(token, max_age=max_age)
        except SignatureExpired as error:
            raise InvalidToken("your session has expired; please sign in again") from error
        except BadSignature as error:
            raise InvalidToken("invalid access token") from error
        return Principal(data["sub"], frozenset(data["roles"]), data.get("name", ""))

    def candidate_link_token(self, application_id: str) -> str:
        return self._candidate.dumps({"application": application_id})

    def application_of(self, link_token: str) -> str:
        try:
            return self._candidate.loads(link_token)["application"]
        except (BadSignature, KeyError, TypeError) as error:
            raise InvalidToken("unknown link") from error
