"""The first lexical tag matcher: keywords from tag descriptions, synonyms, evidence."""

from services.screening.domain.criteria import criteria_from_dict
from services.screening.domain.matching import (
    PositionTagger,
    TagMatch,
    keywords_from_description,
    normalise_text,
    words_match,
)
from tests.unit.screening.factories import position, vacancy

TAGS = {
    "health_emergencies": "professional work in outbreak response or emergency health operations",
    "vaccination": "immunisation campaigns, cold chain/vaccine logistics",
    "research": "research, policy (epidemiological surveillance)",
}


def phrases(tag: str, description: str) -> list[str]:
    return [
        " | ".join("/".join(slot) for slot in k.slots)
        for k in keywords_from_description(tag, description)
    ]


def test_description_is_split_into_short_phrases_without_filler_or_function_words():
    assert phrases("h", TAGS["health_emergencies"]) == [
        "outbreak | response",
        "emergency | health | operations",
    ]


def test_slash_gives_alternatives_for_one_word():
    assert phrases("v", TAGS["vaccination"]) == [
        "immunisation | campaigns",
        "cold | chain/vaccine | logistics",
    ]


def test_phrases_of_generic_words_only_are_dropped():
    assert phrases("r", TAGS["research"]) == ["epidemiological | surveillance"]


def test_normalise_text_drops_case_accents_and_punctuation():
    assert normalise_text("Santé  Publique — (OMS)") == "sante publique oms"


def test_words_match_inflections_and_spellings_but_not_short_acronyms_fuzzily():
    assert words_match("campaigns", "campaign", 85)
    assert words_match("managing", "managed", 85)
    assert words_match("immunisation", "immunization", 85)
    assert not words_match("international", "interview", 85)
    assert not words_match("un", "unit", 85)
    assert words_match("who", "who", 85)


def test_tagger_tags_from_title_employer_and_bullets_with_evidence():
    tagger = PositionTagger(TAGS)
    job = position(
        "Emergency Health Operations Officer",
        "2019-01",
        "2020-12",
        bullets=("Led the cholera outbreak response in three districts", "Wrote reports"),
    )
    assert tagger.tags_for(job) == {"health_emergencies"}
    assert set(tagger.matches_for(job)) == {
        TagMatch(
            "health_emergencies",
            "emergency health operations",
            "Emergency Health Operations Officer, Employer",
        ),
        TagMatch(
            "health_emergencies",
            "outbreak response",
            "Led the cholera outbreak response in three districts",
        ),
    }


def test_title_qualifies_its_bullets():
    tagger = PositionTagger({"t": "cold chain logistics"})
    job = position("Cold Chain Officer", None, None, bullets=("Ran logistics for 40 clinics",))
    assert [m.passage for m in tagger.matches_for(job)] == ["Ran logistics for 40 clinics"]


def test_words_of_a_keyword_must_all_be_present():
    tagger = PositionTagger(TAGS)
    job = position("Response Coordinator", None, None, bullets=("Managed the health budget",))
    assert tagger.tags_for(job) == set()


def test_synonyms_add_keywords_for_known_tags_only():
    synonyms = {"vaccination": ["EPI", "polio campaign"], "unknown_tag": ["anything"]}
    tagger = PositionTagger(TAGS, synonyms)
    assert tagger.tags_for(position("EPI Officer", None, None)) == {"vaccination"}
    assert tagger.tags_for(position("Anything", None, None)) == set()


def test_position_without_text_has_no_tags():
    job = {"title": None, "employer": None, "bullets": []}
    assert PositionTagger(TAGS).tags_for(job) == set()


def test_tagger_for_a_vacancy_uses_its_tag_descriptions():
    criteria = criteria_from_dict(vacancy(tags={"field_work": "humanitarian field operations"}))
    tagger = PositionTagger.for_vacancy(criteria)
    assert {k.tag for k in tagger.keywords} == {"field_work"}
    job = position("Head of Humanitarian Field Operations", None, None)
    assert tagger.tags_for(job) == {"field_work"}
