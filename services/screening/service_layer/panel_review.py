"""The panel's part in building the long and short lists (journey 4): its members see the
long list of the vacancies whose panel they sit on, and comment; the secretariat reads the
comments and alone decides who moves.

`record_panel_appointed` keeps scoring's `panel.appointed` (the latest appointment wins).
`panel_vacancies`, `long_list`, `candidate` and `comments` answer a member, and refuse with
`NotVisibleToPanel` (a 404 at the edge, whatever the reason: the vacancy is unknown, the
member is not on its panel, the candidate is not on its long or short list) so that a
guessed id tells nothing. The review is blind when the vacancy asks for it or the member
chose it. `comment` keeps a comment and audits it, its text under the audit's erasable
`comment` key, so that `candidate.erased` can blank it in the trail as in the comments
table (see `erasure`) without breaking the chain. `comments_for_secretariat` and
`comment_counts` serve the secretariat's candidate page and applicants list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.screening.domain.applicants import is_blind
from services.screening.domain.panel_review import (
    Comment,
    LongListEntry,
    PanelCandidate,
    VacancyPanel,
    long_list_entry,
    new_comment,
    on_panel_lists,
    panel_candidate,
    panel_from,
)
from services.screening.domain.vacancies import ScreenedApplication, Vacancy
from services.screening.service_layer.erasure import is_erased_application
from services.screening.service_layer.unit_of_work import ScreeningUnitOfWork


class NotVisibleToPanel(LookupError):
    """Nothing this panel member may see (unknown, not their panel, not on the lists)."""


class CannotComment(ValueError):
    """A comment the application's state does not allow (its candidate's data was erased)."""


def record_panel_appointed(uow: ScreeningUnitOfWork, payload: Mapping[str, Any]) -> bool:
    """Keep who sits on the vacancy's panel; False when a newer appointment is kept."""
    panel = panel_from(payload, _moment(payload.get("appointed_at")))
    with uow:
        current = uow.panels.panel(panel.vacancy_id)
        if not panel.replaces(current):
            return False
        uow.panels.replace_panel(panel)
        uow.record(
            "system:screening",
            "panel.copied",
            "vacancy",
            panel.vacancy_id,
            before={"members": list(current.members) if current else None},
            after={"members": list(panel.members), "chair": panel.chair},
        )
        uow.commit()
        return True


@dataclass(frozen=True)
class PanelVacancy:
    vacancy: Vacancy
    blind: bool
    long_listed: int
    short_listed: int
    chair: bool


def panel_vacancies(uow: ScreeningUnitOfWork, member: str) -> list[PanelVacancy]:
    """The vacancies whose panel the member sits on, by reference."""
    with uow:
        found = [
            (vacancy, panel)
            for vacancy_id in uow.panels.vacancies_of(member)
            if (vacancy := uow.vacancies.get(vacancy_id)) is not None
            and (panel := uow.panels.panel(vacancy_id)) is not None
        ]
        counts = uow.panels.list_counts([vacancy.id for vacancy, _ in found])
        return [
            PanelVacancy(
                vacancy=vacancy,
                blind=_vacancy_blind(uow, vacancy),
                long_listed=counts.get(vacancy.id, {}).get("long_list", 0),
                short_listed=counts.get(vacancy.id, {}).get("short_list", 0),
                chair=panel.chair == member,
            )
            for vacancy, panel in sorted(found, key=lambda pair: pair[0].reference)
        ]


@dataclass(frozen=True)
class PanelLongList:
    vacancy: Vacancy
    criteria: list[Mapping[str, Any]]
    blind: bool
    vacancy_blind: bool
    entries: list[LongListEntry]


def long_list(
    uow: ScreeningUnitOfWork, member: str, vacancy_id: str, *, blind: bool = False
) -> PanelLongList:
    """The vacancy's long and short list as its panel member sees them."""
    with uow:
        vacancy, _panel = _panel_vacancy(uow, member, vacancy_id)
        vacancy_blind = _vacancy_blind(uow, vacancy)
        shown_blind = blind or vacancy_blind
        rows = uow.panels.long_list(vacancy_id, blind=shown_blind)
        counts = uow.panels.comment_counts([row.application_id for row in rows])
        entries = [
            long_list_entry(row, shown_blind, counts.get(row.application_id, 0)) for row in rows
        ]
        latest = uow.vacancies.version(vacancy_id, vacancy.version) if vacancy.version else None
        return PanelLongList(
            vacancy=vacancy,
            criteria=_criteria_list((latest or vacancy).criteria),
            blind=shown_blind,
            vacancy_blind=vacancy_blind,
            entries=entries,
        )


