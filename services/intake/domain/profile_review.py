"""The candidate's review of the profile read from their CV, and what they changed.

A candidate sees, and may correct, three parts of the profile: education, positions and
languages, each entry reduced to the fields a person can check (`EDITABLE_FIELDS`).
`editable_profile()` gives that view of a profile; `profile_changes(read, confirmed)`
says, field by field, what the candidate changed: entries `added`, `removed`, or
`changed` with the field and its old and new value (the index is the entry's place as
read, from 1; an added entry's is its place as confirmed). `confirmed_profile()` builds
the profile screening receives: the reading with the candidate's sections put in, each
kept entry keeping where it was read in the CV (`source`), and the "as written" values
dropped where the candidate changed what they describe. Entries are paired before they
are compared, so removing the first of three positions reads as one removal, not three
changes: identical entries pair first (in order), then each remaining confirmed entry
pairs with the read entry that shares most non-empty values with it. Plain Python.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "education": ("level", "degree_as_written", "field", "institution", "year_completed"),
    "positions": ("title", "employer", "start", "end", "ongoing", "city", "country", "bullets"),
    "languages": ("language", "level"),
}
SECTIONS: tuple[str, ...] = tuple(EDITABLE_FIELDS)
ENTRY_NAMES = {"education": "Degree", "positions": "Position", "languages": "Language"}
# the "as written" values that stop being true when the candidate changes these fields
_AS_WRITTEN: dict[str, dict[str, tuple[str, ...]]] = {
    "education": {"field_as_written": ("field",)},
    "positions": {"dates_as_written": ("start", "end", "ongoing")},
    "languages": {"level_as_written": ("level",)},
}

Entry = dict[str, Any]
EditableProfile = dict[str, list[Entry]]


class ReadingState(StrEnum):
    PENDING = "pending"
    READ = "read"
    NEEDS_ATTENTION = "needs_attention"


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class ProfileChange:
    section: str
    index: int
    kind: ChangeKind
    field: str | None = None
    old: Any = None
    new: Any = None

    @property
    def code(self) -> str:
        """The change without its values, e.g. `positions[2].end changed` (for the audit)."""
        where = f"{self.section}[{self.index}]"
        return f"{where}.{self.field} {self.kind}" if self.field else f"{where} {self.kind}"

    def describe(self) -> str:
        """The change as the secretariat reads it."""
        name = f"{ENTRY_NAMES[self.section]} {self.index}"
        if self.kind is ChangeKind.CHANGED:
            field = (self.field or "").replace("_", " ")
            return f"{name}: {field} changed from {_shown(self.old)} to {_shown(self.new)}"
        entry = self.new if self.kind is ChangeKind.ADDED else self.old
        return f"{name} {self.kind}: {entry_label(self.section, entry or {})}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "index": self.index,
            "kind": self.kind.value,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "description": self.describe(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProfileChange:
        return cls(
            section=str(data["section"]),
            index=int(data["index"]),
            kind=ChangeKind(data["kind"]),
            field=data.get("field"),
            old=data.get("old"),
            new=data.get("new"),
        )


@dataclass(frozen=True)
class ProfileReview:
    """One confirmation of the profile read from one CV (`cv_sha256`), by the candidate
    or, at the vacancy's closing date, by the system (`confirmed_by`, with a `note`)."""

    application_id: str
    reading_id: int | None
    cv_sha256: str
    profile_as_read: EditableProfile
    profile_confirmed: dict[str, Any]
    changes: tuple[ProfileChange, ...]
    confirmed_by: str
    confirmed_at: datetime
    note: str | None = None

    @property
    def corrected(self) -> bool:
        return bool(self.changes)

    @property
    def by_candidate(self) -> bool:
        return self.confirmed_by == CANDIDATE


CANDIDATE = "candidate"
AT_CLOSING = "system:closing"
CLOSING_NOTE = (
    "Submitted as read at the vacancy's closing date: the candidate did not confirm the"
    " profile read from the CV."
)


def reading_state(attention_reason: str | None, has_reading: bool) -> ReadingState:
    if not has_reading:
        return ReadingState.PENDING
    return ReadingState.NEEDS_ATTENTION if attention_reason else ReadingState.READ


def editable_profile(profile: Mapping[str, Any] | None) -> EditableProfile:
    """The three sections a candidate checks, each entry with exactly its editable fields."""
    profile = profile or {}
    return {
        section: [_editable(section, entry) for entry in profile.get(section) or ()]
        for section in SECTIONS
    }


