"""The panel's decision page: the secretariat records, for each shortlisted candidate, an
outcome (selected, reserve list, not selected) and its reason, revises them until it
announces the decision, and announces it once (candidates and panel are then told by
email, through `panel.decided`). Every form is a Flask-WTF form (CSRF); the form repeated
per candidate carries a prefix of its own.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from services.scoring.domain.panel import ScoringError
from services.scoring.entrypoints.api_slots import member_directory
from services.scoring.entrypoints.pages import me, pages, uow
from services.scoring.service_layer import decisions
from services.scoring.service_layer.services import UnknownVacancy
from shared.auth.tokens import SECRETARIAT
from shared.webui import page_requires

OUTCOMES = [
    SelectChoice("selected", _l("Selected")),
    SelectChoice("reserve", _l("Reserve list")),
    SelectChoice("not_selected", _l("Not selected")),
]


class AnnounceForm(FlaskForm):
    pass


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=OUTCOMES, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=4000)])


@pages.route("/vacancies/<vacancy_id>/decision", methods=["GET"])
@page_requires(SECRETARIAT)
def decision_page(vacancy_id: str) -> object:
    return _decision(vacancy_id, {})


@pages.route("/vacancies/<vacancy_id>/decision/<application_id>", methods=["POST"])
@page_requires(SECRETARIAT)
def record_decision_page(vacancy_id: str, application_id: str) -> object:
    form = DecisionForm(prefix=f"d-{application_id}")
    if form.validate_on_submit():
        try:
            decisions.record_decision(
                uow(),
                vacancy_id,
                application_id,
                form.outcome.data,
                form.reason.data,
                me(),
                is_secretariat=True,
            )
        except UnknownVacancy:
            abort(404)
        except ScoringError as error:
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            flash(_("Decision recorded."), "success")
            return redirect(url_for(".decision_page", vacancy_id=vacancy_id), code=303)
    return _decision(vacancy_id, {application_id: form}, status=422)


@pages.route("/vacancies/<vacancy_id>/decision/announcement", methods=["POST"])
@page_requires(SECRETARIAT)
def announce_page(vacancy_id: str) -> object:
    if not AnnounceForm(prefix="announce").validate_on_submit():
        abort(400)
    try:
        decisions.announce_decision(
            uow(), vacancy_id, me(), member_directory(), is_secretariat=True
        )
    except UnknownVacancy:
        abort(404)
    except ScoringError as error:
        flash(str(error), "error")
    else:
        flash(_("The decision is announced; candidates and panel are told by email."), "success")
    return redirect(url_for(".decision_page", vacancy_id=vacancy_id), code=303)


def _decision(vacancy_id: str, submitted: dict[str, DecisionForm], status: int = 200) -> object:
    try:
        sheet = decisions.decision_sheet(uow(), vacancy_id)
    except UnknownVacancy:
        abort(404)
    rows = []
    for application_id, name in sheet.names.items():
        current = sheet.decisions.get(application_id)
        form = submitted.get(application_id) or DecisionForm(
            prefix=f"d-{application_id}",
            formdata=None,
            outcome=current.outcome.value if current else None,
            reason=current.reason if current else "",
        )
        rows.append(
            {"application_id": application_id, "name": name, "form": form, "current": current}
        )
    return (
        render_template(
            "scoring/decision/decision.html",
            sheet=sheet,
            rows=rows,
            announce=AnnounceForm(prefix="announce"),
        ),
        status,
    )
