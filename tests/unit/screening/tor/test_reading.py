"""How the ToR reader cuts text into headings, items and clauses, and reads each wording.

Each case is a wording found in real ToRs; the assertions are what a secretariat would
expect to see proposed from it.
"""

from typing import Any

import pytest

from services.screening.domain.tor import propose_from_tor
from services.screening.domain.tor.clauses import clauses_of, sentences_of
from services.screening.domain.tor.education import degree_requirement
from services.screening.domain.tor.experience import experience_requirement, tag_slug
from services.screening.domain.tor.kinds import kind_of, marker_of
from services.screening.domain.tor.languages import language_requirements, level_of
from services.screening.domain.tor.layout import Piece, blocks_of


def piece(text: str) -> Piece:
    return Piece(0, len(text), text)


def clause_texts(sentence: str) -> list[str]:
    return [clause.piece.text for clause in clauses_of(piece(sentence))]


def only_criteria(text: str) -> list[dict[str, Any]]:
    return propose_from_tor(text).proposed_criteria


# --- layout -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "family", "kind", "mandatory"),
    [
        ("Recruitment Qualifications", "qualification", "any", None),
        ("Education:", "qualification", "education", None),
        ("Work Experience", "qualification", "experience", None),
        ("Language Requirements:", "qualification", "language", None),
        ("REQUIRED QUALIFICATIONS", "qualification", "any", True),
        ("Desirable qualifications", "qualification", "any", False),
        ("### Desirable", "qualification", "marker", False),
        ("3. Qualifications and experience", "qualification", "any", None),
        ("b) Formation", "qualification", "education", None),
        ("Expérience professionnelle", "qualification", "experience", None),
        ("Langues", "qualification", "language", None),
        ("Qualifications requises", "qualification", "any", True),
        ("Atouts", "qualification", "marker", False),
        ("Competencies and qualifications", "qualification", "any", None),
        ("The following would be an asset:", "qualification", "marker", False),
        ("FUNCTIONAL COMPETENCIES:", "competency", None, None),
        ("4. CANDIDATE COMPETENCIES / PROFILE", "competency", None, None),
        ("Compétences", "competency", None, None),
        ("REMARKS", "stop", None, None),
        ("How to apply", "stop", None, None),
        ("Modalités de candidature", "stop", None, None),
    ],
)
def test_section_titles_are_recognised(line, family, kind, mandatory):
    heading = blocks_of(line)[0].heading
    assert heading is not None
    assert heading.family == family
    if family == "qualification":
        assert heading.kind_hint == kind
        assert heading.mandatory_default is mandatory


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("CORE COMPETENCIES:", "core"),
        ("Core values and competencies", "core"),
        ("Functional competencies", "functional"),
        ("Technical competencies", "functional"),
        ("Competencies", "other"),
    ],
)
def test_competency_titles_carry_their_kind(line, kind):
    heading = blocks_of(line)[0].heading
    assert heading is not None and heading.competency_kind == kind


@pytest.mark.parametrize(
    "line",
    [
        "Experience in managing a mine action programme is desirable",
        "A minimum of 10 years of experience:",
        "Advanced university degree in one of the following fields:",
        "The Director will provide executive support to the Presidency.",
    ],
)
def test_requirements_and_sentences_are_not_titles(line):
    assert blocks_of(line)[0].heading is None


def test_inline_title_gives_a_heading_and_its_content():
    blocks = blocks_of("Languages: Fluency in English is required.")
    assert blocks[0].heading is not None and blocks[0].heading.kind_hint == "language"
    assert blocks[1].piece.text == "Fluency in English is required."
    assert blocks[1].piece.start == len("Languages: ")


def test_bullets_numbering_and_wrapped_lines_become_items():
    text = (
        "- 2. First bullet that runs over\n"
        "  two lines, with a comma at the end,\n"
        "• Second bullet\n"
        "(cid:127) Third bullet from a PDF\n"
        "a) Lettered item\n"
    )
    items = [block.piece.text for block in blocks_of(text)]
    assert items == [
        "First bullet that runs over\n  two lines, with a comma at the end,",
        "Second bullet",
        "Third bullet from a PDF",
        "Lettered item",
    ]
    for block in blocks_of(text):
        assert text[block.piece.start : block.piece.end] == block.piece.text