def profile_changes(read: Mapping[str, Any], confirmed: Mapping[str, Any]) -> list[ProfileChange]:
    """What the candidate changed between the profile as read and as confirmed."""
    before, after = editable_profile(read), editable_profile(confirmed)
    changes: list[ProfileChange] = []
    for section in SECTIONS:
        old, new = before[section], after[section]
        for read_index, confirmed_index in _pairs(old, new):
            if confirmed_index is None:
                changes.append(
                    ProfileChange(section, read_index + 1, ChangeKind.REMOVED, old=old[read_index])
                )
            elif read_index is None:
                changes.append(
                    ProfileChange(
                        section, confirmed_index + 1, ChangeKind.ADDED, new=new[confirmed_index]
                    )
                )
            else:
                for field in EDITABLE_FIELDS[section]:
                    was, now = old[read_index][field], new[confirmed_index][field]
                    if was != now:
                        changes.append(
                            ProfileChange(
                                section, read_index + 1, ChangeKind.CHANGED, field, was, now
                            )
                        )
    return changes


def confirmed_profile(
    read: Mapping[str, Any], corrections: Mapping[str, Sequence[Mapping[str, Any]]] | None
) -> dict[str, Any]:
    """The profile as read with the candidate's sections in place of the read ones.

    A section missing from `corrections` stays as read; a section given replaces it whole.
    """
    profile = copy.deepcopy(dict(read))
    corrections = corrections or {}
    for section in SECTIONS:
        if section not in corrections:
            profile.setdefault(section, [])
            continue
        read_entries = list(read.get(section) or ())
        old = [_editable(section, entry) for entry in read_entries]
        new = [_editable(section, entry) for entry in corrections[section]]
        paired = {j: i for i, j in _pairs(old, new) if i is not None and j is not None}
        profile[section] = [
            _merged(section, read_entries[paired[j]] if j in paired else None, entry)
            for j, entry in enumerate(new)
        ]
    return profile


def entry_label(section: str, entry: Mapping[str, Any]) -> str:
    if section == "education":
        parts = [entry.get("degree_as_written"), entry.get("institution")]
    elif section == "positions":
        parts = [entry.get("title"), entry.get("employer")]
    else:
        level = entry.get("level")
        return f"{entry.get('language') or '(empty)'}" + (f" ({level})" if level else "")
    return ", ".join(str(part) for part in parts if part) or "(empty)"


# --- the details ------------------------------------------------------------------------


def _editable(section: str, entry: Mapping[str, Any]) -> Entry:
    result: Entry = {}
    for field in EDITABLE_FIELDS[section]:
        value = entry.get(field)
        if field == "ongoing":
            result[field] = bool(value)
        elif field == "bullets":
            result[field] = [b for b in (_text(bullet) for bullet in value or ()) if b]
        elif field == "year_completed":
            result[field] = _year(value)
        else:
            result[field] = _text(value)
    return result


def _text(value: Any) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(str(value).replace("\x00", "").split())
    return cleaned or None


def _year(value: Any) -> int | None:
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def _pairs(old: list[Entry], new: list[Entry]) -> list[tuple[int | None, int | None]]:
    """Pair the read entries with the confirmed ones: (read, confirmed), None where unpaired."""
    keys_old = [json.dumps(entry, sort_keys=True) for entry in old]
    keys_new = [json.dumps(entry, sort_keys=True) for entry in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            pairs.extend(_pair_by_likeness(old, new, range(i1, i2), range(j1, j2)))
    return pairs


def _pair_by_likeness(
    old: list[Entry], new: list[Entry], olds: range, news: range
) -> list[tuple[int | None, int | None]]:
    scored = sorted(
        (-_likeness(old[i], new[j]), i, j) for i in olds for j in news if _likeness(old[i], new[j])
    )
    paired_old: dict[int, int] = {}
    paired_new: set[int] = set()
    for _, i, j in scored:
        if i not in paired_old and j not in paired_new:
            paired_old[i] = j
            paired_new.add(j)
    result: list[tuple[int | None, int | None]] = [(i, paired_old.get(i)) for i in olds]
    result.extend((None, j) for j in news if j not in paired_new)
    return result


def _likeness(a: Entry, b: Entry) -> int:
    return sum(
        1 for field, value in a.items() if value not in (None, [], False) and b[field] == value
    )


def _merged(section: str, read_entry: Mapping[str, Any] | None, entry: Entry) -> dict[str, Any]:
    """A confirmed entry in the contract's shape, keeping what the reading knew of it."""
    if read_entry is None:
        merged: dict[str, Any] = {"source": None}
        if section == "education":
            merged["field_as_written"] = None
        elif section == "positions":
            merged["dates_as_written"] = None
        else:
            merged.update(language_as_written=entry["language"], level_as_written=None)
        return merged | entry
    merged = dict(read_entry)
    was = _editable(section, read_entry)
    for as_written, fields in _AS_WRITTEN[section].items():
        if any(was[field] != entry[field] for field in fields):
            merged[as_written] = None
    if section == "languages" and was["language"] != entry["language"]:
        merged["language_as_written"] = entry["language"]
    return merged | entry


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)
