"""The Flask side of who is asking: the `requires()` decorator and `current_principal()`.

An API call carries `Authorization: Bearer <token>`; a browser carries the same token
in the `shortlist_token` cookie. `requires("secretariat")` answers 401 without a valid
token and 403 with one that lacks every named role. The signer lives in
`app.extensions["shortlist.signer"]`, put there by the app factory.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g
from flask import request as flask_request
from flask_smorest import abort

from shared.auth.tokens import InvalidToken, Principal, TokenSigner

F = TypeVar("F", bound=Callable[..., Any])
COOKIE = "shortlist_token"


def signer() -> TokenSigner:
    return current_app.extensions["shortlist.signer"]


def current_principal() -> Principal | None:
    if "principal" not in g:
        g.principal = _principal_from_request()
    return g.principal


def requires(*roles: str) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if principal is None:
                abort(401, message="Sign in first.")
            if roles and not principal.has_any(*roles):
                abort(403, message="You do not have access to this.")
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def _principal_from_request() -> Principal | None:
    header = flask_request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    token = token or flask_request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        return signer().principal(token)
    except InvalidToken:
        return None