def test_a_list_without_bullets_or_full_stops_keeps_one_requirement_per_line():
    wrapped_paragraph = (
        "The Organisation works with communities affected by armed violence in the\n"
        "East of the country, where its programmes combine risk education and local\n"
        "peacebuilding, funded by several bilateral donors and by the pooled fund\n"
        "of the United Nations for the region.\n"
    )
    text = wrapped_paragraph + (
        "\nRequirements\n"
        "Master's degree in international relations, law or political science\n"
        "At least 5 years of experience in humanitarian coordination in the field\n"
        "Fluency in English and French\n"
    )
    blocks = [block.piece.text for block in blocks_of(text)]
    assert blocks[0] == wrapped_paragraph.strip()
    assert blocks[-3:] == [
        "Master's degree in international relations, law or political science",
        "At least 5 years of experience in humanitarian coordination in the field",
        "Fluency in English and French",
    ]


# --- sentences and clauses ----------------------------------------------------------------


def test_sentences_ignore_abbreviations():
    text = "Knowledge of IHL, e.g. Geneva law. Fluency in English is required."
    assert [s.text for s in sentences_of(piece(text))] == [
        "Knowledge of IHL, e.g. Geneva law.",
        "Fluency in English is required.",
    ]


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        (
            "A minimum of 10 years professional work experience in the field of international "
            "relations and cooperation and considerable experience in the field of conflict "
            "prevention and post-conflict recovery work,",
            [
                "A minimum of 10 years professional work experience in the field of "
                "international relations and cooperation",
                "considerable experience in the field of conflict prevention and post-conflict "
                "recovery work",
            ],
        ),
        (
            "Fluency in English, both oral and written, is required; working knowledge of "
            "other UN official language is an asset.",
            [
                "Fluency in English, both oral and written, is required",
                "working knowledge of other UN official language is an asset.",
            ],
        ),
        (
            "a minimum of 8 years specific substantive and technical experience in research, "
            "policy and/or programme development; strategy formulation,",
            [
                "a minimum of 8 years specific substantive and technical experience in "
                "research, policy and/or programme development; strategy formulation"
            ],
        ),
        (
            "Master's degree in law and at least 5 years of experience in human rights.",
            ["Master's degree in law", "at least 5 years of experience in human rights."],
        ),
        (
            "Bachelor's and 15 years, OR Master's and 10 years of experience in audit.",
            ["Bachelor's and 15 years, OR Master's and 10 years of experience in audit."],
        ),
        (
            "Fluency in English and French is required.",
            ["Fluency in English and French is required."],
        ),
    ],
)
def test_clauses_each_state_one_requirement(sentence, clauses):
    assert clause_texts(sentence) == clauses


# --- mandatory wording --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A minimum of a master's degree", True),
        ("Fluency in English is required", True),
        ("Candidates must hold a degree", True),
        ("Knowledge of French is essential", True),
        ("Maîtrise du français exigée", True),
        ("Diplôme requis", True),
        ("Au moins sept ans d'expérience", True),
        ("Experience in GIS is desirable", False),
        ("Knowledge of Spanish is an asset", False),
        ("A PhD is preferred", False),
        ("Field experience would be an advantage", False),
        ("Une expérience terrain est souhaitée", False),
        ("La connaissance de l'espagnol constitue un atout", False),
        ("Une expérience en Afrique serait un plus", False),
        ("A minimum of 2 years in GIS would be an advantage", False),
        ("Experience in project management", None),
    ],
)
def test_mandatory_and_desirable_wording(text, expected):
    assert marker_of(text) is expected


# --- education ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Advanced university degree (Master's degree or equivalent) in law", "master"),
        ("A minimum of a master's degree in economics", "master"),
        ("Graduate degree in public policy", "master"),
        ("Maîtrise en droit", "master"),
        ("Master 2 en relations internationales", "master"),
        ("Diplôme universitaire de deuxième cycle en droit", "master"),
        ("First-level university degree in engineering", "bachelor"),
        ("Bachelor's degree in accounting", "bachelor"),
        ("Licence en sociologie", "bachelor"),
        ("Diplôme universitaire de premier cycle en gestion", "bachelor"),
        ("PhD in political science", "doctorate"),
        ("Doctorat en droit international", "doctorate"),
        ("University degree (Master's level) in law", "master"),
        ("Secondary school diploma", "secondary"),
    ],
)
def test_degree_levels(text, level):
    requirement = degree_requirement(text)
    assert requirement is not None and requirement.min_level == level


