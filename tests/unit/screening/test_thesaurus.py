"""The field's vocabulary: words that stand for one another, and the concepts a description
item names."""

import pytest

from services.screening.domain.matching import PositionTagger
from services.screening.domain.thesaurus import CONCEPTS, concept_for_item, word_alternatives
from tests.unit.screening.factories import position


def concept_name(item: str) -> str | None:
    words = tuple(item.split())
    concept = concept_for_item(words, set(words))
    return concept.name if concept is not None else None


def test_a_role_verb_also_stands_for_role_nouns_and_other_verbs():
    assert {"head", "director", "chief", "led", "supervised"} <= word_alternatives("managing")


def test_a_role_noun_stands_for_other_titles_but_not_for_verbs():
    alternatives = word_alternatives("head")
    assert {"head", "chief", "director", "manager"} <= alternatives
    assert not alternatives & {"led", "managed", "managing", "ran"}


@pytest.mark.parametrize(
    ("word", "other"),
    [("programme", "project"), ("organisation", "agency"), ("staff", "personnel")],
)
def test_words_of_one_group_stand_for_one_another(word, other):
    assert other in word_alternatives(word)
    assert word in word_alternatives(other)


def test_a_word_the_thesaurus_does_not_know_stands_only_for_itself():
    assert word_alternatives("resettlement") == {"resettlement"}


@pytest.mark.parametrize(
    ("item", "concept"),
    [
        ("international management", "management at an international level"),
        ("people management", "management"),
        ("supervisory", "management"),
        ("managing refugee camps", None),
        ("head country office", None),
        ("humanitarian disarmament diplomacy", "disarmament and arms control"),
        ("human rights diplomacy", "human rights"),
        ("diplomacy human rights", "diplomacy and international relations"),
        ("humanitarian response", "humanitarian action"),
        ("refugee status determination", None),
    ],
)
def test_an_item_calls_the_concept_it_names(item, concept):
    assert concept_name(item) == concept


@pytest.mark.parametrize("item", ["management", "leadership"])
def test_a_bare_management_item_calls_plain_management(item):
    assert concept_name(item) == "management"
    tagger = PositionTagger({"supervision": item})
    team_leader = position("Team Leader", None, None, bullets=("Managed a team of 12 staff",))
    assert tagger.tags_for(team_leader) == {"supervision"}


def test_related_terms_reach_the_tagger_for_items_that_name_a_concept():
    tagger = PositionTagger({"rights": "human rights monitoring"})
    job = position("Adviser", None, None, bullets=("Drafted the universal periodic review report",))
    assert tagger.tags_for(job) == {"rights"}


def test_every_concept_has_a_name_of_its_own_triggers_and_related_terms():
    names = [concept.name for concept in CONCEPTS]
    assert len(names) == len(set(names))
    assert all(concept.triggers and concept.related for concept in CONCEPTS)
    assert {concept.name for concept in CONCEPTS if concept.role} == {
        "management",
        "management at an international level",
    }
