"""A signed-in person's own choice of blind mode, remembered in their browser.

The choice is one cookie holding the username of who made it (so another person signing in
on the same browser does not inherit it), read by the secretariat's pages, the panel's
pages and the JSON API alike. `BlindForm` is the switch each page offers and
`switch_blind_mode` is what posting it does; a vacancy's own blind mode is not a choice and
is not changed here.
"""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, request
from flask_wtf import FlaskForm
from wtforms import HiddenField

from shared.webui import safe_next

BLIND_COOKIE = "shortlist_blind"
ONE_YEAR = 31_536_000


class BlindForm(FlaskForm):
    blind = HiddenField()
    next = HiddenField()


def chosen_by(username: str | None) -> bool:
    """Whether `username` turned blind mode on in the browser of the current request."""
    return username is not None and request.cookies.get(BLIND_COOKIE) == username


def blind_by_choice() -> bool:
    """Whether the signed-in user of a page turned blind mode on (in this browser)."""
    return chosen_by(g.page_principal.username)


def blind_form() -> BlindForm:
    """The switch for the page being shown: it turns blind mode the other way, then comes back."""
    return BlindForm(
        formdata=None,
        blind="off" if blind_by_choice() else "on",
        next=request.full_path.rstrip("?"),
    )


def switch_blind_mode(*, on_message: str, off_message: str) -> Response:
    """Handle a posted `BlindForm`: set or clear the choice and go back where it was posted."""
    form = BlindForm()
    if not form.validate_on_submit():
        abort(400)
    response = redirect(safe_next(form.next.data), code=303)
    if form.blind.data == "on":
        response.set_cookie(
            BLIND_COOKIE,
            g.page_principal.username,
            httponly=True,
            samesite="Lax",
            path="/",
            max_age=ONE_YEAR,
        )
        flash(on_message, "success")
    else:
        response.delete_cookie(BLIND_COOKIE, path="/")
        flash(off_message, "success")
    return response