def test_mastery_of_a_language_is_not_a_degree():
    assert degree_requirement("Maîtrise parfaite du français") is None
    assert kind_of("Maîtrise parfaite du français, exigée.", None) == "language"


@pytest.mark.parametrize(
    ("text", "fields", "open_list"),
    [
        (
            "A master's degree or equivalent in one of the following disciplines: "
            "political/social sciences, international law, geography, or another relevant field.",
            ("political science", "social sciences", "international law", "geography"),
            True,
        ),
        ("Master's degree in law or economics.", ("law", "economics"), False),
        ("Master's degree in peace and conflict studies", ("peace and conflict studies",), False),
        (
            "Master's degree in statistics, demography and economics",
            ("statistics", "demography", "economics"),
            False,
        ),
        ("Master en droit, économie ou domaine apparenté", ("law", "economics"), True),
        ("Master's degree in a related field such as law or economics", ("law", "economics"), True),
        ("Master's degree is required", (), False),
        ("Master's degree with 5 years of experience in finance", (), False),
    ],
)
def test_degree_fields(text, fields, open_list):
    requirement = degree_requirement(text)
    assert requirement is not None
    assert requirement.fields == fields
    assert requirement.open_fields is open_list


# --- experience ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("A minimum of 10 years of experience in audit", 120),
        ("At least five (5) years of experience in audit", 60),
        ("No less than seven years of experience in audit", 84),
        ("10+ years in audit", 120),
        ("3-5 years of experience in audit", 36),
        ("Au moins sept ans d'expérience en audit", 84),
        ("Minimum de 5 années d'expérience en audit", 60),
        ("Six months of experience in audit", 6),
    ],
)
def test_years_of_experience(text, months):
    assert experience_requirement(text).months == months


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("Considerable experience working in a multilateral environment", "considerable"),
        ("Extensive experience in humanitarian coordination", "extensive"),
        ("Une solide expérience de la gestion de projets", "solide"),
        ("Une expérience significative dans le domaine humanitaire", "significative"),
        ("Experience in humanitarian coordination", None),
    ],
)
def test_vague_quantities(text, vague):
    requirement = experience_requirement(text)
    assert requirement.months is None
    assert requirement.vague_word == vague


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        (
            "A minimum of 10 years professional work experience in the field of international "
            "relations and cooperation",
            "international_relations_cooperation",
        ),
        (
            "considerable experience in the field of conflict prevention and post-conflict "
            "recovery work",
            "conflict_prevention_post_conflict_recovery",
        ),
        (
            "a minimum of 8 years specific substantive and technical experience in the nexus "
            "of development/humanitarian/disarmament work in fields of research, policy",
            "nexus_development_humanitarian_disarmament",
        ),
        (
            "Proven track record of management at an international level.",
            "management_international_level",
        ),
        (
            "Experience in managing a mine action programme is desirable",
            "managing_mine_action_programme",
        ),
        ("of which at least 5 years at senior management level", "senior_management_level"),
        ("5 years at a UN organization", "un_organization"),
        (
            "Au moins sept ans d'expérience dans le domaine de l'assistance aux victimes",
            "assistance_victimes",
        ),
        ("7 years of humanitarian experience", "humanitarian"),
        ("at least 7 years of progressively responsible professional experience", None),
    ],
)
def test_experience_tags_name_the_field(text, tag):
    assert experience_requirement(text).tag_name == tag


def test_tag_slug_keeps_acronyms_and_drops_filler():
    assert tag_slug("the DDR and SSR programmes") == "ddr_ssr_programmes"
    assert tag_slug("gestion de projets financés") == "gestion_projets_finances"


# --- languages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Fluency in English", "fluent"),
        ("Excellent command of French", "fluent"),
        ("Maîtrise parfaite du français", "fluent"),
        ("Working knowledge of Spanish", "working"),
        ("Good command of Arabic", "working"),
        ("Bonne connaissance de l'anglais", "working"),
        ("Knowledge of Russian", "working"),
        ("Basic knowledge of Portuguese", "basic"),
        ("Native English speaker", "native"),
        ("English (required)", "fluent"),
    ],
)
def test_language_levels(text, level):
    assert level_of(text) == level


