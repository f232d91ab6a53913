"""The vacancy as the secretariat defines it, and each application as screening sees it.

A `Vacancy` holds the ToR text, the criteria (in the criteria-file shape, read by
`criteria_from_dict`), the competencies for the interviews and its closing date; it is
a draft until published, and each publication is a new version. A `ScreenedApplication`
is screening's copy of an application: the profile read from the CV, the verdicts of
the latest screening and the list it is on. The machine proposes; only the secretariat
moves a candidate onto a list.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from services.screening.domain.criteria import VacancyCriteria, criteria_from_dict
from services.screening.domain.months import Month


class VacancyStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ListStage(StrEnum):
    NONE = "none"
    LONG_LIST = "long_list"
    SHORT_LIST = "short_list"


class InvalidVacancy(ValueError):
    pass


class CannotShortlist(ValueError):
    pass


@dataclass(frozen=True)
class Vacancy:
    id: str
    reference: str
    title: str
    tor_text: str
    criteria: Mapping[str, Any]
    competencies: tuple[Mapping[str, Any], ...]
    closing_date: date | None
    contact_email: str
    status: VacancyStatus = VacancyStatus.DRAFT
    version: int = 0
    published_at: datetime | None = None

    @classmethod
    def draft(
        cls,
        reference: str,
        title: str,
        tor_text: str,
        criteria: Mapping[str, Any],
        competencies: list[Mapping[str, Any]],
        closing_date: date | None,
        contact_email: str,
    ) -> Vacancy:
        if not isinstance(criteria.get("criteria"), list) or not criteria["criteria"]:
            raise InvalidVacancy("The criteria must list at least one criterion.")
        return cls(
            id=str(uuid.uuid4()),
            reference=reference,
            title=title,
            tor_text=tor_text,
            criteria=dict(criteria),
            competencies=tuple(dict(c) for c in competencies),
            closing_date=closing_date,
            contact_email=contact_email,
        )

    def published(self, now: datetime) -> Vacancy:
        return replace(
            self, status=VacancyStatus.PUBLISHED, version=self.version + 1, published_at=now
        )

    def parsed_criteria(self) -> VacancyCriteria:
        return criteria_from_dict(self.criteria)

    def reference_month(self, today: date) -> Month:
        """Experience counts up to the closing date, or the criteria's date, or today."""
        if self.closing_date:
            return Month.from_date(self.closing_date)
        return self.parsed_criteria().reference_month or Month.from_date(today)


@dataclass(frozen=True)
class ScreenedApplication:
    application_id: str
    vacancy_id: str
    candidate_name: str
    profile: Mapping[str, Any]
    needs_attention: bool = False
    attention_reason: str | None = None
    criteria_version: int | None = None
    proposal: str | None = None
    verdicts: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    screened_at: datetime | None = None
    list_stage: ListStage = ListStage.NONE

    def with_profile(
        self, profile: Mapping[str, Any], needs_attention: bool, attention_reason: str | None
    ) -> ScreenedApplication:
        return replace(
            self,
            profile=profile,
            needs_attention=needs_attention,
            attention_reason=attention_reason,
        )

    def screened(
        self, criteria_version: int, proposal: str, verdicts: list[Mapping[str, Any]], now: datetime
    ) -> ScreenedApplication:
        return replace(
            self,
            criteria_version=criteria_version,
            proposal=proposal,
            verdicts=tuple(verdicts),
            screened_at=now,
        )

    def moved_to(self, stage: ListStage) -> ScreenedApplication:
        if stage is ListStage.SHORT_LIST and self.screened_at is None:
            raise CannotShortlist("This application has not been screened yet.")
        return replace(self, list_stage=stage)
