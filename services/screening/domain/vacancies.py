"""The vacancy as the secretariat defines it, and each application as screening sees it.

A `Vacancy` holds an editable draft: the ToR text (and the name of its original file),
the criteria in the criteria-file shape (read by `criteria_from_dict`), the competencies
for the interviews and the closing date. Publishing freezes the draft as the next
immutable `CriteriaVersion`; the draft stays editable, and only the next publication
makes the next version. Screening always judges against a published version, never the
draft.

A `ScreenedApplication` is screening's copy of an application: the profile read from
the CV, the machine's verdicts of its latest screening and the version they were made
under, the secretariat's overrides, its decision and the list it is on. The machine only
proposes. Its verdicts stay as they were given; an override (with a reason) changes the
effective verdict of one criterion under the version it was made for, and the effective
proposal follows the effective verdicts. Rejection is the secretariat's decision alone,
confirmed only for an application whose effective proposal is `not_eligible` and that is
on no list; a rejected application cannot be moved onto a list until that is reversed.
A candidate's withdrawal is a decision too (`withdrawn`, final, off every list); an
erased candidate's application keeps only a neutral name and the verdict codes.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from services.screening.domain.criteria import (
    VERDICTS,
    EducationOrExperienceInLieuRule,
    UnassessableRule,
    VacancyCriteria,
    criteria_from_dict,
)
from services.screening.domain.months import Month

# A stored ToR file's name: `tor/<sha-256 of its bytes><suffix>` (see `shared.storage`).
TOR_FILE = re.compile(r"^tor/[0-9a-f]{64}(\.[a-z0-9]{1,5})?$")


class VacancyStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ListStage(StrEnum):
    NONE = "none"
    LONG_LIST = "long_list"
    SHORT_LIST = "short_list"


class Decision(StrEnum):
    PENDING = "pending"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # by the candidate: final


# What an erased candidate's verdicts keep: the codes, no figure, evidence or passage
ERASED_VERDICT_KEYS = ("criterion_id", "mandatory", "verdict")


class InvalidVacancy(ValueError):
    pass


class CannotShortlist(ValueError):
    pass


class InvalidOverride(ValueError):
    """An override that cannot be made as asked (unknown criterion, verdict, no reason)."""


class CannotDecide(ValueError):
    """A rejection (or its reversal) that the application's state does not allow."""


# --- vacancies and their versions -----------------------------------------------------------


@dataclass(frozen=True)
class CriteriaVersion:
    """A published version of a vacancy's criteria: immutable once made."""

    vacancy_id: str
    version: int
    title: str
    tor_text: str
    criteria: Mapping[str, Any]
    competencies: tuple[Mapping[str, Any], ...]
    closing_date: date | None
    published_at: datetime
    published_by: str
    tor_file: str | None = None
    tor_filename: str | None = None

    def parsed_criteria(self) -> VacancyCriteria:
        return criteria_from_dict(self.criteria)

    def reference_month(self, today: date) -> Month:
        return _reference_month(self.closing_date, self.parsed_criteria(), today)


@dataclass(frozen=True)
class Vacancy:
    """The draft the secretariat edits, and the number of its latest published version."""

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
    tor_file: str | None = None
    tor_filename: str | None = None

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
        tor_file: str | None = None,
        tor_filename: str | None = None,
    ) -> Vacancy:
        check_criteria(criteria)
        _check_tor_file(tor_file)
        return cls(
            id=str(uuid.uuid4()),
            reference=reference,
            title=title,
            tor_text=tor_text,
            criteria=dict(criteria),
            competencies=tuple(dict(c) for c in competencies),
            closing_date=closing_date,
            contact_email=contact_email,
            tor_file=tor_file,
            tor_filename=tor_filename if tor_file else None,
        )

    def edited(self, changes: Mapping[str, Any]) -> Vacancy:
        """The draft with `changes` (title, tor_text, criteria, competencies, closing_date,
        tor_file, tor_filename) applied; the published versions are untouched."""
        unknown = set(changes) - DRAFT_FIELDS
        if unknown:
            raise InvalidVacancy(f"These cannot be edited: {', '.join(sorted(unknown))}.")
        if "criteria" in changes:
            check_criteria(changes["criteria"])
        if "tor_file" in changes:
            _check_tor_file(changes["tor_file"])
        values = dict(changes)
        if "criteria" in values:
            values["criteria"] = dict(values["criteria"])
        if "competencies" in values:
            values["competencies"] = tuple(dict(c) for c in values["competencies"])
        return replace(self, **values)

    def publish(self, now: datetime, by: str) -> tuple[Vacancy, CriteriaVersion]:
        """Freeze the draft as version N+1; the draft stays as it is, still editable."""
        version = CriteriaVersion(
            vacancy_id=self.id,
            version=self.version + 1,
            title=self.title,
            tor_text=self.tor_text,
            criteria=dict(self.criteria),
            competencies=tuple(dict(c) for c in self.competencies),
            closing_date=self.closing_date,
            published_at=now,
            published_by=by,
            tor_file=self.tor_file,
            tor_filename=self.tor_filename,
        )
        published = replace(
            self, status=VacancyStatus.PUBLISHED, version=version.version, published_at=now
        )
        return published, version

    @property
    def warnings(self) -> list[str]:
        """What in the draft's criteria screening cannot use as written."""
        return criteria_warnings(self.criteria)

    def parsed_criteria(self) -> VacancyCriteria:
        return criteria_from_dict(self.criteria)

    def reference_month(self, today: date) -> Month:
        """Experience counts up to the closing date, or the criteria's date, or today."""
        return _reference_month(self.closing_date, self.parsed_criteria(), today)


