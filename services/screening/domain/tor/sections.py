"""Which items of a ToR are qualification requirements and which are competencies.

This module owns walking the headings in order and assigning each item to the section it
belongs to: a qualification section (with the kind its subheading announces — education,
experience, language, other — and the default mandatory flag of a "Required" or "Desirable"
heading above it), a competency section (functional, core or other), or neither (context,
duties, how to apply). A section ends at a heading of another family, at a known closing
heading ("Remarks", "How to apply"...), or at an unknown title of the document's outline
(upper case, markdown, or numbered like the section's own heading); an unknown title of
lower rank stays inside ("Skills:" under "Qualifications", a competency's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.screening.domain.tor.layout import Block, Heading


@dataclass(frozen=True)
class QualificationItem:
    block: Block
    kind_hint: str | None
    mandatory_default: bool | None


@dataclass(frozen=True)
class CompetencyEntry:
    """An item or a minor title inside a competency section."""

    block: Block
    competency_kind: str
    section_title: str = ""


@dataclass(frozen=True)
class Sections:
    qualifications: tuple[QualificationItem, ...]
    competencies: tuple[CompetencyEntry, ...]
    found_qualification_heading: bool


@dataclass
class _State:
    family: str | None = None
    opened_numbered: bool = False
    kind_hint: str | None = None
    # The flag of a "Required"/"Desirable" section, and the one in force under a subheading.
    section_default: bool | None = None
    mandatory_default: bool | None = None
    # "Desirable: Experience with GIS." sets the flag of its own line only.
    next_item_default: bool | None = None
    competency_kind: str = "other"
    competency_title: str = ""


def sections_of(blocks: list[Block]) -> Sections:
    qualifications: list[QualificationItem] = []
    competencies: list[CompetencyEntry] = []
    found_qualification_heading = False
    state = _State()
    for block in blocks:
        heading = block.heading
        if heading is None:
            if state.family == "qualification":
                default = state.mandatory_default
                if state.next_item_default is not None:
                    default, state.next_item_default = state.next_item_default, None
                qualifications.append(QualificationItem(block, state.kind_hint, default))
            elif state.family == "competency":
                competencies.append(
                    CompetencyEntry(block, state.competency_kind, state.competency_title)
                )
            continue
        if heading.family == "qualification":
            found_qualification_heading = True
            _enter_qualification(state, heading)
        elif heading.family == "competency":
            kind = heading.competency_kind or "other"
            if state.family != "competency":
                state.opened_numbered = heading.numbered
                state.competency_kind = kind
            elif kind != "other":
                state.competency_kind = kind
            state.family = "competency"
            state.competency_title = heading.title
        elif heading.family == "stop" or _ends_section(state, heading):
            state.family = None
        elif state.family == "qualification":
            state.kind_hint = "other"
        elif state.family == "competency":
            competencies.append(
                CompetencyEntry(block, state.competency_kind, state.competency_title)
            )
    return Sections(tuple(qualifications), tuple(competencies), found_qualification_heading)


def _enter_qualification(state: _State, heading: Heading) -> None:
    if state.family != "qualification":
        state.family = "qualification"
        state.opened_numbered = heading.numbered
        state.section_default = state.mandatory_default = None
    if heading.kind_hint == "marker" and heading.has_inline_content:
        state.next_item_default = heading.mandatory_default
    elif heading.kind_hint == "marker":
        # Under "Education" it holds until the next subheading; above them, for the section.
        state.mandatory_default = heading.mandatory_default
        if state.kind_hint is None:
            state.section_default = heading.mandatory_default
    elif heading.kind_hint == "any":
        state.kind_hint = None
        state.section_default = state.mandatory_default = heading.mandatory_default
    else:
        state.kind_hint = heading.kind_hint
        own = heading.mandatory_default
        state.mandatory_default = own if own is not None else state.section_default


def _ends_section(state: _State, heading: Heading) -> bool:
    if state.family is None:
        return True
    if heading.numbered:
        return state.opened_numbered
    return heading.major
