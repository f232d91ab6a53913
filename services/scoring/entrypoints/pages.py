"""Scoring's pages for the panel and the secretariat, on the same use cases as its API.

`pages` is the one blueprint every scoring page hangs on, under `/scoring`; the page
modules (`pages_*.py`) add their routes to it and are imported by the app factory, and
take `uow()` and `me()` from here. Each
page checks who is asking with `page_requires` and renders a template from
services/scoring/templates on the shared layout of shared.webui.
"""

from __future__ import annotations

from flask import g

from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork
from shared.web import runtime
from shared.webui import page_blueprint

pages = page_blueprint("scoring_pages", __name__, "/scoring")


def uow() -> ScoringUnitOfWork:
    """A fresh unit of work of the scoring runtime serving this request."""
    return runtime().uow()


def me() -> str:
    """The username of whoever signed in to the page being served."""
    return g.page_principal.username
