"""Criteria proposed from six ToRs written in different styles, as a secretariat checks them.

Each sample under samples/ was written for these tests in a style seen in real vacancies: a
UN Secretariat job opening, an NGO advert with "Required"/"Desirable" headings, a consultancy
with degree-or-years alternatives, a D-1 notice with nested years and "two of" languages, a
French announcement, and a hard-wrapped text of paragraphs with a competency framework.
"""

from typing import Any

import pytest

from services.screening.domain.criteria import UnassessableRule, criteria_from_dict
from services.screening.domain.tor import TorProposal
from tests.unit.screening.tor.conftest import SAMPLES, read_sample

SAMPLE_NAMES = sorted(path.name for path in SAMPLES.iterdir())


def criterion(proposal: TorProposal, criterion_id: str) -> dict[str, Any]:
    found = proposal.criterion(criterion_id)
    assert found is not None, (
        f"{criterion_id} not in {[c['id'] for c in proposal.proposed_criteria]}"
    )
    return found


def summary(proposal: TorProposal) -> list[tuple[str, str, bool, str]]:
    return [
        (c["id"], c["kind"], c["mandatory"], c["rule"]["type"]) for c in proposal.proposed_criteria
    ]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_quote_is_the_tor_text_at_its_offsets(name, proposal_of):
    text = read_sample(name)
    for proposed in proposal_of(name).proposed_criteria:
        source = proposed["source"]
        assert text[source["start"] : source["end"]] == proposed["text"]
        assert proposed["text"] == proposed["text"].strip()
        assert not proposed["text"].endswith((",", ";", ":"))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_proposal_reads_as_criteria_the_screening_can_apply(name, proposal_of):
    proposal = proposal_of(name)
    criteria = criteria_from_dict(proposal.criteria)
    assert [c.id for c in criteria.criteria] == [c["id"] for c in proposal.proposed_criteria]
    assert not [c.id for c in criteria.criteria if isinstance(c.rule, UnassessableRule)]
    ids = [c["id"] for c in proposal.proposed_criteria]
    assert len(ids) == len(set(ids))
    used_tags = {tag for c in proposal.proposed_criteria for tag in _tags_in(c["rule"])}
    assert used_tags <= set(proposal.tags)


def _tags_in(rule: dict[str, Any]) -> set[str]:
    tags = {rule[key] for key in ("tag", "within_tag") if rule.get(key)}
    if "in_lieu" in rule:
        tags.add(rule["in_lieu"]["qualifying_experience_tag"])
    for inner in (*rule.get("rules", ()), *rule.get("options", ())):
        tags |= _tags_in(inner)
    return tags


