"""The field's vocabulary: words that mean the same, and terms that show a kind of work.

This module owns the knowledge a careful screener brings to a tag description that the
description does not spell out. `WORD_GROUPS` are words that stand for one another inside a
keyword ("managing" is also "led", "headed", "director"; "programme" is also "project"), so
a keyword keeps its meaning: "head/director of a mine action programme" still needs mine
action. `CONCEPTS` are kinds of work in intergovernmental, humanitarian and development
recruitment; a description item that names a concept proposes the concept's related terms
as that tag's synonyms ("peacebuilding" proposes "reconciliation", "post-conflict", "peace
operation"). A role concept ("management at an international level") is called only by an
item that asks for nothing else, so "managing a mine action programme" keeps needing mine
action. The secretariat sees the proposed terms per vacancy and may strike or add terms;
nothing here names one vacancy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from services.screening.domain.text import normalise_text, words_of


def _phrases(text: str) -> tuple[str, ...]:
    """Data written compactly: phrases separated by "|"."""
    return tuple(phrase.strip() for phrase in text.split("|") if phrase.strip())


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORD_GROUPS: tuple[tuple[str, ...], ...] = tuple(
    _words(group)
    for group in (
        "staff team personnel employees",
        "budgets budget",
        "programme program project programmes projects projet projets",
        "organisation organization organisations organizations agency body institution",
        "international internationale internationaux internationales multinational",
        "ministry department ministere ministerio",
        "foreign exterior external",
        "nongovernmental ngo ngos",
        "prevention preventing prevent",
        "recovery reconstruction rehabilitation",
        "stabilisation stabilization stabilising stabilizing",
        "diplomatic diplomacy diplomat diplomats",
        "multilateral multilaterally",
        "meetings meeting sessions session",
        "missions mission",
        "research researched study studies analysis",
        "authority authorities centre center",
    )
)

# Who leads, and what leading is. A verb in a description ("managing a programme") is also
# met by a title ("Head of Programme"), but a title asked for ("head of an international
# organisation") is not met by any bullet that "led" something.
ROLE_NOUNS = frozenset(_words("head chief director manager leader ambassador"))
ROLE_VERBS = frozenset(
    _words(
        "managing managed manage manages led leading lead leads headed heading directed "
        "directing oversaw overseeing oversee supervised supervising ran running"
    )
)
# What a ToR calls the role in the abstract ("managerial experience in an international
# organisation"): a CV shows it by a title or a verb.
ROLE_ABSTRACTS = frozenset(_words("management managerial leadership"))
# The verbs that say so without doubt ("led" also leads advocacy, a workshop, a mission).
_MANAGING_PEOPLE = frozenset(
    _words("managed managing supervised supervising headed directed oversaw")
)
# Words that make a description item ask for a role, whose meaning depends on every other
# word of the item.
ROLE_WORDS = (
    ROLE_NOUNS
    | ROLE_VERBS
    | frozenset(
        ["management", "managerial", "leadership", "supervision", "supervisory", "representative"]
    )
)


@dataclass(frozen=True)
class Concept:
    """A kind of work: the description wordings that name it, CV wordings that show it,
    and whether it is a role (called only by an item that asks for nothing else)."""

    name: str
    triggers: tuple[str, ...]
    related: tuple[str, ...]
    role: bool = False


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "diplomacy and international relations",
        _phrases(
            "international relations | foreign ministry | foreign affairs | diplomatic mission"
            " | diplomacy | foreign service | international affairs | foreign policy"
            " | external relations | diplomatic service | global affairs"
        ),
        _phrases(
            "foreign ministry | diplomatic mission | diplomat | bilateral relations"
            " | bilateral consultations | foreign affairs | international relations"
            " | international organisation | international ngo | peace operation"
        ),
    ),
    Concept(
        "international and development cooperation",
        _phrases("international cooperation | development cooperation | international development"),
        _phrases(
            "international cooperation | development cooperation | donor funding"
            " | donor governments | international donors | bilateral donors"
            " | cooperation and assistance | technical cooperation"
            " | official development assistance"
        ),
    ),
    Concept(
        "international organisations",
        _phrases(
            "international organisation | international organization | united nations"
            " | un agency | un system | intergovernmental organisation | international ngo"
            " | international non governmental"
        ),
        _phrases("international organisation | international ngo"),
    ),
    Concept(
        "peacebuilding and conflict",
        _phrases(
            "conflict prevention | peacebuilding | peace building | stabilisation"
            " | stabilization | post conflict | conflict resolution | peace operations"
            " | peacekeeping | crisis prevention | peace and security | crisis recovery"
            " | conflict"
        ),
        _phrases(
            "conflict prevention | peacebuilding | peace consolidation | stabilisation"
            " | post conflict | conflict affected | after the conflict | armed conflict"
            " | reconciliation | conflict resolution | mediation | peace process"
            " | peace operation | peacekeeping | crisis prevention | early recovery"
            " | fragility conflict violence | disarmament demobilisation reintegration"
            " | transitional justice"
        ),
    ),
    Concept(
        "disarmament and arms control",
        _phrases(
            "disarmament | arms control | mine action | explosive remnants | cluster munitions"
            " | small arms | landmines | non proliferation | weapons"
        ),
        _phrases(
            "disarmament | arms control | mine action | humanitarian demining | demining"
            " | explosive ordnance | explosive remnants of war | unexploded ordnance"
            " | landmines | anti personnel mine | mine ban convention | cluster munitions"
            " | small arms | light weapons | ammunition | stockpile destruction"
            " | weapon contamination | victim assistance | risk education | land release"
            " | mine clearance | battle area clearance | arms trade treaty | non proliferation"
            " | armed violence reduction | disarmament demobilisation reintegration"
            " | conventional weapons | conventional arms | ccw | ccm"
        ),
    ),
    Concept(
        "multilateral diplomacy",
        _phrases(
            "multilateral | intergovernmental meetings | permanent missions | treaty meetings"
            " | states parties | intergovernmental | multilateral diplomacy"
            " | intergovernmental processes"
        ),
        _phrases(
            "multilateral | intergovernmental | permanent mission | permanent representative"
            " | states parties | general assembly | first committee | second committee"
            " | third committee | security council | human rights council"
            " | conference on disarmament | review conference | intersessional meetings"
            " | conference of the parties | group of governmental experts | regional groups"
            " | implementation support unit | treaty body"
        ),
    ),
    Concept(
        "humanitarian action",
        _phrases(
            "humanitarian action | humanitarian affairs | humanitarian assistance"
            " | humanitarian coordination | humanitarian response | emergency response"
        ),
        _phrases(
            "humanitarian coordination | humanitarian response | emergency response"
            " | humanitarian assistance | relief operations | refugees | internally displaced"
            " | protection of civilians | cluster coordination"
        ),
    ),
    Concept(
        "human rights",
        _phrases("human rights"),
        _phrases(
            "human rights | treaty bodies | universal periodic review | special procedures"
            " | rights based | protection monitoring"
        ),
    ),
    Concept(
        "gender equality",
        _phrases("gender equality | gender"),
        _phrases(
            "gender equality | gender mainstreaming | women s empowerment"
            " | gender based violence | women peace and security"
        ),
    ),
    Concept(
        "management at an international level",
        _phrases("international management | international leadership"),
        _phrases(
            "head international organisation | head international ngo"
            " | head diplomatic mission | head peace operation | managed international staff"
            " | managing staff budgets international"
        ),
        role=True,
    ),
    Concept(
        "management",
        _phrases(
            "management | managerial | supervisory | leadership | people management"
            " | staff management"
        ),
        _phrases("head | managed team | managed staff | managed budget"),
        role=True,
    ),
)


# The same concepts as ToRs and CVs written in French name them (accents are ignored).
_FRENCH: dict[str, tuple[str, str]] = {
    "diplomacy and international relations": (
        "relations internationales | affaires etrangeres | mission diplomatique | diplomatie",
        "ministere des affaires etrangeres | ambassade | mission diplomatique | diplomate"
        " | relations bilaterales | relations internationales",
    ),
    "international and development cooperation": (
        "cooperation internationale | cooperation au developpement",
        "cooperation internationale | cooperation au developpement | bailleurs de fonds"
        " | bailleurs internationaux",
    ),
    "international organisations": (
        "organisation internationale | nations unies | systeme des nations unies"
        " | ong internationale",
        "organisation internationale | ong internationale",
    ),
    "peacebuilding and conflict": (
        "prevention des conflits | consolidation de la paix | post conflit | sortie de conflit"
        " | maintien de la paix",
        "prevention des conflits | consolidation de la paix | post conflit | sortie de conflit"
        " | reconciliation | maintien de la paix | operation de paix | relevement",
    ),
    "disarmament and arms control": (
        "desarmement | action contre les mines | restes explosifs | armes legeres | deminage"
        " | maitrise des armements",
        "desarmement | action contre les mines | deminage | restes explosifs de guerre"
        " | munitions non explosees | mines antipersonnel | armes a sous munitions"
        " | armes legeres | assistance aux victimes | education aux risques | depollution",
    ),
    "multilateral diplomacy": (
        "multilateral | multilaterale | etats parties | intergouvernemental",
        "etats parties | mission permanente | assemblee generale | conseil de securite"
        " | negociations multilaterales | multilaterale",
    ),
    "humanitarian action": (
        "action humanitaire | aide humanitaire | reponse humanitaire",
        "aide humanitaire | reponse humanitaire | reponse d urgence | refugies"
        " | personnes deplacees",
    ),
    "human rights": ("droits de l homme | droits humains", "droits de l homme | droits humains"),
    "gender equality": (
        "egalite des sexes | egalite de genre | genre",
        "egalite des sexes | egalite de genre | violences basees sur le genre",
    ),
}
CONCEPTS = tuple(
    replace(
        concept,
        triggers=concept.triggers + _phrases(_FRENCH[concept.name][0]),
        related=concept.related + _phrases(_FRENCH[concept.name][1]),
    )
    if concept.name in _FRENCH
    else concept
    for concept in CONCEPTS
)


@cache
def _word_alternatives() -> dict[str, frozenset[str]]:
    alternatives: dict[str, set[str]] = {}
    for group in WORD_GROUPS:
        words = {normalise_text(word) for word in group}
        for word in words:
            alternatives.setdefault(word, set()).update(words)
    for noun in ROLE_NOUNS:
        alternatives.setdefault(noun, set()).update(ROLE_NOUNS)
    for verb in ROLE_VERBS:
        alternatives.setdefault(verb, set()).update(ROLE_VERBS | ROLE_NOUNS)
    for abstract in ROLE_ABSTRACTS:
        alternatives.setdefault(abstract, set()).update(ROLE_NOUNS | _MANAGING_PEOPLE)
    return {word: frozenset(others) for word, others in alternatives.items()}


def word_alternatives(word: str) -> frozenset[str]:
    """The words that stand for `word` inside a keyword, itself included."""
    return _word_alternatives().get(word, frozenset((word,)))


def _position_of(text: str, phrase: str) -> int | None:
    found = f" {text} ".find(f" {normalise_text(phrase)} ")
    return None if found < 0 else found


def concept_for_item(item_words: tuple[str, ...], specific_words: set[str]) -> Concept | None:
    """The concept a description item names, if any.

    An item that asks for a role calls a role concept only when every specific word of the
    item is one of the concept's trigger words. Any other item calls the concept whose
    trigger comes first in it: "humanitarian disarmament diplomacy" is disarmament work.
    """
    text = " ".join(item_words)
    if set(item_words) & ROLE_WORDS:
        # The closest fit: "management" is management, not management at an international
        # level, though its one word is in both.
        fitting = [
            (len(words_of(trigger)), concept)
            for concept in CONCEPTS
            if concept.role
            for trigger in concept.triggers
            if specific_words <= set(words_of(trigger))
        ]
        return min(fitting, key=lambda pair: pair[0])[1] if fitting else None
    found = [
        (position, concept)
        for concept in CONCEPTS
        if not concept.role
        for trigger in concept.triggers
        if (position := _position_of(text, trigger)) is not None
    ]
    return min(found, key=lambda pair: pair[0])[1] if found else None
