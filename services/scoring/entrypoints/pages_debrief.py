"""The debrief as pages: `/scoring/vacancies/<id>/debrief`, its printable PDF and the
consensus form.

The page and the PDF render the same body (`scoring/_debrief_body.html`): the ranking
with ties shown as ties and its chart, the agreement figures with their intervals and
plain reading, each rater's leniency, the disagreement flags, and per candidate the
figures of every competency with the chart of the scores given. The PDF is that HTML on
a minimal A4 layout with its CSS inline and its charts as PNG data URIs at print
resolution (WeasyPrint fetches nothing, so it never calls back into this server; it
places images many times faster than it draws inline SVG). The secretariat sees a
provisional debrief while sheets are outstanding; a panel member sees a message until the
round is finished; anyone else, or a guessed vacancy, gets the 404 page. The chair and
the secretariat record a consensus with the form below the figures (Flask-WTF, so
CSRF-checked); a refusal comes back as a message beside the form and the figures stay as
they were.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from services.scoring.adapters.debrief_charts import distribution_chart, ranking_chart
from services.scoring.domain.consensus import MAX_REASON_LENGTH
from services.scoring.domain.panel import MAX_SCORE, MIN_SCORE, NotOnPanel, ScoringError
from services.scoring.entrypoints.debrief_texts import describe
from services.scoring.entrypoints.pages import me, pages, uow
from services.scoring.service_layer import debrief as use_cases
from services.scoring.service_layer.services import UnknownVacancy
from shared.auth.tokens import PANEL, SECRETARIAT
from shared.webui import page_requires


class ConsensusForm(FlaskForm):
    application_id = SelectField(_l("Candidate"), validators=[DataRequired()])
    competency = SelectField(_l("Competency"), validators=[DataRequired()])
    rating = SelectField(
        _l("Consensus rating"),
        choices=[SelectChoice(str(score), str(score)) for score in range(MIN_SCORE, MAX_SCORE + 1)],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Give the reason for the consensus: it is kept with the rating.")),
            Length(max=MAX_REASON_LENGTH),
        ],
    )


@pages.route("/vacancies/<vacancy_id>/debrief")
@page_requires(SECRETARIAT, PANEL)
def debrief_page(vacancy_id: str) -> Any:
    view = _view_or_abort(vacancy_id)
    if view is None:
        return render_template("scoring/debrief_waiting.html", error=g.debrief_waiting)
    form = _consensus_form(view)
    return render_template("scoring/debrief.html", **_context(view, vacancy_id), form=form)


@pages.route("/vacancies/<vacancy_id>/debrief.pdf")
@page_requires(SECRETARIAT, PANEL)
def debrief_pdf(vacancy_id: str) -> Any:
    view = _view_or_abort(vacancy_id)
    if view is None:
        return render_template("scoring/debrief_waiting.html", error=g.debrief_waiting), 409
    import weasyprint  # imported here: it takes a while and only this view needs it

    context = _context(view, vacancy_id, for_print=True)
    html = render_template("scoring/debrief_print.html", **context)
    pdf = weasyprint.HTML(string=html, base_url=request.url_root).write_pdf()
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="debrief-{vacancy_id}.pdf"'},
    )


@pages.route("/vacancies/<vacancy_id>/debrief/consensus", methods=["POST"])
@page_requires(SECRETARIAT, PANEL)
def record_consensus_page(vacancy_id: str) -> Any:
    view = _view_or_abort(vacancy_id)
    if view is None:
        return render_template("scoring/debrief_waiting.html", error=g.debrief_waiting), 409
    if not view.may_record_consensus:
        abort(403)
    form = _consensus_form(view)
    if form.validate_on_submit():
        try:
            use_cases.record_consensus(
                uow(),
                vacancy_id,
                form.application_id.data,
                form.competency.data,
                int(form.rating.data),
                form.reason.data,
                me(),
                is_secretariat=g.page_principal.has_any(SECRETARIAT),
            )
        except ScoringError as error:
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            flash(_("The consensus rating is recorded."), "success")
            return redirect(url_for(".debrief_page", vacancy_id=vacancy_id), 303)
    context = _context(view, vacancy_id)
    return render_template("scoring/debrief.html", **context, form=form), 422


def _view_or_abort(vacancy_id: str) -> use_cases.DebriefView | None:
    """The viewer's debrief; None (with the reason in `g`) while a member must wait."""
    principal = g.page_principal
    try:
        return use_cases.debrief_of(
            uow(),
            vacancy_id,
            principal.username,
            is_secretariat=principal.has_any(SECRETARIAT),
        )
    except (UnknownVacancy, NotOnPanel):
        abort(404)
    except use_cases.DebriefNotReady as waiting:
        g.debrief_waiting = waiting
        return None
    except ScoringError:  # a round not set up yet (no panel, no short list)
        abort(404)


def _consensus_form(view: use_cases.DebriefView) -> ConsensusForm:
    form = ConsensusForm()
    ranking = view.debrief.results.ranking
    form.application_id.choices = [
        SelectChoice(r.application_id, r.candidate_name) for r in ranking
    ]
    form.competency.choices = [SelectChoice(c.name, c.name) for c in view.debrief.competencies]
    return form


def _context(
    view: use_cases.DebriefView, vacancy_id: str, *, for_print: bool = False
) -> dict[str, Any]:
    """The template's figures; for print, the charts as PNG images at print resolution
    (WeasyPrint draws an inline SVG many times slower than it places an image)."""
    debrief = view.debrief
    ranking = debrief.results.ranking
    ranks = Counter(result.rank for result in ranking)
    tied = {rank for rank, count in ranks.items() if count > 1}
    distribution_label = _("score given (the caption below says what each mark is)")
    charts = {
        candidate.application_id: distribution_chart(
            candidate,
            debrief.scores,
            f"chart-{index}",
            _("Scores given to %(name)s per competency", name=candidate.candidate_name),
            distribution_label,
            raster=for_print,
        )
        for index, candidate in enumerate(ranking, start=1)
    }
    return {
        "vacancy_id": vacancy_id,
        "view": view,
        "debrief": debrief,
        "ranking": ranking,
        "tied": tied,
        "agreement": [describe(statistic) for statistic in debrief.agreement],
        "ranking_chart": ranking_chart(
            ranking,
            "chart-ranking",
            _("Ranking with each candidate's spread across raters"),
            _("weighted score (dot: mean; bar: lowest to highest rater)"),
            raster=for_print,
        )
        if ranking
        else "",
        "charts": charts,
    }
