"""What kind of organisation an employer is, as a reader of international CVs knows.

This module owns recognising, from an employer's name as written in a CV, the kinds of
organisation that ToRs in this field name as the place where experience counts: a foreign
ministry, a diplomatic mission, an international organisation (the UN system, other
intergovernmental bodies, international financial institutions, treaty secretariats and
international centres), a peace operation, and an international NGO. It works from the
name's own wording ("Permanent Mission of …", "Embassy of …", "Ministère des Affaires
étrangères", "United Nations … Mission in …") and from a reference list of well-known
international organisations and NGOs with their acronyms. The kinds are added to the
position as a readable passage ("UNDP: international organisation"), so a tag description
that says "international organisation" matches it, and the evidence says why.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from services.screening.domain.text import words_of


class OrganisationKind(StrEnum):
    FOREIGN_MINISTRY = "foreign ministry"
    DIPLOMATIC_MISSION = "diplomatic mission"
    INTERNATIONAL_ORGANISATION = "international organisation"
    PEACE_OPERATION = "peace operation"
    INTERNATIONAL_NGO = "international ngo"


_FOREIGN_MINISTRY = (
    r"ministry (?:of|for) (?:europe and )?foreign affairs",
    r"foreign (?:affairs )?ministry",
    r"foreign (?:and )?commonwealth",
    r"foreign office",
    r"department of foreign affairs",
    r"(?:united states|\bus|\bu s) (?:department of state|state department)",
    r"global affairs canada",
    r"affaires etrangeres",
    r"relations exterieures",
    r"(?:asuntos|relaciones) exteriores",
    r"auswartiges amt",
    r"ministero degli (?:affari )?esteri",
    r"(?:negocios|relacoes) estrangeir",
    r"\bmfa\b",
    r"\bfcdo\b",
)
_DIPLOMATIC_MISSION = (
    r"permanent mission",
    r"permanent representation",
    r"mission permanente",
    r"\bembassy (?:of|in|to)\b",
    r"\b[a-z]+ embassy\b(?! suites)",
    r"\bambassade (?:de|d|du|des)\b",
    r"\bembajada (?:de|del)\b",
    r"\bbotschaft\b",
    r"consulate",
    r"high commission (?:of|for)",
    r"delegation of the european union",
    r"\beu delegation",
    r"delegation (?:of|to) ",
)
_PEACE_OPERATION = (
    r"united nations (?:[a-z]+ )*(?:mission|operation|force) (?:in|for|to)\b",
    r"united nations (?:[a-z]+ )*peacebuilding office",
    r"\bun (?:[a-z]+ )*mission (?:in|for|to)\b",
    r"peacekeeping",
    r"\bosce (?:mission|programme office|centre|presence|project co ?ordinator)",
    r"african union mission",
    r"\beu(?:lex|mm|cap|fm)\b",
    r"\b(?:minusma|minusca|monusco|minurso|minustah|unmiss|unamid|unama|unami|unsmil|unmil|"
    r"unipsil|unifil|unficyp|unmik|unsom|unmha|unitams|binuh|unoca|unowas|unrcca|unsco|"
    r"unsms|unmit|unmis|unoci|unamsil|unmee|untso|unmogip|undof)\b",
)
_INTERNATIONAL_ORGANISATION = (
    r"united nations",
    r"\bun\b",
    r"\bu n\b",
    r"nations unies",
    r"naciones unidas",
    r"world bank",
    r"international monetary fund",
    r"(?:african|asian|inter american|european|islamic|caribbean) development bank",
    r"european bank for reconstruction",
    r"european investment bank",
    r"european (?:union|commission|external action service|parliament|council)",
    r"council of europe",
    r"organi[sz]ation (?:for|of) (?:security|economic|american|islamic|african)",
    r"african union",
    r"commonwealth secretariat",
    r"francophonie",
    r"international (?:committee|federation) of the red cross",
    r"red (?:cross|crescent)",
    r"international organi[sz]ation (?:for|of) migration",
    r"international (?:labour|labor|maritime|civil aviation|telecommunication|atomic energy|"
    r"criminal|fund for agricultural)",
    r"world (?:health|food|trade|meteorological|intellectual property|customs) ",
    r"global fund",
    r"implementation support unit",
    r"convention secretariat",
    r"treaty (?:organi[sz]ation|secretariat)",
    r"geneva (?:international )?cent(?:re|er) for",
    r"geneva international centre",
    r"international (?:centre|center) for",
    r"(?:^| )(?:un|u n) (?:women|habitat|aids)",
)
# Acronyms are matched as written (in capitals) on the name itself, so that "Bright Idea
# Consulting" or "EC Harris" are not taken for International IDEA or the European Commission.
_INTERNATIONAL_ACRONYMS = re.compile(
    r"\b(?:UNDP|UNICEF|UNHCR|UNRWA|WFP|WHO|ILO|FAO|UNESCO|UNOPS|UNFPA|UNODC|UNODA|UNMAS|UNIDIR|"
    r"IOM|OHCHR|OCHA|UNEP|UNIDO|ITU|WIPO|WMO|ICAO|IMO|IFAD|IAEA|OPCW|CTBTO|WTO|IMF|OSCE|NATO|"
    r"OECD|ASEAN|ECOWAS|IGAD|SADC|OAS|OIC|EEAS|ICRC|IFRC|GICHD|DCAF|GCSP|UNOG|UNOV|UNON|"
    r"UNITAR|UNU|UNCTAD|UNCDF|UNV|UNAIDS|DPPA|DPO|UN DESA|UNDSS|UNSSC|ICC|INTERPOL|UNCCD|"
    r"UNFCCC|IPU|AU|EU|EC|ICMPD|UN)\b"
)

_INGO_ACRONYMS = re.compile(r"\b(?:MAG|NPA|NRC|DDG|FSD|MSF|ICBL|APOPO|INGO)\b")

# International NGOs and foundations whose names do not say they are international.
_INTERNATIONAL_NGO = (
    r"halo trust",
    r"mines advisory group",
    r"norwegian (?:people s aid|refugee council)",
    r"danish (?:demining group|refugee council)",
    r"handicap international",
    r"humanity (?:&|and)? ?inclusion",
    r"swiss foundation for mine action",
    r"fondation suisse de deminage",
    r"danchurchaid",
    r"dan church aid",
    r"golden west",
    r"oxfam",
    r"save the children",
    r"\bcare (?:international|usa|uk|france)",
    r"international rescue committee",
    r"medecins sans frontieres",
    r"doctors without borders",
    r"world vision",
    r"plan international",
    r"actionaid",
    r"action contre la faim",
    r"action against hunger",
    r"mercy corps",
    r"concern worldwide",
    r"amnesty international",
    r"human rights watch",
    r"international crisis group",
    r"saferworld",
    r"conciliation resources",
    r"interpeace",
    r"centre for humanitarian dialogue",
    r"geneva call",
    r"small arms survey",
    r"control arms",
    r"cluster munition coalition",
    r"landmine (?:and cluster munition )?monitor",
    r"mine action review",
    r"international campaign to ban",
    r"international alert",
    r"search for common ground",
    r"\bnonviolent peaceforce",
    r"international (?:ngo|non governmental)",
)

_STATE_REPRESENTATION = re.compile(
    r"permanent (?:mission|representation) of|mission permanente (?:de|d|du)|embassy|ambassade|"
    r"embajada|consulate|high commission (?:of|for)"
)

_PATTERNS: tuple[tuple[OrganisationKind, tuple[str, ...]], ...] = (
    (OrganisationKind.FOREIGN_MINISTRY, _FOREIGN_MINISTRY),
    (OrganisationKind.DIPLOMATIC_MISSION, _DIPLOMATIC_MISSION),
    (OrganisationKind.PEACE_OPERATION, _PEACE_OPERATION),
    (OrganisationKind.INTERNATIONAL_ORGANISATION, _INTERNATIONAL_ORGANISATION),
    (OrganisationKind.INTERNATIONAL_NGO, _INTERNATIONAL_NGO),
)


@cache
def _compiled(kind: OrganisationKind) -> re.Pattern[str]:
    patterns = dict(_PATTERNS)[kind]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def _plain(text: str) -> str:
    return " ".join(words_of(text))


def organisation_kinds(employer: str | None) -> tuple[OrganisationKind, ...]:
    """The kinds an employer's name shows, in a fixed order; empty when none is known.

    A UN peace operation is also an international organisation; a State's embassy or
    permanent mission is not, even when it is accredited to the United Nations.
    """
    if not employer:
        return ()
    name = _plain(employer)
    kinds = [kind for kind, _ in _PATTERNS if _compiled(kind).search(name)]
    if (
        _INTERNATIONAL_ACRONYMS.search(employer)
        and OrganisationKind.INTERNATIONAL_ORGANISATION not in kinds
    ):
        kinds.append(OrganisationKind.INTERNATIONAL_ORGANISATION)
    if _INGO_ACRONYMS.search(employer) and OrganisationKind.INTERNATIONAL_NGO not in kinds:
        kinds.append(OrganisationKind.INTERNATIONAL_NGO)
    if _STATE_REPRESENTATION.search(name) and OrganisationKind.INTERNATIONAL_ORGANISATION in kinds:
        # A State's mission to the UN works with an international organisation, for its State.
        kinds.remove(OrganisationKind.INTERNATIONAL_ORGANISATION)
    order = [kind for kind, _ in _PATTERNS]
    return tuple(sorted(kinds, key=order.index))


# Words that, in a name the reference list does not know, suggest an international body
# ("Global Partnership for …", "International Trust Fund …").
_INTERNATIONAL_CUES = re.compile(
    r"\b(?:international|internationale?|internacional|global|world|worldwide|"
    r"intergovernmental|multilateral|transnational|sans frontieres|without borders)\b"
)


def possibly_international(employer: str | None) -> bool:
    """Whether a name the reference list does not know may still be an international body,
    because it has a word such bodies use. A person confirms it."""
    if not employer or organisation_kinds(employer):
        return False
    return bool(_INTERNATIONAL_CUES.search(_plain(employer)))