DRAFT_FIELDS = frozenset(
    {"title", "tor_text", "criteria", "competencies", "closing_date", "tor_file", "tor_filename"}
)


def _reference_month(closing_date: date | None, criteria: VacancyCriteria, today: date) -> Month:
    if closing_date:
        return Month.from_date(closing_date)
    return criteria.reference_month or Month.from_date(today)


def check_criteria(criteria: Any) -> None:
    """Refuse criteria that cannot be screened or overridden at all (no list of criteria,
    a criterion without an id, an id used twice); what is merely unassessable is a warning."""
    if not isinstance(criteria, Mapping):
        raise InvalidVacancy("The criteria must be an object in the criteria-file shape.")
    items = criteria.get("criteria")
    if not isinstance(items, list) or not items:
        raise InvalidVacancy("The criteria must list at least one criterion.")
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise InvalidVacancy(f"Criterion {number} is not an object.")
        criterion_id = item.get("id")
        if not isinstance(criterion_id, str) or not criterion_id.strip():
            raise InvalidVacancy(f"Criterion {number} has no id.")
        if criterion_id in seen:
            raise InvalidVacancy(f"The criterion id {criterion_id} is used more than once.")
        seen.add(criterion_id)
        if not isinstance(item.get("rule") or {}, Mapping):
            raise InvalidVacancy(f"The rule of criterion {criterion_id} is not an object.")
    for key in ("tags", "synonyms"):
        if not isinstance(criteria.get(key, {}), Mapping):
            raise InvalidVacancy(f"The criteria's {key} must be an object (name → value).")


def criteria_warnings(criteria: Mapping[str, Any]) -> list[str]:
    """Criteria screening will always find unclear, tags nothing can match, and the like."""
    try:
        check_criteria(criteria)
    except InvalidVacancy as error:
        return [str(error)]
    parsed = criteria_from_dict(criteria)
    described = set(parsed.tag_descriptions)
    warnings = []
    for criterion in parsed.criteria:
        rule = criterion.rule
        if isinstance(rule, UnassessableRule):
            warnings.append(
                f"{criterion.id}: {rule.reason}; screening will find this criterion "
                "unclear for everyone until the rule is corrected."
            )
            continue
        tag = getattr(rule, "tag", None)
        if isinstance(rule, EducationOrExperienceInLieuRule):
            tag = rule.in_lieu.qualifying_experience_tag
        if tag and tag not in described:
            warnings.append(
                f"{criterion.id}: the tag {tag!r} has no description under tags, so no "
                "position can be matched to it."
            )
    if not parsed.mandatory_criteria:
        warnings.append(
            "No criterion is mandatory: every screened application will be proposed for "
            "the long list."
        )
    return warnings


def _check_tor_file(tor_file: str | None) -> None:
    if tor_file is not None and not TOR_FILE.match(tor_file):
        raise InvalidVacancy(
            "The ToR file must be the tor_file returned by a ToR import (tor/<digest>.<ext>)."
        )


# --- verdicts, overrides, the proposal ------------------------------------------------------


@dataclass(frozen=True)
class VerdictOverride:
    """A secretariat member's verdict on one criterion, under one criteria version."""

    application_id: str
    criterion_id: str
    criteria_version: int
    machine_verdict: str
    machine_figure: str
    verdict: str
    by: str
    at: datetime
    reason: str


def proposal_for(verdicts: Iterable[Mapping[str, Any]]) -> str:
    """The long-list rule on (effective) verdicts: every mandatory criterion met → long list;
    any mandatory not met → not eligible; otherwise (some unclear) → needs review."""
    mandatory = {v["verdict"] for v in verdicts if v.get("mandatory")}
    if "not_met" in mandatory:
        return "not_eligible"
    if "unclear" in mandatory:
        return "needs_review"
    return "long_list"


