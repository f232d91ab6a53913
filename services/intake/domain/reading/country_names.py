"""Country names in English, French, Spanish, German, Portuguese and Italian, by region code.

The names are ISO 3166-1's, from pycountry, with the translations it ships (the iso-codes
project's); they are read once, on first use. `places` adds the United Nations' and
everyday names that ISO lacks ("Lao PDR", "Türkiye", "USA").
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

LANGUAGES = ("fr", "es", "de", "pt", "it")


@lru_cache(maxsize=1)
def names_by_region() -> dict[str, tuple[str, ...]]:
    """Every ISO 3166-1 country's names (English, official, common and translated)."""
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in LANGUAGES
    ]
    table: dict[str, tuple[str, ...]] = {}
    for country in pycountry.countries:
        english = [country.name]
        english += [
            getattr(country, kind)
            for kind in ("common_name", "official_name")
            if hasattr(country, kind)
        ]
        translated = [translation.gettext(country.name) for translation in translations]
        table[country.alpha_2] = tuple(dict.fromkeys(english + translated))
    return table
