"""The interview kit of a vacancy: what the panel asks and how it rates the answers.

A kit lists the competencies that are scored, each with its weight, the questions to ask
and a behavioural anchor for each level of the rating scale (what a 1, a 3, a 5 looks
like). `default_kit` builds one from the vacancy's competency framework (the indicators
are a starting point for the anchors); the secretariat edits it until the first score
sheet is in, after which it is locked, since changing the questions or the weights under
sheets already given would make them incomparable. The scoring round scores the kit's
competencies with the kit's weights.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from services.scoring.domain.errors import ScoringError
from services.scoring.domain.panel import MAX_SCORE, MIN_SCORE, Competency, InvalidRoundSetup

LEVELS = tuple(range(MIN_SCORE, MAX_SCORE + 1))
LEVEL_NAMES = {1: "none", 2: "little", 3: "some", 4: "most", 5: "all, convincingly"}


class KitLocked(ScoringError):
    def __init__(self) -> None:
        super().__init__(
            "The interview kit is locked: the first score sheet is in, so the competencies, "
            "weights, questions and anchors can no longer change."
        )


@dataclass(frozen=True)
class KitCompetency:
    name: str
    weight: float = 1.0
    questions: tuple[str, ...] = ()
    anchors: Mapping[int, str] = field(default_factory=dict, hash=False)
    kind: str | None = None
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", (self.name or "").strip())
        object.__setattr__(
            self, "questions", tuple(q.strip() for q in self.questions if q and q.strip())
        )
        try:
            anchors = {int(level): (text or "").strip() for level, text in self.anchors.items()}
        except (TypeError, ValueError) as error:
            raise InvalidRoundSetup("Anchor levels must be whole numbers.") from error
        outside = sorted(level for level in anchors if level not in LEVELS)
        if outside:
            raise InvalidRoundSetup(
                f"The scale runs from {MIN_SCORE} to {MAX_SCORE}; there is no level "
                + ", ".join(map(str, outside))
                + "."
            )
        object.__setattr__(self, "anchors", MappingProxyType(anchors))
        Competency(self.name, self.weight)  # the name and weight rules are the round's

    def anchor(self, level: int) -> str:
        return self.anchors.get(level, "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "weight": self.weight,
            "kind": self.kind,
            "description": self.description,
            "questions": list(self.questions),
            "anchors": {str(level): text for level, text in sorted(self.anchors.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "KitCompetency":
        return cls(
            name=data["name"],
            weight=data.get("weight", 1.0),
            questions=tuple(data.get("questions") or ()),
            anchors=dict(data.get("anchors") or {}),
            kind=data.get("kind"),
            description=data.get("description") or "",
        )


@dataclass(frozen=True)
class InterviewKit:
    competencies: tuple[KitCompetency, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "competencies", tuple(self.competencies))
        if not self.competencies:
            raise InvalidRoundSetup("An interview kit needs at least one competency.")
        names = [c.name for c in self.competencies]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise InvalidRoundSetup("Competencies listed twice: " + ", ".join(repeated) + ".")

    def scoring_competencies(self) -> tuple[Competency, ...]:
        return tuple(Competency(c.name, c.weight) for c in self.competencies)

    def to_list(self) -> list[dict[str, Any]]:
        return [c.to_dict() for c in self.competencies]

    @classmethod
    def from_list(cls, data: Iterable[Mapping[str, Any]]) -> "InterviewKit":
        return cls(tuple(KitCompetency.from_dict(c) for c in data))


def default_kit(framework: Iterable[Mapping[str, Any]]) -> InterviewKit:
    """A kit from the vacancy's competency framework: its names and weights, a question
    per indicator (or one general question), anchors drawn from the indicators."""
    return InterviewKit(tuple(_default_competency(c) for c in framework))


def ensure_editable(sheets_in: int) -> None:
    if sheets_in:
        raise KitLocked()


def _default_competency(framework: Mapping[str, Any]) -> KitCompetency:
    name = str(framework["name"]).strip()
    indicators = [str(i).strip().rstrip(".") for i in framework.get("indicators") or () if i]
    evidence = "; ".join(indicators) if indicators else (framework.get("description") or name)
    questions = [
        f"Tell us about a time when you showed this: {indicator.lower()}."
        for indicator in indicators
    ] or [f"Tell us about a situation that shows your {name.lower()}: what did you do?"]
    return KitCompetency(
        name=name,
        weight=framework.get("weight") or 1.0,
        questions=tuple(questions),
        anchors={level: f"Shows {LEVEL_NAMES[level]} of: {evidence}." for level in LEVELS},
        kind=framework.get("kind"),
        description=framework.get("description") or "",
    )
