"""The first lexical tag matcher: keywords from tag descriptions, synonyms, evidence."""

import pytest

from services.screening.domain.criteria import criteria_from_dict
from services.screening.domain.matching import (
    PositionTagger,
    TagMatch,
    description_items,
    keywords_from_description,
    matching_terms,
    normalise_text,
    words_match,
)
from services.screening.domain.screening import screen
from tests.unit.screening.factories import criterion, position, profile, vacancy

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


def test_inflections_of_a_short_verb_still_match():
    assert words_match("managing", "managed", 85)
    tagger = PositionTagger({"police": "police training"})
    job = position("Adviser", None, None, bullets=("Trained 300 police officers",))
    assert tagger.tags_for(job) == {"police"}


def test_a_spelling_variant_keeps_its_first_two_letters():
    assert not words_match("operation", "cooperation", 85)
    assert words_match("organisation", "organization", 85)


# --- description items --------------------------------------------------------------------


def test_a_role_in_a_place_distributes_over_the_later_items():
    assert description_items("head/chief of a field office, sub-office or country office") == (
        "head/chief of a field office",
        "head/chief of sub-office",
        "head/chief of country office",
    )
    assert description_items(
        "representative in a UN agency, an international NGO or an embassy"
    ) == (
        "representative in a UN agency",
        "representative in an international NGO",
        "representative in an embassy",
    )


def test_an_item_that_names_the_role_again_keeps_its_own_wording():
    assert description_items("head of a field office or head of a country office") == (
        "head of a field office",
        "head of a country office",
    )


def test_a_list_without_a_role_in_a_place_is_split_only():
    assert description_items("refugee status determination, resettlement or durable solutions") == (
        "refugee status determination",
        "resettlement",
        "durable solutions",
    )


def test_a_first_item_that_names_no_role_is_not_distributed():
    description = "protection of civilians, refugee status determination or resettlement"
    assert description_items(description) == (
        "protection of civilians",
        "refugee status determination",
        "resettlement",
    )
    tagger = PositionTagger({"protection": description})
    assert tagger.tags_for(position("Resettlement Officer", None, None)) == {"protection"}


# --- employers --------------------------------------------------------------------------------

IN_AN_IO = {"international_organisation": "work in an international organisation"}


@pytest.mark.parametrize("employer", ["UNHCR", "OCHA", "Oxfam GB"])
def test_a_known_international_employer_matches_work_in_an_international_organisation(employer):
    job = position("Protection Officer", None, None, employer=employer)
    matches = PositionTagger(IN_AN_IO).matches_for(job)
    assert {(m.tag, m.certain) for m in matches} == {("international_organisation", True)}
    assert matches[0].passage.startswith(f"Protection Officer, {employer} (international")


@pytest.mark.parametrize(
    "employer", ["Ministry of Health of Kenya", "Embassy of Canada in Ethiopia", "Employer"]
)
def test_a_national_employer_or_an_embassy_is_not_an_international_organisation(employer):
    job = position("Protection Officer", None, None, employer=employer)
    assert PositionTagger(IN_AN_IO).matches_for(job) == ()


def test_an_operations_manager_at_a_company_does_not_head_a_peace_operation():
    tagger = PositionTagger({"peace_operation_head": "head of a peace operation"})
    company = position("Operations Manager", None, None, employer="Acme Logistics Ltd")
    assert tagger.matches_for(company) == ()
    mission = position(
        "Head of Office",
        None,
        None,
        employer="United Nations Multidimensional Integrated Stabilization Mission in Mali",
    )
    assert tagger.tags_for(mission) == {"peace_operation_head"}


# --- certain and possible matches -----------------------------------------------------------


def test_a_long_keyword_found_but_for_one_specific_word_is_only_possible():
    tagger = PositionTagger({"rsd": "refugee status determination"})
    job = position(
        "Protection Assistant",
        None,
        None,
        employer="Kakuma Law Office",
        bullets=("Conducted status determination interviews for asylum seekers",),
    )
    assert tagger.matches_for(job) == (
        TagMatch(
            "rsd",
            "refugee status determination",
            "Conducted status determination interviews for asylum seekers",
            certain=False,
        ),
    )
    assert tagger.tags_for(job) == set()


def test_a_keyword_missing_its_role_word_or_too_short_is_not_even_possible():
    tagger = PositionTagger({"camps": "managing refugee camps", "voters": "voter registration"})
    visitor = position("Field Assistant", None, None, bullets=("Visited refugee camps weekly",))
    educator = position("Voter Education Officer", None, None)
    assert tagger.matches_for(visitor) == ()
    assert tagger.matches_for(educator) == ()


def test_an_unknown_employer_that_may_be_international_makes_the_tag_only_possible():
    employer = "International Trust Fund Enhancing Human Security"
    job = position("Programme Officer", None, None, employer=employer)
    tagger = PositionTagger(IN_AN_IO)
    matches = tagger.matches_for(job)
    assert {(m.tag, m.certain) for m in matches} == {("international_organisation", False)}
    assert matches[0].passage == f"Programme Officer, {employer} (international organisation)"
    assert tagger.tags_for(job) == set()


