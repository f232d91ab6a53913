"""The panel's look at the long list: who sits on a vacancy's panel, what a member may see
of a candidate on the long or short list, and the comments they write.

The panel is appointed in scoring; screening keeps a copy (`VacancyPanel`) from each
`panel.appointed`, the latest replacing the one before. A member sees only the candidates
the secretariat put on the long or short list (`on_panel_lists`), and of each only what
judging the criteria needs (`PanelCandidate`): the verdicts with their figures and the CV
passages behind them, whether the secretariat overrode one (not its reasons, which are
the secretariat's own working notes), and the name unless the review is blind; never the
contact details, the profile or anything voluntary. A comment (`Comment`) is advice to the
secretariat, who alone moves candidates between lists: its text is required, at most
`MAX_COMMENT` characters, and becomes `ERASED_COMMENT` when the candidate's data is erased.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.screening.domain.applicants import ApplicantRow, neutral_code
from services.screening.domain.vacancies import ListStage, ScreenedApplication

MAX_COMMENT = 2000
PANEL_STAGES = (ListStage.LONG_LIST, ListStage.SHORT_LIST)
ERASED_COMMENT = "This comment was removed when the candidate's data was erased."
# what of a verdict the panel sees: the judgement and the evidence, not the override's reason
PANEL_VERDICT_KEYS = ("criterion_id", "mandatory", "verdict", "figure", "evidence", "passages")


class InvalidComment(ValueError):
    """A comment that cannot be kept as written (empty, too long)."""


@dataclass(frozen=True)
class VacancyPanel:
    vacancy_id: str
    members: tuple[str, ...]
    chair: str | None = None
    appointed_at: datetime | None = None

    def sits(self, member: str) -> bool:
        return member in self.members

    def replaces(self, current: VacancyPanel | None) -> bool:
        """Whether this appointment is the newer one (an event may arrive late)."""
        if current is None or current.appointed_at is None or self.appointed_at is None:
            return True
        return self.appointed_at >= current.appointed_at


def panel_from(payload: Mapping[str, Any], appointed_at: datetime | None) -> VacancyPanel:
    members = tuple(dict.fromkeys(str(m).strip() for m in payload["members"] if str(m).strip()))
    return VacancyPanel(payload["vacancy_id"], members, payload.get("chair"), appointed_at)


@dataclass(frozen=True)
class Comment:
    id: str
    application_id: str
    vacancy_id: str
    author: str
    written_at: datetime
    text: str


def comment_text(text: str | None) -> str:
    """The comment as it is kept: trimmed, present, not too long."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidComment("Write a comment first: an empty one is not kept.")
    if len(cleaned) > MAX_COMMENT:
        raise InvalidComment(
            f"A comment is at most {MAX_COMMENT} characters; this one has {len(cleaned)}."
        )
    return cleaned


def new_comment(
    application: ScreenedApplication, author: str, text: str | None, now: datetime
) -> Comment:
    return Comment(
        id=str(uuid.uuid4()),
        application_id=application.application_id,
        vacancy_id=application.vacancy_id,
        author=author,
        written_at=now,
        text=comment_text(text),
    )


def on_panel_lists(application: ScreenedApplication) -> bool:
    return application.list_stage in PANEL_STAGES


@dataclass(frozen=True)
class PanelVerdict:
    criterion_id: str
    mandatory: bool
    verdict: str
    overridden: bool
    figure: str = ""
    evidence: tuple[str, ...] = ()
    passages: tuple[Mapping[str, Any], ...] = ()


def panel_verdicts(effective: Iterable[Mapping[str, Any]]) -> list[PanelVerdict]:
    return [
        PanelVerdict(
            criterion_id=str(v["criterion_id"]),
            mandatory=bool(v.get("mandatory")),
            verdict=str(v.get("verdict")),
            overridden=v.get("override") is not None,
            figure=str(v.get("figure") or ""),
            evidence=tuple(str(line) for line in v.get("evidence") or ()),
            passages=tuple(p for p in v.get("passages") or () if isinstance(p, Mapping)),
        )
        for v in effective
    ]


@dataclass(frozen=True)
class PanelCandidate:
    """A candidate on the lists as a panel member sees them."""

    application_id: str
    vacancy_id: str
    shown_name: str
    blind: bool
    list_stage: str
    proposal: str | None
    needs_attention: bool
    verdicts: list[PanelVerdict]
    comments: list[Comment] = field(default_factory=list)


def panel_candidate(
    application: ScreenedApplication, blind: bool, comments: Sequence[Comment]
) -> PanelCandidate:
    return PanelCandidate(
        application_id=application.application_id,
        vacancy_id=application.vacancy_id,
        shown_name=(
            neutral_code(application.application_id) if blind else application.candidate_name
        ),
        blind=blind,
        list_stage=application.list_stage.value,
        proposal=application.effective_proposal,
        needs_attention=application.needs_attention,
        verdicts=panel_verdicts(application.effective_verdicts),
        comments=list(comments),
    )


@dataclass(frozen=True)
class LongListEntry:
    """One line of the panel's long list: the code or name, the list, the verdicts."""

    application_id: str
    shown_name: str
    list_stage: str
    proposal: str | None
    mandatory_met: int
    verdicts: Mapping[str, str]
    comment_count: int = 0


def long_list_entry(row: ApplicantRow, blind: bool, comment_count: int) -> LongListEntry:
    return LongListEntry(
        application_id=row.application_id,
        shown_name=row.shown_name(blind),
        list_stage=row.list_stage,
        proposal=row.proposal,
        mandatory_met=row.mandatory_met,
        verdicts={criterion: cell.verdict for criterion, cell in row.verdicts.items()},
        comment_count=comment_count,
    )
