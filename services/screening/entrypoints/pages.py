"""Screening's pages for the secretariat, on the same use cases as its API.

Each page checks who is asking with `page_requires` (the secretariat) and renders a
template from services/screening/templates on the shared layout of shared.webui.
"""

from __future__ import annotations

from flask import render_template

from services.screening.service_layer import services
from shared.auth.tokens import SECRETARIAT
from shared.web import runtime
from shared.webui import page_blueprint, page_requires

pages = page_blueprint("screening_pages", __name__, "/screening")


@pages.get("/vacancies")
@page_requires(SECRETARIAT)
def vacancies() -> str:
    return render_template(
        "screening/vacancies.html", vacancies=services.vacancies(runtime().uow())
    )
