"""What changed between two criteria versions, and between two screenings of a CV.

`criteria_changes(old, new)` compares two criteria dicts (the criteria-file shape) and
describes, per criterion id, whether it was added, removed or changed, and for a change
which fields moved and how ("min_months: 120 → 96"); then the tag descriptions, the
secretariat's synonyms (`synonyms`: tag → phrases) and the other settings of the file
(such as `reference_date`). A `RescreenJob` is the secretariat's request to screen a
vacancy's applications again under one published version, with its progress; for each
application it screens, `screening_change()` records what the re-screen changed: the
proposal, and each criterion's verdict, old → new, as the secretariat saw them (with
overrides) and as the machine gave them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from services.screening.domain.vacancies import ScreenedApplication
from shared.progress import JobProgress

ChangeKind = Literal["added", "removed", "changed"]
Subject = Literal["criterion", "tag", "synonyms", "setting"]

# The keys of a criteria file compared on their own; every other top-level key is a setting.
_STRUCTURED_KEYS = frozenset({"criteria", "tags", "synonyms"})
_CRITERION_FIELDS = ("text", "mandatory", "kind")
_MISSING = object()


@dataclass(frozen=True)
class FieldChange:
    """One field of a criterion (or its rule: `rule.min_months`) with its old and new value;
    a value that did not exist is None."""

    field: str
    old: Any
    new: Any

    @property
    def description(self) -> str:
        old, new = self.old, self.new
        if _is_list_of_scalars(old) and _is_list_of_scalars(new):
            added = [item for item in new if item not in old]
            removed = [item for item in old if item not in new]
            parts = [f"added {_show(item)}" for item in added]
            parts += [f"removed {_show(item)}" for item in removed]
            if parts:
                return f"{self.field}: {'; '.join(parts)}"
        return f"{self.field}: {_show(old)} → {_show(new)}"


@dataclass(frozen=True)
class CriterionChange:
    """A criterion (or tag, tag's synonyms, setting) that was added, removed or changed."""

    subject: Subject
    id: str
    change: ChangeKind
    fields: tuple[FieldChange, ...] = ()

    @property
    def description(self) -> str:
        if self.subject == "setting" and self.fields:
            return self.fields[0].description
        label = {"criterion": "", "tag": "tag ", "synonyms": "synonyms of ", "setting": ""}
        head = f"{label[self.subject]}{self.id}"
        if self.change != "changed":
            return f"{head} {self.change}"
        return f"{head}: " + ", ".join(change.description for change in self.fields)


def criteria_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[CriterionChange]:
    """Criteria first (in the new order, removed ones after), then tags, synonyms, settings."""
    return [
        *_criteria(_criteria_by_id(old), _criteria_by_id(new)),
        *_tags(_mapping(old.get("tags")), _mapping(new.get("tags"))),
        *_synonyms(_mapping(old.get("synonyms")), _mapping(new.get("synonyms"))),
        *_settings(old, new),
    ]


def _criteria(
    old: dict[str, Mapping[str, Any]], new: dict[str, Mapping[str, Any]]
) -> list[CriterionChange]:
    changes = []
    for criterion_id, criterion in new.items():
        before = old.get(criterion_id)
        if before is None:
            changes.append(CriterionChange("criterion", criterion_id, "added"))
            continue
        fields = _criterion_field_changes(before, criterion)
        if fields:
            changes.append(CriterionChange("criterion", criterion_id, "changed", fields))
    changes += [
        CriterionChange("criterion", criterion_id, "removed")
        for criterion_id in old
        if criterion_id not in new
    ]
    return changes


def _criterion_field_changes(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[FieldChange, ...]:
    fields = [
        FieldChange(name, old.get(name), new.get(name))
        for name in _CRITERION_FIELDS
        if old.get(name) != new.get(name)
    ]
    old_rule, new_rule = _flatten(_mapping(old.get("rule"))), _flatten(_mapping(new.get("rule")))
    for key in sorted(_ordered_union(old_rule, new_rule), key=lambda key: key != "rule.type"):
        before, after = old_rule.get(key, _MISSING), new_rule.get(key, _MISSING)
        if before != after:
            fields.append(FieldChange(key, _none(before), _none(after)))
    other = _ordered_union(old, new, without={*_CRITERION_FIELDS, "rule", "id"})
    fields += [
        FieldChange(key, old.get(key), new.get(key))
        for key in other
        if old.get(key) != new.get(key)
    ]
    return tuple(fields)


def _tags(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[CriterionChange]:
    changes = []
    for tag in sorted(_ordered_union(old, new)):
        if tag not in old:
            changes.append(CriterionChange("tag", tag, "added"))
        elif tag not in new:
            changes.append(CriterionChange("tag", tag, "removed"))
        elif old[tag] != new[tag]:
            field = FieldChange("description", old[tag], new[tag])
            changes.append(CriterionChange("tag", tag, "changed", (field,)))
    return changes


def _synonyms(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[CriterionChange]:
    changes = []
    for tag in sorted(_ordered_union(old, new)):
        before, after = _phrases(old.get(tag)), _phrases(new.get(tag))
        if before == after:
            continue
        kind: ChangeKind = "added" if not before else "removed" if not after else "changed"
        field = FieldChange("phrases", before, after)
        changes.append(CriterionChange("synonyms", tag, kind, (field,)))
    return changes


def _settings(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[CriterionChange]:
    changes = []
    for key in _ordered_union(new, old, without=_STRUCTURED_KEYS):
        before, after = old.get(key, _MISSING), new.get(key, _MISSING)
        if before == after:
            continue
        kind: ChangeKind = (
            "added" if before is _MISSING else "removed" if after is _MISSING else "changed"
        )
        field = FieldChange(key, _none(before), _none(after))
        changes.append(CriterionChange("setting", key, kind, (field,)))
    return changes


def _criteria_by_id(criteria: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    items = criteria.get("criteria")
    if not isinstance(items, list):
        return {}
    found: dict[str, Mapping[str, Any]] = {}
    for index, item in enumerate(items, start=1):
        if isinstance(item, Mapping):
            found[str(item.get("id") or f"#{index}")] = item
    return found


def _flatten(rule: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{"in_lieu": {"degree_level": "bachelor"}}` → `{"in_lieu.degree_level": "bachelor"}`;
    the rule's own keys are shown as they are, its type as `rule.type`."""
    flat: dict[str, Any] = {}
    for key, value in rule.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            flat |= _flatten(value, f"{name}.")
        else:
            flat["rule.type" if name == "type" else name] = value
    return flat


def _ordered_union(
    first: Mapping[str, Any], second: Mapping[str, Any], without: Iterable[str] = ()
) -> list[str]:
    """The keys of both, those of `first` first, in their order, less those `without`."""
    dropped = set(without)
    keys = [*first, *(key for key in second if key not in first)]
    return [key for key in keys if key not in dropped]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _phrases(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value] if isinstance(value, list | tuple) else []


def _none(value: Any) -> Any:
    return None if value is _MISSING else value


def _is_list_of_scalars(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(
        isinstance(item, str | int | float | bool) for item in value
    )


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return f'"{value}"' if " " in value else value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


# --- re-screening ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RescreenJob(JobProgress):
    """Screen every application of a vacancy again under one published criteria version."""

    id: str
    vacancy_id: str
    criteria_version: int
    total: int
    requested_by: str
    requested_at: datetime
    done: int = 0
    changed: int = 0
    finished_at: datetime | None = None

    @classmethod
    def start(
        cls, vacancy_id: str, criteria_version: int, total: int, requested_by: str, now: datetime
    ) -> RescreenJob:
        job = cls(str(uuid.uuid4()), vacancy_id, criteria_version, total, requested_by, now)
        return job if total else replace(job, finished_at=now)

    def advanced(self, done: int, changed: int, now: datetime) -> RescreenJob:
        return replace(self, changed=self.changed + changed, **self.progress_after(done, now))


def batches(ids: Sequence[str], size: int) -> list[list[str]]:
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]


@dataclass(frozen=True)
class VerdictChange:
    """A criterion whose verdict moved: `old`/`new` as the secretariat saw them (after
    overrides), `old_machine`/`new_machine` as the machine gave them; None where the
    criterion was not in that version. `override_dropped` says that `old` came from an
    override made under the earlier version, which no longer applies."""

    criterion_id: str
    old: str | None
    new: str | None
    old_machine: str | None
    new_machine: str | None
    override_dropped: bool = False


@dataclass(frozen=True)
class ScreeningChange:
    job_id: str
    application_id: str
    candidate_name: str
    from_version: int | None
    to_version: int
    old_proposal: str | None
    new_proposal: str | None
    old_machine_proposal: str | None
    new_machine_proposal: str | None
    verdicts: tuple[VerdictChange, ...]
    decision: str

    @property
    def changed(self) -> bool:
        return self.old_proposal != self.new_proposal or bool(self.verdicts)


def screening_change(
    job_id: str, before: ScreenedApplication, after: ScreenedApplication
) -> ScreeningChange:
    """What screening `before` again (giving `after`) changed, criterion by criterion."""
    old = {v["criterion_id"]: v for v in before.effective_verdicts}
    new = {v["criterion_id"]: v for v in after.effective_verdicts}
    changes = []
    for criterion_id in _ordered_union(new, old):
        was, now = old.get(criterion_id, {}), new.get(criterion_id, {})
        change = VerdictChange(
            criterion_id,
            old=was.get("verdict"),
            new=now.get("verdict"),
            old_machine=was.get("machine_verdict"),
            new_machine=now.get("machine_verdict"),
            override_dropped=bool(was.get("override")) and not now.get("override"),
        )
        if (change.old, change.old_machine) != (change.new, change.new_machine):
            changes.append(change)
    return ScreeningChange(
        job_id=job_id,
        application_id=after.application_id,
        candidate_name=after.candidate_name,
        from_version=before.criteria_version,
        to_version=after.criteria_version or 0,
        old_proposal=before.effective_proposal,
        new_proposal=after.effective_proposal,
        old_machine_proposal=before.proposal,
        new_machine_proposal=after.proposal,
        verdicts=tuple(changes),
        decision=after.decision.value,
    )