@dataclass(frozen=True)
class PanelCandidateReview:
    vacancy: Vacancy
    candidate: PanelCandidate
    criteria: dict[str, Mapping[str, Any]]
    vacancy_blind: bool


def candidate(
    uow: ScreeningUnitOfWork, member: str, application_id: str, *, blind: bool = False
) -> PanelCandidateReview:
    """One candidate of the lists, with the verdicts, the evidence and the comments."""
    with uow:
        application, vacancy = _visible_application(uow, member, application_id)
        vacancy_blind = _vacancy_blind(uow, vacancy)
        number = application.criteria_version or vacancy.version
        screened_under = uow.vacancies.version(vacancy.id, number) if number else None
        return PanelCandidateReview(
            vacancy=vacancy,
            candidate=panel_candidate(
                application, blind or vacancy_blind, uow.panels.comments(application_id)
            ),
            criteria={c["id"]: c for c in _criteria_list((screened_under or vacancy).criteria)},
            vacancy_blind=vacancy_blind,
        )


def comment(
    uow: ScreeningUnitOfWork,
    member: str,
    application_id: str,
    text: str | None,
    now: datetime | None = None,
) -> Comment:
    """Keep a panel member's comment on a candidate of the lists, and audit it."""
    now = now or datetime.now(UTC)
    with uow:
        application, _vacancy = _visible_application(uow, member, application_id)
        if is_erased_application(application):
            raise CannotComment("This candidate's data was erased: there is nothing to discuss.")
        written = new_comment(application, member, text, now)
        uow.panels.add_comment(written)
        uow.record(
            member,
            "application.commented",
            "application",
            application_id,
            after={
                "comment_id": written.id,
                "vacancy_id": written.vacancy_id,
                "list_stage": application.list_stage.value,
                "comment": written.text,
            },
        )
        uow.commit()
        return written


def comments(uow: ScreeningUnitOfWork, member: str, application_id: str) -> list[Comment]:
    """The comments on a candidate of the lists, oldest first, for a member of its panel."""
    with uow:
        _visible_application(uow, member, application_id)
        return uow.panels.comments(application_id)


def comments_for_secretariat(uow: ScreeningUnitOfWork, application_id: str) -> list[Comment]:
    with uow:
        return uow.panels.comments(application_id)


def comment_counts(uow: ScreeningUnitOfWork, application_ids: Sequence[str]) -> dict[str, int]:
    with uow:
        return uow.panels.comment_counts(list(application_ids))


# --- helpers ----------------------------------------------------------------------------------


def _panel_vacancy(
    uow: ScreeningUnitOfWork, member: str, vacancy_id: str
) -> tuple[Vacancy, VacancyPanel]:
    vacancy = uow.vacancies.get(vacancy_id)
    panel = uow.panels.panel(vacancy_id)
    if vacancy is None or panel is None or not panel.sits(member):
        raise NotVisibleToPanel(vacancy_id)
    return vacancy, panel


def _visible_application(
    uow: ScreeningUnitOfWork, member: str, application_id: str
) -> tuple[ScreenedApplication, Vacancy]:
    application = uow.applications.get(application_id)
    if application is None or not on_panel_lists(application):
        raise NotVisibleToPanel(application_id)
    vacancy, _panel = _panel_vacancy(uow, member, application.vacancy_id)
    return application, vacancy


def _vacancy_blind(uow: ScreeningUnitOfWork, vacancy: Vacancy) -> bool:
    """Blind when the draft or the latest published version asks for it (as for the
    secretariat: turning it on takes effect at once)."""
    latest = uow.vacancies.version(vacancy.id, vacancy.version) if vacancy.version else None
    return is_blind(vacancy.criteria) or is_blind(latest.criteria if latest else None)


def _criteria_list(criteria: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = criteria.get("criteria")
    return [c for c in items or () if isinstance(c, Mapping) and isinstance(c.get("id"), str)]


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None