def test_other_un_official_languages_exclude_those_required():
    (requirement,) = language_requirements(
        "working knowledge of another official UN language is an asset", ["English"]
    )
    assert requirement.languages == ("Arabic", "Chinese", "French", "Russian", "Spanish")
    assert requirement.any_of and requirement.level == "working"
    (all_six,) = language_requirements("Fluency in one of the UN official languages", [])
    assert len(all_six.languages) == 6


def test_languages_and_or_and_counted():
    both = language_requirements("Fluency in English and French is required", [])
    assert [(r.languages, r.any_of) for r in both] == [(("English",), False), (("French",), False)]
    either = language_requirements("Fluency in English or French", [])
    assert [(r.languages, r.any_of) for r in either] == [(("English", "French"), True)]
    (two,) = language_requirements("Proficiency in at least two of English, French, Spanish", [])
    assert two.min_count == 2 and two.level == "fluent"
    assert (
        language_requirements("English and French are the working languages of the UN.", []) == []
    )


# --- whole proposals from short texts -----------------------------------------------------


def test_lead_in_lines_set_the_flags_of_their_bullets():
    criteria = only_criteria(
        "Requirements\nThe following are essential:\n- Degree in engineering\n"
        "- Experience in demining\nThe following would be an asset:\n- Knowledge of French\n"
    )
    assert [(c["kind"], c["mandatory"]) for c in criteria] == [
        ("education", True),
        ("experience", True),
        ("language", False),
    ]


def test_required_and_desirable_markers_hold_as_far_as_their_place_says():
    criteria = only_criteria(
        "Qualifications\n"
        "Education\tBachelor's degree in accounting or finance.\n"
        "Desirable: a Master's degree in finance.\n"
        "Experience\n- At least 4 years in financial management.\n"
        "Desirable:\n- Experience with IPSAS.\n"
        "Languages\n- Fluency in English.\n"
    )
    assert [(c["text"], c["mandatory"]) for c in criteria] == [
        ("Bachelor's degree in accounting or finance.", True),
        ("a Master's degree in finance.", False),
        ("At least 4 years in financial management.", True),
        ("Experience with IPSAS.", False),
        ("Fluency in English.", True),
    ]


def test_desirable_section_above_its_subheadings():
    criteria = only_criteria(
        "## Desirable\n### Education\n- PhD in economics\n### Experience\n- Experience in audit\n"
    )
    assert [c["mandatory"] for c in criteria] == [False, False]


def test_fields_listed_as_bullets_under_the_degree():
    (education,) = only_criteria(
        "Education:\n- Advanced university degree in one of the following fields:\n"
        "  - law\n  - economics\n  - international relations\n"
    )
    assert education["rule"]["fields_listed"] == ["law", "economics", "international relations"]
    assert education["text"].endswith("international relations")


def test_the_same_field_twice_shares_one_tag():
    proposal = propose_from_tor(
        "Experience\n- At least 5 years of experience in mine action.\n"
        "- Experience in mine action at management level is desirable.\n"
        "- Considerable experience in mine action.\n"
    )
    tags = [c["rule"]["tag"] for c in proposal.proposed_criteria]
    assert tags[0] == tags[2] == "mine_action"
    assert list(proposal.tags).count("mine_action") == 1


def test_years_without_a_field_have_no_tag_and_a_note():
    proposal = propose_from_tor(
        "Work experience\nAt least 7 years of progressively responsible professional "
        "experience is required.\n"
    )
    (experience,) = proposal.proposed_criteria
    assert experience["rule"] == {"type": "experience_months", "min_months": 84}
    assert any("names no field" in note for note in proposal.notes)


def test_requirements_found_without_a_qualifications_heading_come_with_a_note():
    proposal = propose_from_tor(
        "Programme Officer\n\nWe are looking for someone with a Master's degree in law and at "
        "least 5 years of experience in human rights. Fluency in French is required. "
        "The officer will travel often.\n"
    )
    assert [c["kind"] for c in proposal.proposed_criteria] == [
        "education",
        "experience",
        "language",
    ]
    assert any("No qualifications section" in note for note in proposal.notes)
