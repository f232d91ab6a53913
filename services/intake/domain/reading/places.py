"""Country names, as CVs write them, and their ISO region codes.

This module owns the question "is this a country, and which?". The names are those of
`country_names` (ISO 3166's, in English, French, Spanish, German, Portuguese and
Italian), plus the United Nations' and everyday names that table lacks ("Lao PDR",
"Türkiye", "Viet Nam", "USA"). The region code is the hint phonenumbers needs to read a
number written without its country code.
"""

from __future__ import annotations

from functools import lru_cache

from services.intake.domain.reading.country_names import names_by_region
from services.intake.domain.reading.text import fold

_OTHER_NAMES: dict[str, str] = {
    "usa": "US",
    "u s a": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "lao pdr": "LA",
    "lao people s democratic republic": "LA",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "republic of the congo": "CG",
    "congo": "CG",
    "cote d ivoire": "CI",
    "ivory coast": "CI",
    "turkiye": "TR",
    "republic of korea": "KR",
    "korea": "KR",
    "russian federation": "RU",
    "syrian arab republic": "SY",
    "iran islamic republic of": "IR",
    "islamic republic of iran": "IR",
    "viet nam": "VN",
    "kosovo": "XK",
    "north macedonia": "MK",
    "state of palestine": "PS",
    "occupied palestinian territory": "PS",
    "czechia": "CZ",
    "eswatini": "SZ",
    "cabo verde": "CV",
    "united republic of tanzania": "TZ",
    "bolivia plurinational state of": "BO",
    "venezuela bolivarian republic of": "VE",
    "republic of moldova": "MD",
    "timor leste": "TL",
    "east timor": "TL",
    "burma": "MM",
    "the netherlands": "NL",
    "holland": "NL",
    "the gambia": "GM",
    "the philippines": "PH",
    "south sudan": "SS",
    "uae": "AE",
    "etats unis": "US",
    "suisse": "CH",
}


def region_of(country: str | None) -> str | None:
    """The ISO 3166 region code of a country name as written, or None if unknown."""
    if not country:
        return None
    return _regions().get(fold(country))


def is_country(text: str) -> bool:
    return region_of(text) is not None


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    regions = {fold(name): region for region, names in names_by_region().items() for name in names}
    regions.update(_OTHER_NAMES)
    return regions