class TestUnitedNationsJobOpening:
    NAME = "un_programme_management_officer.txt"

    def test_header_and_closing_date_of_the_posting_period(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert proposal.position == "PROGRAMME MANAGEMENT OFFICER, P3"
        assert proposal.duty_station == "VIENNA"
        assert proposal.reference_date == "2024-04-15"

    def test_criteria_and_flags(self, proposal_of):
        assert summary(proposal_of(self.NAME)) == [
            ("EDU", "education", True, "education_or_experience_in_lieu"),
            ("EXP_PROGRAMME_PROJECT", "experience", True, "experience_months"),
            ("EXP_UNITED_NATIONS", "experience", False, "experience_any"),
            ("EXP_DESIGNING_DELIVERING", "experience", False, "experience_any"),
            ("LANG_EN", "language", True, "language"),
            ("LANG_FR", "language", False, "language"),
            ("LANG_UN", "language", False, "language_any"),
        ]

    def test_degree_in_lieu_counts_required_years_plus_two(self, proposal_of):
        education = criterion(proposal_of(self.NAME), "EDU")
        rule = education["rule"]
        assert rule["min_level"] == "master"
        assert rule["fields_listed"] == [
            "political science",
            "international relations",
            "law",
            "economics",
        ]
        assert rule["master_in_other_field"] == "unclear"  # "or a related field"
        assert rule["in_lieu"] == {
            "degree_level": "bachelor",
            "min_qualifying_months": 60 + 24,
            "qualifying_experience_tag": "programme_project_management",
        }
        assert education["text"].startswith("Advanced university degree (Master's degree")
        assert education["text"].endswith("in lieu of the advanced university degree.")

    def test_experience_quotes_and_tag(self, proposal_of):
        proposal = proposal_of(self.NAME)
        years = criterion(proposal, "EXP_PROGRAMME_PROJECT")
        assert years["rule"] == {
            "type": "experience_months",
            "tag": "programme_project_management",
            "min_months": 60,
        }
        assert years["text"].startswith("A minimum of five years of progressively responsible")
        assert "disarmament, arms control" in proposal.tags["programme_project_management"]
        assert criterion(proposal, "EXP_UNITED_NATIONS")["rule"]["tag"] == "united_nations_system"

    def test_languages_skip_the_boilerplate_and_resolve_other_official_languages(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert criterion(proposal, "LANG_EN")["text"] == (
            "For this position, fluency in English is required."
        )
        assert criterion(proposal, "LANG_FR")["rule"]["met_levels"] == [
            "native",
            "fluent",
            "working",
        ]
        other = criterion(proposal, "LANG_UN")["rule"]
        assert other["languages"] == ["Arabic", "Chinese", "Russian", "Spanish"]
        assert other["min_level"] == "working"
        assert not any("working languages" in c["text"] for c in proposal.proposed_criteria)

    def test_competencies_written_as_paragraphs(self, proposal_of):
        competencies = proposal_of(self.NAME).competencies
        assert [c["name"] for c in competencies] == [
            "Professionalism",
            "Planning & Organizing",
            "Communication",
        ]
        assert competencies[2]["indicators"][0] == "Speaks and writes clearly and effectively."
        assert len(competencies[0]["indicators"]) == 4


class TestNgoRequiredAndDesirableHeadings:
    NAME = "ngo_required_desirable.md"

    def test_header(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert proposal.position == "Policy Adviser, Humanitarian Disarmament"
        assert proposal.duty_station == "Geneva, Switzerland (hybrid)"
        assert proposal.reference_date == "2025-09-30"

    def test_headings_set_the_mandatory_flags(self, proposal_of):
        assert summary(proposal_of(self.NAME)) == [
            ("EDU", "education", True, "education"),
            ("EXP_POLICY_ADVOCACY", "experience", True, "experience_months"),
            ("EXP_DRAFTING_POLICY", "experience", True, "experience_any"),
            ("LANG_EN", "language", True, "language"),
            ("EXP_TREATY_IMPLEMENTATION", "experience", False, "experience_any"),
            ("EDU_2", "education", False, "education"),
            ("LANG_ES_AR", "language", False, "language_any"),
        ]

    def test_degree_level_named_in_brackets_and_closed_field_list(self, proposal_of):
        rule = criterion(proposal_of(self.NAME), "EDU")["rule"]
        assert rule["min_level"] == "master"
        assert rule["fields_listed"] == [
            "international law",
            "international humanitarian law",
            "human rights law",
        ]
        assert rule["master_in_other_field"] == "not_met"

    def test_desirable_doctorate_in_any_relevant_field(self, proposal_of):
        rule = criterion(proposal_of(self.NAME), "EDU_2")["rule"]
        assert rule["min_level"] == "doctorate"
        assert rule["fields_listed"] == []

    def test_years_and_alternative_languages(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert criterion(proposal, "EXP_POLICY_ADVOCACY")["rule"]["min_months"] == 84
        assert criterion(proposal, "LANG_EN")["rule"]["met_levels"] == ["native", "fluent"]
        either = criterion(proposal, "LANG_ES_AR")["rule"]
        assert either == {
            "type": "language_any",
            "languages": ["Spanish", "Arabic"],
            "min_level": "working",
            "min_count": 1,
        }

    def test_unassessable_requirement_is_left_as_a_note(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert any("Familiarity with project budgeting" in note for note in proposal.notes)
        assert not any("budgeting" in c["text"] for c in proposal.proposed_criteria)


class TestDegreeOrYearsAlternatives:
    NAME = "consultant_degree_alternatives.txt"

    def test_header_from_first_title_and_deadline(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert (
            proposal.position == "Senior Evaluation Consultant \u2013 Mine Action Programme Review"
        )
        assert proposal.reference_date == "2026-01-12"
        assert any("first heading" in note for note in proposal.notes)

    def test_any_of_degree_with_years(self, proposal_of):
        education = criterion(proposal_of(self.NAME), "EDU")
        assert education["kind"] == "education"
        assert education["mandatory"] is True
        assert education["text"].startswith("Bachelor's degree and 15 years, OR Master's degree")
        options = education["rule"]["options"]
        assert [
            (option["rules"][0]["min_level"], option["rules"][1]["min_months"])
            for option in options
        ] == [("bachelor", 180), ("master", 120), ("doctorate", 72)]
        assert {option["type"] for option in options} == {"all_of"}
        assert {option["rules"][1]["tag"] for option in options} == {
            "evaluation_humanitarian_development_programmes"
        }

    def test_lettered_items_and_languages(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert summary(proposal)[1:] == [
            ("EXP_EVALUATING_MINE", "experience", True, "experience_months"),
            ("EXP_LEADING_EVALUATION", "experience", True, "experience_any"),
            ("LANG_EN", "language", True, "language"),
            ("LANG_PRS_PS", "language", False, "language_any"),
        ]
        assert criterion(proposal, "EXP_EVALUATING_MINE")["rule"]["min_months"] == 36
        assert criterion(proposal, "LANG_PRS_PS")["rule"]["languages"] == ["Dari", "Pashto"]


class TestNestedYearsAndLanguagesCounted:
    NAME = "regional_director_senior_management.txt"

    def test_header_with_numeric_date(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert proposal.position == "Head of Regional Office for Latin America and the Caribbean"
        assert proposal.reference_date == "2025-03-15"

    def test_years_of_which_some_at_senior_level(self, proposal_of):
        proposal = proposal_of(self.NAME)
        outer = criterion(proposal, "EXP_INTERNATIONAL_DEVELOPMENT")
        inner = criterion(proposal, "EXP_SENIOR_MANAGEMENT")
        assert outer["rule"] == {
            "type": "experience_months",
            "tag": "international_development_cooperation",
            "min_months": 180,
        }
        assert inner["rule"] == {
            "type": "experience_months",
            "tag": "senior_management_level",
            "within_tag": "international_development_cooperation",
            "min_months": 60,
        }
        assert outer["text"] == (
            "A minimum of fifteen (15) years of professional experience in international "
            "development cooperation"
        )
        assert inner["text"] == "of which at least 5 years at senior management level."

    def test_vague_quantity_is_graded_with_a_note(self, proposal_of):
        proposal = proposal_of(self.NAME)
        graded = criterion(proposal, "EXP_RESOURCE_MOBILISATION")["rule"]
        assert graded["type"] == "experience_months_graded"
        assert graded["met_min_months"] == 36
        assert graded["unclear_months"] == [1, 35]
        assert any(
            "Substantial" in note and "EXP_RESOURCE_MOBILISATION" in note for note in proposal.notes
        )

    def test_two_of_four_languages(self, proposal_of):
        rule = criterion(proposal_of(self.NAME), "LANG_EN_FR_ES_PT")["rule"]
        assert rule == {
            "type": "language_any",
            "languages": ["English", "French", "Spanish", "Portuguese"],
            "min_level": "fluent",
            "min_count": 2,
        }

    def test_minimum_and_desirable_sections(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert criterion(proposal, "EDU")["rule"]["fields_listed"] == [
            "public administration",
            "development studies",
            "economics",
            "law",
        ]
        assert criterion(proposal, "EXP_LEADING_MULTI")["mandatory"] is True
        assert criterion(proposal, "EXP_REGIONAL_INTERGOVERNMENTAL")["mandatory"] is False


class TestFrenchAnnouncement:
    NAME = "fr_charge_de_programme.txt"

    def test_header_in_french(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert proposal.position == "Chargé(e) de programme \u2013 Assistance aux victimes"
        assert proposal.duty_station == "Genève, Suisse"
        assert proposal.reference_date == "2025-05-31"

    def test_criteria_and_flags(self, proposal_of):
        assert summary(proposal_of(self.NAME)) == [
            ("EDU", "education", True, "education"),
            ("EXP_ASSISTANCE_VICTIMES", "experience", True, "experience_months"),
            ("EXP_GESTION_PROJETS", "experience", True, "experience_months_graded"),
            ("EXP_ORGANISATION_INTERNATIONALE", "experience", False, "experience_any"),
            ("LANG_FR", "language", True, "language"),
            ("LANG_EN", "language", True, "language"),
            ("LANG_ES", "language", False, "language"),
            ("EXP_PAYS_AFFECTE", "experience", False, "experience_any"),
        ]

    def test_second_cycle_degree_with_open_fields(self, proposal_of):
        rule = criterion(proposal_of(self.NAME), "EDU")["rule"]
        assert rule["min_level"] == "master"
        assert rule["fields_listed"] == [
            "international law",
            "political science",
            "international relations",
        ]
        assert rule["master_in_other_field"] == "unclear"  # "ou domaine connexe"

    def test_years_in_words(self, proposal_of):
        years = criterion(proposal_of(self.NAME), "EXP_ASSISTANCE_VICTIMES")
        assert years["rule"]["min_months"] == 84
        assert years["text"].startswith("Au moins sept ans d'expérience")

    def test_languages_split_at_the_semicolon(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert criterion(proposal, "LANG_FR")["rule"]["met_levels"] == ["native", "fluent"]
        english = criterion(proposal, "LANG_EN")
        assert english["text"] == "Une bonne connaissance de l'anglais est requise"
        assert english["rule"]["met_levels"] == ["native", "fluent", "working"]
        assert criterion(proposal, "LANG_ES")["text"] == (
            "la connaissance de l'espagnol constitue un atout."
        )

    def test_competencies_in_sentence_case(self, proposal_of):
        competencies = proposal_of(self.NAME).competencies
        assert [(c["name"], len(c["indicators"])) for c in competencies] == [
            ("Travail en équipe", 2),
            ("Communication", 2),
        ]
        assert competencies[0]["description"].startswith("Collabore avec ses collègues")


class TestParagraphsAndCompetencyFramework:
    NAME = "paragraphs_me_specialist.txt"

    def test_header(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert proposal.position == "Monitoring and Evaluation Specialist"
        assert proposal.duty_station == "Nairobi, Kenya"
        assert proposal.reference_date == "2026-02-28"

    def test_criteria_from_sentences_of_wrapped_paragraphs(self, proposal_of):
        assert summary(proposal_of(self.NAME)) == [
            ("EDU", "education", True, "education_or_experience_in_lieu"),
            ("EXP_MONITORING_EVALUATION", "experience", True, "experience_months"),
            ("EXP_FIELD_LOCATION", "experience", True, "experience_months"),
            ("EXP_MOBILE_DATA", "experience", False, "experience_any"),
            ("LANG_EN", "language", True, "language"),
            ("LANG_SW", "language", False, "language"),
        ]

    def test_in_lieu_over_a_line_break(self, proposal_of):
        rule = criterion(proposal_of(self.NAME), "EDU")["rule"]
        assert rule["fields_listed"] == ["statistics", "social sciences", "public health"]
        assert rule["in_lieu"]["min_qualifying_months"] == 72 + 24

    def test_nested_years_including(self, proposal_of):
        inner = criterion(proposal_of(self.NAME), "EXP_FIELD_LOCATION")
        assert inner["rule"]["min_months"] == 24
        assert inner["rule"]["within_tag"] == (
            "monitoring_evaluation_development_humanitarian_programmes"
        )
        assert " ".join(inner["text"].split()) == (
            "including at least two years in a field location."
        )

    def test_languages_joined_by_and(self, proposal_of):
        proposal = proposal_of(self.NAME)
        assert criterion(proposal, "LANG_EN")["text"] == "Fluency in English is essential"
        assert criterion(proposal, "LANG_SW")["rule"]["language"] == "Swahili"

    def test_core_competencies(self, proposal_of):
        competencies = proposal_of(self.NAME).competencies
        assert [(c["name"], c["kind"]) for c in competencies] == [
            ("Accountability", "core"),
            ("Teamwork", "core"),
            ("Client orientation", "core"),
        ]
        assert competencies[0]["indicators"] == [
            "Takes ownership of all responsibilities and honours commitments.",
            "Delivers outputs for which one has responsibility within prescribed time, cost and "
            "quality standards.",
        ]