def effective_verdicts(
    verdicts: Sequence[Mapping[str, Any]],
    overrides: Iterable[VerdictOverride],
    criteria_version: int | None,
) -> list[dict[str, Any]]:
    """Each machine verdict with the latest override made under the same criteria version
    applied: `machine_verdict` is the machine's, `verdict` the effective one, and
    `override` says who overrode it, when and why (None when nobody did)."""
    latest = {o.criterion_id: o for o in overrides if o.criteria_version == criteria_version}
    effective = []
    for verdict in verdicts:
        override = latest.get(verdict["criterion_id"])
        effective.append(
            {
                **verdict,
                "machine_verdict": verdict["verdict"],
                "verdict": override.verdict if override else verdict["verdict"],
                "override": (
                    {"by": override.by, "at": override.at, "reason": override.reason}
                    if override
                    else None
                ),
            }
        )
    return effective


# --- applications ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRecord:
    """A confirmed rejection, or its reversal, with what the machine proposed at that moment."""

    application_id: str
    action: str  # "rejected" | "rejection_reversed"
    by: str
    at: datetime
    reason: str
    machine_proposal: str | None
    proposal: str | None
    criteria_version: int | None


@dataclass(frozen=True)
class ListMove:
    application_id: str
    from_stage: ListStage
    to_stage: ListStage
    by: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class ScreenedApplication:
    application_id: str
    vacancy_id: str
    candidate_name: str
    profile: Mapping[str, Any]
    needs_attention: bool = False
    attention_reason: str | None = None
    criteria_version: int | None = None
    proposal: str | None = None  # the machine's, from its own verdicts
    verdicts: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    screened_at: datetime | None = None
    list_stage: ListStage = ListStage.NONE
    parser_version: str | None = None
    decision: Decision = Decision.PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    overrides: tuple[VerdictOverride, ...] = ()  # every one made, under any version

    def with_profile(
        self,
        profile: Mapping[str, Any],
        needs_attention: bool,
        attention_reason: str | None,
        parser_version: str | None = None,
    ) -> ScreenedApplication:
        return replace(
            self,
            profile=profile,
            needs_attention=needs_attention,
            attention_reason=attention_reason,
            parser_version=parser_version or self.parser_version,
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

    @property
    def effective_verdicts(self) -> list[dict[str, Any]]:
        return effective_verdicts(self.verdicts, self.overrides, self.criteria_version)

    @property
    def effective_proposal(self) -> str | None:
        """The proposal from the effective verdicts; None before the first screening."""
        if self.screened_at is None:
            return None
        return proposal_for(self.effective_verdicts)

    def overridden(
        self, criterion_id: str, verdict: str, by: str, reason: str, now: datetime
    ) -> tuple[ScreenedApplication, VerdictOverride]:
        if self.screened_at is None or self.criteria_version is None:
            raise InvalidOverride("This application has not been screened yet.")
        if verdict not in VERDICTS:
            raise InvalidOverride(f"The verdict must be one of {', '.join(VERDICTS)}.")
        if not reason or not reason.strip():
            raise InvalidOverride("Give a reason for the override.")
        machine = next((v for v in self.verdicts if v["criterion_id"] == criterion_id), None)
        if machine is None:
            raise InvalidOverride(
                f"{criterion_id} is not a criterion of version {self.criteria_version}, "
                "under which this application was screened."
            )
        override = VerdictOverride(
            application_id=self.application_id,
            criterion_id=criterion_id,
            criteria_version=self.criteria_version,
            machine_verdict=machine["verdict"],
            machine_figure=str(machine.get("figure", "")),
            verdict=verdict,
            by=by,
            at=now,
            reason=reason.strip(),
        )
        return replace(self, overrides=(*self.overrides, override)), override

    def rejection_refusal(self) -> str | None:
        """Why this application may not be rejected now; None when it may."""
        if self.decision is Decision.REJECTED:
            return "This application has already been rejected."
        if self.decision is Decision.WITHDRAWN:
            return "This application was withdrawn by its candidate."
        if self.screened_at is None:
            return "This application has not been screened yet."
        if self.list_stage is not ListStage.NONE:
            stage = self.list_stage.value.replace("_", " ")
            return f"This application is on the {stage}; take it off the list first."
        proposal = self.effective_proposal
        if proposal != "not_eligible":
            shown = (proposal or "none").replace("_", " ")
            return (
                f"Only an application proposed as not eligible can be rejected; this one is "
                f"proposed as {shown}. Override the verdict first, with a reason."
            )
        return None

    def rejected(
        self, by: str, reason: str, now: datetime
    ) -> tuple[ScreenedApplication, DecisionRecord]:
        refusal = self.rejection_refusal()
        if refusal:
            raise CannotDecide(refusal)
        return self._decided(Decision.REJECTED, "rejected", by, reason, now)

    def rejection_reversed(
        self, by: str, reason: str, now: datetime
    ) -> tuple[ScreenedApplication, DecisionRecord]:
        if self.decision is not Decision.REJECTED:
            raise CannotDecide("This application has not been rejected.")
        return self._decided(Decision.PENDING, "rejection_reversed", by, reason, now)

    def _decided(
        self, decision: Decision, action: str, by: str, reason: str, now: datetime
    ) -> tuple[ScreenedApplication, DecisionRecord]:
        if not reason or not reason.strip():
            raise CannotDecide("Give a reason for the decision.")
        record = DecisionRecord(
            self.application_id,
            action,
            by,
            now,
            reason.strip(),
            self.proposal,
            self.effective_proposal,
            self.criteria_version,
        )
        decided = replace(
            self, decision=decision, decided_by=by, decided_at=now, decision_reason=record.reason
        )
        return decided, record

    def withdrawn(self, now: datetime) -> tuple[ScreenedApplication, DecisionRecord] | None:
        """The candidate withdrew: final, off any list; None when already withdrawn."""
        if self.decision is Decision.WITHDRAWN:
            return None
        decided, record = self._decided(
            Decision.WITHDRAWN, "withdrawn", "candidate", "Withdrawn by the candidate.", now
        )
        return replace(decided, list_stage=ListStage.NONE), record

    def erased(self, neutral_name: str) -> ScreenedApplication:
        """Without its candidate's data: name neutral, no profile, verdicts as bare codes."""
        return replace(
            self,
            candidate_name=neutral_name,
            profile={},
            attention_reason=None,
            decision_reason=None,
            verdicts=tuple(erased_verdict(v) for v in self.verdicts),
            overrides=tuple(replace(o, machine_figure="", reason="") for o in self.overrides),
        )

    def moved_to(self, stage: ListStage) -> ScreenedApplication:
        if stage is not ListStage.NONE and self.decision is Decision.WITHDRAWN:
            raise CannotShortlist("This application was withdrawn by its candidate.")
        if stage is not ListStage.NONE and self.decision is Decision.REJECTED:
            raise CannotShortlist(
                "This application was rejected; reverse the rejection before putting it on a list."
            )
        if stage is ListStage.SHORT_LIST and self.screened_at is None:
            raise CannotShortlist("This application has not been screened yet.")
        return replace(self, list_stage=stage)


def erased_verdict(verdict: Mapping[str, Any]) -> dict[str, Any]:
    return {key: verdict[key] for key in ERASED_VERDICT_KEYS if key in verdict}


# --- history --------------------------------------------------------------------------------


def application_history(
    application: ScreenedApplication,
    screenings: Iterable[Mapping[str, Any]],
    decisions: Iterable[DecisionRecord],
    moves: Iterable[ListMove],
) -> list[dict[str, Any]]:
    """Every screening, override, decision and list move, oldest first, each with who, when
    and why; an override says whether it applies to the application's current screening."""
    applied = {
        (v["override"]["by"], v["override"]["at"], v["criterion_id"])
        for v in application.effective_verdicts
        if v["override"]
    }
    entries: list[dict[str, Any]] = []
    for screening in screenings:
        requested_by = screening.get("requested_by")
        entries.append(
            {
                "kind": "screening",
                "at": screening["screened_at"],
                "by": requested_by or "system:screening",
                "reason": (
                    f"re-screen under version {screening['criteria_version']}"
                    if requested_by
                    else f"CV read (parser {screening.get('parser_version') or 'unknown'})"
                ),
                "criteria_version": screening["criteria_version"],
                "parser_version": screening.get("parser_version"),
                "proposal": screening["proposal"],
                "verdicts": screening["verdicts"],
            }
        )
    for override in application.overrides:
        entries.append(
            {
                "kind": "override",
                "at": override.at,
                "by": override.by,
                "reason": override.reason,
                "criteria_version": override.criteria_version,
                "criterion_id": override.criterion_id,
                "machine_verdict": override.machine_verdict,
                "machine_figure": override.machine_figure,
                "verdict": override.verdict,
                "applied": (override.by, override.at, override.criterion_id) in applied,
            }
        )
    for decision in decisions:
        entries.append(
            {
                "kind": decision.action,
                "at": decision.at,
                "by": decision.by,
                "reason": decision.reason,
                "criteria_version": decision.criteria_version,
                "machine_proposal": decision.machine_proposal,
                "proposal": decision.proposal,
            }
        )
    for move in moves:
        entries.append(
            {
                "kind": "list_move",
                "at": move.at,
                "by": move.by,
                "reason": move.reason,
                "from_list": move.from_stage.value,
                "to_list": move.to_stage.value,
            }
        )
    return sorted(entries, key=lambda entry: entry["at"])
