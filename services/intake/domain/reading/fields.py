"""Fields of study, normalised to a lower-case English name.

This module owns the mapping from a field as written ("Science politique", "Public
International Law", "Relations internationales", "Völkerrecht") to the canonical name that
vacancies list ("political science", "international law", "international relations"). It
looks for the known names inside the written field, the earliest first and the longest at a
place, so "Political Science and Economics" is political science and "International
Humanitarian Law" is international law, not law. A field it does not know keeps its
written form, in lower case, for a person to judge.
"""

from __future__ import annotations

import re

from services.intake.domain.reading.text import fold

_CANONICAL: dict[str, tuple[str, ...]] = {
    "international law": (
        "international law",
        "public international law",
        "international humanitarian law",
        "international human rights law",
        "human rights law",
        "humanitarian law",
        "law of armed conflict",
        "droit international",
        "droit international public",
        "droit international humanitaire",
        "droit humanitaire",
        "derecho internacional",
        "volkerrecht",
        "direito internacional",
        "diritto internazionale",
    ),
    "international relations": (
        "international relations",
        "international affairs",
        "international studies",
        "international politics",
        "global affairs",
        "diplomacy",
        "relations internationales",
        "etudes internationales",
        "relaciones internacionales",
        "internationale beziehungen",
        "internationale politik",
        "relacoes internacionais",
        "relazioni internazionali",
    ),
    "political science": (
        "political science",
        "political sciences",
        "politics",
        "government",
        "science politique",
        "sciences politiques",
        "ciencia politica",
        "ciencias politicas",
        "politikwissenschaft",
        "politologie",
        "ciencia politica",
        "scienze politiche",
    ),
    "public administration": (
        "public administration",
        "public management",
        "administration publique",
        "administracion publica",
        "offentliche verwaltung",
        "administracao publica",
    ),
    "public policy": (
        "public policy",
        "public policies",
        "policy studies",
        "politiques publiques",
        "politique publique",
        "politicas publicas",
    ),
    "business administration": (
        "business administration",
        "administration des affaires",
        "administracion de empresas",
        "betriebswirtschaftslehre",
        "betriebswirtschaft",
        "administracao de empresas",
    ),
    "development studies": (
        "development studies",
        "international development",
        "development cooperation",
        "etudes du developpement",
        "etudes de developpement",
        "developpement international",
        "estudios de desarrollo",
        "entwicklungsstudien",
    ),
    "peace and conflict studies": (
        "peace and conflict studies",
        "peace and conflict",
        "peace studies",
        "conflict studies",
        "conflict resolution",
        "peacebuilding",
        "etudes de la paix",
        "friedens und konfliktforschung",
    ),
    "war studies": ("war studies",),
    "sociology": ("sociology", "sociologie", "sociologia", "soziologie"),
    "social sciences": (
        "social sciences",
        "social science",
        "sciences sociales",
        "ciencias sociales",
        "sozialwissenschaften",
        "scienze sociali",
    ),
    "geography": ("geography", "geographie", "geografia"),
    "economics": (
        "economics",
        "economie",
        "sciences economiques",
        "economia",
        "volkswirtschaftslehre",
        "wirtschaftswissenschaften",
    ),
    "law": ("law", "laws", "legal studies", "droit", "derecho", "rechtswissenschaft", "jura"),
    "history": ("history", "histoire", "historia", "geschichte", "storia"),
    "mine action": ("mine action", "humanitarian demining", "demining", "deminage"),
    "mechanical engineering": ("mechanical engineering", "genie mecanique"),
    "chemical engineering": ("chemical engineering", "genie chimique"),
    "food science": ("food science", "food sciences"),
    "fine arts": ("fine arts", "beaux arts"),
    "musicology": ("musicology", "musicologie"),
}
_KEYWORD_FIELD = {
    fold(keyword): canonical for canonical, keywords in _CANONICAL.items() for keyword in keywords
}
_KEYWORD = re.compile(
    r"\b(?:"
    + "|".join(re.escape(keyword) for keyword in sorted(_KEYWORD_FIELD, key=len, reverse=True))
    + r")\b"
)


def canonical_field(field: str | None) -> str | None:
    """The canonical lower-case English name of a field as written."""
    if field is None:
        return None
    found = _KEYWORD.search(fold(field))
    if found is None:
        return " ".join(field.lower().split())
    return _KEYWORD_FIELD[found.group(0)]