def test_a_possible_match_does_not_hide_a_certain_one():
    tagger = PositionTagger({"rsd": "refugee status determination"})
    job = position(
        "Refugee Status Determination Officer",
        None,
        None,
        employer="International Trust Fund Enhancing Human Security",
    )
    assert tagger.tags_for(job) == {"rsd"}


# --- the secretariat's terms -----------------------------------------------------------------


def rights_vacancy() -> dict:
    data = vacancy(tags={"human_rights": "human rights monitoring"})
    data["synonyms"] = {"human_rights": ["civic space"], "not_a_tag": ["anything"]}
    data["excluded_terms"] = {"human_rights": ["treaty bodies"]}
    return data


def test_synonyms_and_excluded_terms_come_from_the_criteria():
    tagger = PositionTagger.for_vacancy(criteria_from_dict(rights_vacancy()))
    phrases = {k.phrase for k in tagger.keywords}
    assert {"civic space", "universal periodic review"} <= phrases
    assert "treaty bodies" not in phrases
    assert tagger.tags_for(position("Civic Space Officer", None, None)) == {"human_rights"}
    assert tagger.tags_for(position("Anything", None, None)) == set()


def test_an_excluded_term_no_longer_tags_what_it_alone_would():
    bullet = ("Drafted reports to the UN treaty bodies",)
    job = position("Adviser", None, None, bullets=bullet)
    without_exclusions = vacancy(tags={"human_rights": "human rights monitoring"})
    assert PositionTagger.for_vacancy(criteria_from_dict(without_exclusions)).tags_for(job) == {
        "human_rights"
    }
    tagger = PositionTagger.for_vacancy(criteria_from_dict(rights_vacancy()))
    assert tagger.tags_for(job) == set()


def test_years_at_an_employer_that_may_be_international_leave_the_verdict_to_a_person():
    data = vacancy(
        criterion(
            "IO",
            {"type": "experience_months", "tag": "international_organisation", "min_months": 24},
        ),
        tags=IN_AN_IO,
    )
    candidate = profile(
        positions=[
            position(
                "Programme Officer",
                "2020-01",
                "2023-12",
                employer="International Trust Fund Enhancing Human Security",
            )
        ]
    )
    criteria = criteria_from_dict(data)
    assessment = screen(candidate, criteria, PositionTagger.for_vacancy(criteria)).assessment("IO")
    assert assessment.verdict == "unclear"
    assert assessment.months == 0
    assert "position 1 may also count (up to 48 months)" in assessment.figure


def test_a_tag_with_only_long_terms_leaves_its_absence_unclear_not_a_rejection():
    criteria = criteria_from_dict(
        vacancy(
            {
                "id": "EXP_BRIEFS",
                "kind": "experience",
                "mandatory": True,
                "text": "Experience of drafting policy papers for diplomatic audiences.",
                "rule": {"type": "experience_any", "tag": "briefs"},
            },
            tags={"briefs": "drafting policy papers for diplomatic audiences"},
        )
    )
    tagger = PositionTagger.for_vacancy(criteria)
    assert not tagger.can_rule_out("briefs")
    assert matching_terms(criteria)["briefs"]["searchable"] is False

    candidate = {"positions": [position("Policy Officer", "2015-01", "2020-12")]}
    assessment = screen(candidate, criteria, tagger).assessment("EXP_BRIEFS")
    assert assessment.verdict == "unclear"
    assert "review the vacancy's matching terms" in assessment.figure


def test_a_french_description_is_read_without_its_function_words():
    tagger = PositionTagger(
        {"io": "Une expérience au sein d'une organisation internationale"},
    )
    job = position("Chargée de programme", "2015-01", "2020-12", employer="UNICEF")
    assert tagger.tags_for(job) == {"io"}
    assert tagger.can_rule_out("io")


def test_a_role_asked_for_in_an_international_organisation_may_be_met_in_a_diplomatic_mission():
    tagger = PositionTagger({"intl_mgmt": "managerial experience in an international organization"})
    ambassador = position(
        "Ambassador", "2015-01", "2020-12", employer="Embassy of Canada in Ethiopia"
    )
    country_director = position(
        "Country Director", "2015-01", "2020-12", employer="Norwegian Refugee Council"
    )
    advocate = position(
        "Advocacy Officer",
        "2015-01",
        "2020-12",
        employer="Oxfam GB",
        bullets=("Led civil society advocacy at treaty meetings",),
    )
    assert {(m.tag, m.certain) for m in tagger.matches_for(ambassador)} == {("intl_mgmt", False)}
    assert tagger.tags_for(country_director) == {"intl_mgmt"}
    assert tagger.tags_for(advocate) == set()
