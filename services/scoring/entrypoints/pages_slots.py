"""Interview pages: the secretariat's timetable, and the candidate's private page for
picking a slot.

The secretariat proposes slots (first date and time, time zone, duration, how many, the
break between them, a room or video link), books a candidate into a free slot, moves or
cancels an interview and withdraws a free slot; on the decision page it records an outcome
and a reason per shortlisted candidate and announces the decision. A candidate reaches
`/scoring/interview/<token>` from their invitation mail: it lists the free slots in the
time zone they choose, lets them pick one and give it back; any other token is a 404.
Every form is a Flask-WTF form (CSRF); forms repeated per row carry a prefix of their own.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields import TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from services.scoring.domain.panel import ScoringError
from services.scoring.domain.slots import (
    MAX_SLOTS_AT_ONCE,
    Slot,
    local_start,
    time_zone_names,
    zone,
)
from services.scoring.entrypoints.api_slots import member_directory, picking_link
from services.scoring.entrypoints.pages import me, pages, uow
from services.scoring.service_layer import scheduling
from services.scoring.service_layer.services import UnknownVacancy
from shared.auth.tokens import SECRETARIAT
from shared.webui import page_requires

DEFAULT_ZONE = "Europe/Zurich"


def _zones() -> list[SelectChoice]:
    return [SelectChoice(name, name) for name in time_zone_names()]


class ProposeForm(FlaskForm):
    day = DateField(_l("Date of the first slot"), validators=[InputRequired()])
    start = TimeField(_l("Start time"), validators=[InputRequired()])
    time_zone = SelectField(_l("Time zone"), default=DEFAULT_ZONE, validators=[DataRequired()])
    duration = IntegerField(
        _l("Duration (minutes)"), default=120, validators=[InputRequired(), NumberRange(5, 720)]
    )
    count = IntegerField(
        _l("Number of slots"),
        default=5,
        validators=[InputRequired(), NumberRange(1, MAX_SLOTS_AT_ONCE)],
    )
    gap = IntegerField(
        _l("Break between slots (minutes)"), default=0, validators=[Optional(), NumberRange(0, 720)]
    )
    location = StringField(_l("Room or video link"), validators=[Optional(), Length(max=500)])


class SlotChoiceForm(FlaskForm):
    slot_id = SelectField(_l("Slot"), validators=[DataRequired()])


class ButtonForm(FlaskForm):
    pass


class ZoneForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only chooses how times are shown

    tz = SelectField(_l("Show times in"), default=DEFAULT_ZONE)


class PickForm(FlaskForm):
    slot_id = RadioField(_l("Choose a time"), validators=[InputRequired()])


# --- the secretariat's timetable -------------------------------------------------------------


@pages.route("/vacancies/<vacancy_id>/slots", methods=["GET"])
@page_requires(SECRETARIAT)
def timetable_page(vacancy_id: str) -> object:
    return _timetable(vacancy_id, ProposeForm())


@pages.route("/vacancies/<vacancy_id>/slots", methods=["POST"])
@page_requires(SECRETARIAT)
def propose_page(vacancy_id: str) -> object:
    form = ProposeForm()
    form.time_zone.choices = _zones()
    if form.validate_on_submit():
        try:
            first = local_start(form.day.data, form.start.data, form.time_zone.data)
            slots = scheduling.propose_slots(
                uow(),
                vacancy_id,
                first,
                timedelta(minutes=form.duration.data),
                form.count.data,
                timedelta(minutes=form.gap.data or 0),
                form.location.data or "",
                me(),
                picking_link,
            )
        except UnknownVacancy:
            abort(404)
        except ScoringError as error:
            form.day.errors = [*form.day.errors, str(error)]
        else:
            flash(_("%(count)d slots proposed.", count=len(slots)), "success")
            return redirect(url_for(".timetable_page", vacancy_id=vacancy_id), code=303)
    return _timetable(vacancy_id, form, status=422)


@pages.route("/vacancies/<vacancy_id>/slots/book/<application_id>", methods=["POST"])
@page_requires(SECRETARIAT)
def book_page(vacancy_id: str, application_id: str) -> object:
    form = SlotChoiceForm(prefix=f"book-{application_id}")
    form.slot_id.choices = [SelectChoice(request.form.get(form.slot_id.name, ""), "")]
    if not form.validate_on_submit():
        abort(400)
    table = _table(vacancy_id)
    moving = any(s.application_id == application_id for s in table.slots)
    try:
        if moving:
            scheduling.move_interview(
                uow(), vacancy_id, application_id, form.slot_id.data, me(), member_directory()
            )
        else:
            scheduling.assign_slot(
                uow(), vacancy_id, form.slot_id.data, application_id, me(), member_directory()
            )
    except ScoringError as error:
        flash(str(error), "error")
    else:
        flash(_("Interview moved.") if moving else _("Interview booked."), "success")
    return redirect(url_for(".timetable_page", vacancy_id=vacancy_id), code=303)


@pages.route("/vacancies/<vacancy_id>/slots/cancel/<application_id>", methods=["POST"])
@page_requires(SECRETARIAT)
def cancel_page(vacancy_id: str, application_id: str) -> object:
    if not ButtonForm(prefix=f"cancel-{application_id}").validate_on_submit():
        abort(400)
    try:
        scheduling.cancel_interview(uow(), vacancy_id, application_id, me(), member_directory())
    except UnknownVacancy:
        abort(404)
    except ScoringError as error:
        flash(str(error), "error")
    else:
        flash(_("Interview cancelled."), "success")
    return redirect(url_for(".timetable_page", vacancy_id=vacancy_id), code=303)


@pages.route("/vacancies/<vacancy_id>/slots/withdraw/<slot_id>", methods=["POST"])
@page_requires(SECRETARIAT)
def withdraw_page(vacancy_id: str, slot_id: str) -> object:
    if not ButtonForm(prefix=f"withdraw-{slot_id}").validate_on_submit():
        abort(400)
    try:
        scheduling.withdraw_slot(uow(), vacancy_id, slot_id, me())
    except UnknownVacancy:
        abort(404)
    except ScoringError as error:
        flash(str(error), "error")
    else:
        flash(_("Slot withdrawn."), "success")
    return redirect(url_for(".timetable_page", vacancy_id=vacancy_id), code=303)


def _table(vacancy_id: str) -> scheduling.Timetable:
    try:
        return scheduling.timetable(uow(), vacancy_id)
    except UnknownVacancy:
        abort(404)


def _timetable(vacancy_id: str, form: ProposeForm, status: int = 200) -> object:
    table = _table(vacancy_id)
    form.time_zone.choices = _zones()
    free = [SelectChoice(s.slot_id, s.label()) for s in table.slots if s.is_free]
    rows = []
    for slot in table.slots:
        row = {"slot": slot, "name": table.names.get(slot.application_id or "", "")}
        if slot.application_id:
            move = SlotChoiceForm(prefix=f"book-{slot.application_id}")
            move.slot_id.choices = free
            row |= {"move": move, "cancel": ButtonForm(prefix=f"cancel-{slot.application_id}")}
        else:
            row["withdraw"] = ButtonForm(prefix=f"withdraw-{slot.slot_id}")
        rows.append(row)
    unbooked = []
    for application_id, name in table.unbooked():
        book = SlotChoiceForm(prefix=f"book-{application_id}")
        book.slot_id.choices = free
        unbooked.append({"application_id": application_id, "name": name, "form": book})
    return (
        render_template(
            "scoring/slots/timetable.html",
            table=table,
            rows=rows,
            unbooked=unbooked,
            form=form,
            free=free,
        ),
        status,
    )


# --- the candidate's private page -------------------------------------------------------------


@pages.route("/interview/<token>", methods=["GET"])
def candidate_page(token: str) -> object:
    return _candidate(token, PickForm())


@pages.route("/interview/<token>", methods=["POST"])
def pick_page(token: str) -> object:
    view = _view(token)
    form = PickForm()
    form.slot_id.choices = [SelectChoice(s.slot_id, s.label()) for s in view.free]
    if form.validate_on_submit():
        try:
            scheduling.pick_slot(uow(), token, form.slot_id.data, member_directory())
        except ScoringError as error:
            flash(str(error), "error")
        else:
            flash(_("Your interview is booked. A confirmation is on its way by email."), "success")
            return redirect(_here(token), code=303)
    return _candidate(token, form, status=422)


@pages.route("/interview/<token>/cancel", methods=["POST"])
def give_back_page(token: str) -> object:
    _view(token)
    if not ButtonForm(prefix="give-back").validate_on_submit():
        abort(400)
    try:
        scheduling.cancel_by_candidate(uow(), token, member_directory())
    except ScoringError as error:
        flash(str(error), "error")
    else:
        flash(_("Your interview time is given back. You may choose another."), "success")
    return redirect(_here(token), code=303)


def _view(token: str) -> scheduling.CandidateView:
    try:
        return scheduling.candidate_view(uow(), token)
    except (scheduling.UnknownLink, UnknownVacancy):
        abort(404)


def _here(token: str) -> str:
    chosen = request.args.get("tz")
    return url_for(".candidate_page", token=token, **({"tz": chosen} if chosen else {}))


def _candidate(token: str, form: PickForm, status: int = 200) -> object:
    view = _view(token)
    zones = ZoneForm(request.args)
    zones.tz.choices = _zones()
    shown = zones.tz.data if zones.tz.data in set(time_zone_names()) else DEFAULT_ZONE
    zones.tz.data = shown
    form.slot_id.choices = [SelectChoice(s.slot_id, _local(s, shown)) for s in view.free]
    return (
        render_template(
            "scoring/slots/candidate.html",
            view=view,
            form=form,
            zones=zones,
            shown=shown,
            booked=_local(view.booked, shown) if view.booked else None,
            give_back=ButtonForm(prefix="give-back"),
            action=_here(token),
        ),
        status,
    )


def _local(slot: Slot, zone_name: str) -> str:
    start = slot.starts_at.astimezone(zone(zone_name))
    end = slot.ends_at.astimezone(zone(zone_name))
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M} to {end:%H:%M} ({zone_name})"
