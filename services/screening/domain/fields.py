"""Fields of study and their neighbours, for proposing the fields a secretariat may accept.

This module owns a small taxonomy of fields of education, grouped like the narrow fields of
UNESCO's ISCED-F 2013 classification (e.g. 0312 "political sciences and civics", 0314
"sociology and cultural studies", 0413 "management and administration", 0421 "law"), with
the names degrees are commonly given in English and French. `related_fields()` takes the
fields a ToR lists and proposes the other names of the same narrow fields (and, for a broad
name such as "social sciences", of every narrow field under it), so that a master's in public
policy is proposed as relevant where a ToR asks for political science. The proposal is only
a proposal: it lands in the criterion's `fields_accepted_as_relevant`, which the secretariat
reviews and edits before publishing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from services.screening.domain.text import normalise_text


@dataclass(frozen=True)
class NarrowField:
    code: str
    name: str
    names: tuple[str, ...]


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split("|") if name.strip())


NARROW_FIELDS: tuple[NarrowField, ...] = (
    NarrowField(
        "0311",
        "economics",
        _names("economics | development economics | international economics | economie"),
    ),
    NarrowField(
        "0312",
        "political sciences and civics",
        _names(
            "political science | political sciences | politics | government"
            " | international relations | international affairs | international studies"
            " | global studies | diplomacy | public policy | peace and conflict studies"
            " | peace studies | conflict studies | war studies | security studies"
            " | strategic studies | european studies | political economy | science politique"
            " | sciences politiques | relations internationales | etudes internationales"
        ),
    ),
    NarrowField("0313", "psychology", _names("psychology | psychologie")),
    NarrowField(
        "0314",
        "sociology and cultural studies",
        _names(
            "sociology | anthropology | social anthropology | cultural studies"
            " | development studies | international development | gender studies"
            " | social policy | demography | human geography | area studies | sociologie"
            " | anthropologie | etudes du developpement"
        ),
    ),
    NarrowField(
        "0413",
        "management and administration",
        _names(
            "business administration | public administration | management | public management"
            " | business management | mba | administration publique | gestion"
            " | administration des affaires"
        ),
    ),
    NarrowField(
        "0421",
        "law",
        _names(
            "law | international law | public international law | international humanitarian law"
            " | human rights law | european law | international criminal law | droit"
            " | droit international | droit international public | droit international humanitaire"
        ),
    ),
    NarrowField(
        "0532",
        "earth sciences and geography",
        _names("geography | geographie | physical geography | geographic information science"),
    ),
)

# Broad names and the narrow fields they cover (ISCED-F broad and narrow groupings).
BROAD_FIELDS: dict[str, tuple[str, ...]] = {
    "social sciences": ("0311", "0312", "0313", "0314"),
    "social and behavioural sciences": ("0311", "0312", "0313", "0314"),
    "sciences sociales": ("0311", "0312", "0313", "0314"),
    "business and administration": ("0413",),
    "geography": ("0532", "0314"),
}


def _key(name: str) -> str:
    return normalise_text(name).replace("/", " ")


def narrow_fields_of(field: str) -> tuple[NarrowField, ...]:
    """The narrow fields a field's name belongs to, or those a broad name covers."""
    key = _key(field)
    codes = BROAD_FIELDS.get(key, ())
    return tuple(
        narrow
        for narrow in NARROW_FIELDS
        if narrow.code in codes or key in {_key(name) for name in narrow.names}
    )


def related_fields(listed: Sequence[str], *, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """The other names of the listed fields' narrow fields, each once, in a fixed order."""
    already = {_key(name) for name in (*listed, *exclude)}
    related: dict[str, None] = {}
    for field in listed:
        for narrow in narrow_fields_of(field):
            for name in narrow.names:
                if _key(name) not in already and name not in _TOO_BROAD_TO_PROPOSE:
                    related.setdefault(name, None)
    return tuple(related)


# Names that cover fields the ToR did not mean ("law" covers commercial law): they place a
# candidate's field, but a degree in them is left to a person.
_TOO_BROAD_TO_PROPOSE = frozenset(_names("law | droit | management | gestion | government"))
