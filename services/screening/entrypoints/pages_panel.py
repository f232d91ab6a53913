"""The panel's pages on the long list (journey 4): a member's vacancies, the long and short
list of one, a candidate with the verdicts, the evidence and the comments, and the form to
comment.

Only a user with the panel role gets here, and only for a vacancy whose panel they sit on
and a candidate the secretariat put on its long or short list: anything else is the same
404 page, so a guessed id tells nothing. Names are hidden (a neutral code) when the vacancy
is blind or the member turned blind mode on, with the same cookie the secretariat's pages
use. There is no move button: the secretariat alone decides, and reads the comments on
its own candidate page. A comment form posts, then redirects (303) with a message, or
shows the page again with the error beside the field and the text kept.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from services.screening.domain.panel_review import MAX_COMMENT, InvalidComment
from services.screening.entrypoints.blind_choice import (
    blind_by_choice,
    blind_form,
    switch_blind_mode,
)
from services.screening.entrypoints.pages_applicants import labels
from services.screening.service_layer import panel_review
from shared.auth.tokens import PANEL
from shared.web import runtime
from shared.webui import page_blueprint, page_requires

panel_pages = page_blueprint("screening_panel", __name__, "/screening/panel")


class CommentForm(FlaskForm):
    text = TextAreaField(
        _l("Your comment"),
        validators=[
            DataRequired(message=_l("Write a comment first: an empty one is not kept.")),
            Length(
                max=MAX_COMMENT,
                message=_l("A comment is at most %(max)d characters.", max=MAX_COMMENT),
            ),
        ],
    )


def uow():  # noqa: ANN201
    return runtime().uow()


def _member() -> str:
    return g.page_principal.username


@panel_pages.get("")
@page_requires(PANEL)
def my_vacancies() -> str:
    return render_template(
        "screening/panel/vacancies.html",
        vacancies=panel_review.panel_vacancies(uow(), _member()),
    )


@panel_pages.get("/vacancies/<vacancy_id>")
@page_requires(PANEL)
def long_list(vacancy_id: str) -> str:
    try:
        listing = panel_review.long_list(uow(), _member(), vacancy_id, blind=blind_by_choice())
    except panel_review.NotVisibleToPanel:
        abort(404)
    return render_template(
        "screening/panel/long_list.html",
        listing=listing,
        blind_form=blind_form(),
        blind_chosen=blind_by_choice(),
        labels=labels(),
    )


@panel_pages.get("/applications/<application_id>")
@page_requires(PANEL)
def candidate(application_id: str) -> Any:
    return _candidate_page(application_id)


@panel_pages.post("/applications/<application_id>/comments")
@page_requires(PANEL)
def add_comment(application_id: str) -> Any:
    form = CommentForm()
    if form.validate_on_submit():
        try:
            panel_review.comment(uow(), _member(), application_id, form.text.data)
        except panel_review.NotVisibleToPanel:
            abort(404)
        except (InvalidComment, panel_review.CannotComment) as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Your comment is kept; the secretariat sees it."), "success")
            target = url_for(".candidate", application_id=application_id, _anchor="comments")
            return redirect(target, code=303)
    elif form.meta.csrf and form[form.meta.csrf_field_name].errors:
        form.form_errors.append(_("The form was too old to accept; please send it again."))
    return _candidate_page(application_id, form=form, status=422)


@panel_pages.post("/blind-mode")
@page_requires(PANEL)
def blind_mode() -> Response:
    return switch_blind_mode(
        on_message=_("Blind mode is on: names are hidden."),
        off_message=_("Blind mode is off."),
    )


def _candidate_page(
    application_id: str, *, form: CommentForm | None = None, status: int = 200
) -> tuple[str, int]:
    try:
        review = panel_review.candidate(uow(), _member(), application_id, blind=blind_by_choice())
    except panel_review.NotVisibleToPanel:
        abort(404)
    page = render_template(
        "screening/panel/candidate.html",
        review=review,
        candidate=review.candidate,
        comment_form=form or CommentForm(formdata=None),
        blind_form=blind_form(),
        blind_chosen=blind_by_choice(),
        labels=labels(),
    )
    return page, status
