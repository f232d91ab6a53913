"""Degrees: levels across systems and languages, fields normalised, institutions, years."""

import pytest

from services.intake.domain.parsing import parse_profile
from services.intake.domain.profile import Degree
from services.intake.domain.reading.fields import canonical_field


@pytest.mark.parametrize(
    ("written", "level"),
    [
        # master's
        ("MA", "master"),
        ("M.A.", "master"),
        ("MSc", "master"),
        ("M.Sc.", "master"),
        ("MS", "master"),
        ("MPhil", "master"),
        ("MRes", "master"),
        ("LL.M.", "master"),
        ("LLM", "master"),
        ("MPA", "master"),
        ("MPP", "master"),
        ("MBA", "master"),
        ("Executive MBA", "master"),
        ("Master", "master"),
        ("Masters", "master"),
        ("Master's degree", "master"),
        ("Master 2", "master"),
        ("Master II", "master"),
        ("Master 1", "master"),
        ("Mastère spécialisé", "master"),
        ("DEA", "master"),
        ("DESS", "master"),
        ("Maîtrise", "master"),
        ("Magister", "master"),
        ("Diplom", "master"),
        ("Maestría", "master"),
        ("Mestrado", "master"),
        ("Laurea magistrale", "master"),
        ("Master of Public Policy", "master"),
        # bachelor's
        ("BA", "bachelor"),
        ("BA (Hons)", "bachelor"),
        ("B.A.", "bachelor"),
        ("BSc", "bachelor"),
        ("BEng", "bachelor"),
        ("LLB", "bachelor"),
        ("LL.B.", "bachelor"),
        ("Bachelor", "bachelor"),
        ("Bachelor's degree", "bachelor"),
        ("Bachelor of Laws", "bachelor"),
        ("Licence", "bachelor"),
        ("Licenciatura", "bachelor"),
        ("Laurea", "bachelor"),
        # doctorates
        ("PhD", "doctorate"),
        ("Ph.D.", "doctorate"),
        ("DPhil", "doctorate"),
        ("Doctorat", "doctorate"),
        ("Doctorate", "doctorate"),
        ("Doktor", "doctorate"),
        ("Doctorado", "doctorate"),
        ("Dr. phil.", "doctorate"),
        # other
        ("Executive Certificate", "other"),
        ("Postgraduate Certificate", "other"),
        ("Postgraduate Diploma", "other"),
        ("Diploma", "other"),
        ("Certificat", "other"),
        # secondary
        ("Baccalauréat", "secondary"),
        ("Abitur", "secondary"),
        ("High School Diploma", "secondary"),
    ],
)
def test_degree_levels(written: str, level: str) -> None:
    text = f"Education\n{written} in Political Science, University of Ghana, 2004\n"

    (degree,) = parse_profile(text).education

    assert (degree.level, degree.degree_as_written) == (level, written)
    assert (degree.field, degree.institution, degree.year_completed) == (
        "political science",
        "University of Ghana",
        2004,
    )


@pytest.mark.parametrize(
    ("written", "field"),
    [
        ("Political Science", "political science"),
        ("Politics", "political science"),
        ("Science politique", "political science"),
        ("Sciences politiques", "political science"),
        ("International Relations", "international relations"),
        ("International Affairs", "international relations"),
        ("Relations internationales", "international relations"),
        ("Public International Law", "international law"),
        ("International Humanitarian Law", "international law"),
        ("Droit international public", "international law"),
        ("Völkerrecht", "international law"),
        ("Law", "law"),
        ("Droit", "law"),
        ("International Development", "development studies"),
        ("Development Studies", "development studies"),
        ("Human Geography", "geography"),
        ("Géographie", "geography"),
        ("Sociologie", "sociology"),
        ("Social Sciences", "social sciences"),
        ("Public Administration", "public administration"),
        ("Administration publique", "public administration"),
        ("Public Policy", "public policy"),
        ("Business Administration", "business administration"),
        ("Peace and Conflict Studies", "peace and conflict studies"),
        ("War Studies", "war studies"),
        ("Économie", "economics"),
        ("Humanitarian Demining", "mine action"),
        ("Chemical Engineering", "chemical engineering"),
        ("Marine Biology", "marine biology"),
    ],
)
def test_fields_are_normalised_to_lower_case_english(written: str, field: str) -> None:
    assert canonical_field(written) == field


def test_degrees_written_in_words_with_field_institution_and_year() -> None:
    text = (
        "EDUCATION\n"
        "Master of Arts in International Affairs, Columbia University, 2010\n"
        "Bachelor of Science in Economics, University of Lagos, 2006\n"
    )

    education = parse_profile(text).education

    assert [(d.level, d.degree_as_written, d.institution, d.year_completed) for d in education] == [
        ("master", "Master of Arts", "Columbia University", 2010),
        ("bachelor", "Bachelor of Science", "University of Lagos", 2006),
    ]
    assert [(d.field_as_written, d.field) for d in education] == [
        ("International Affairs", "international relations"),
        ("Economics", "economics"),
    ]


def test_french_degrees_with_the_year_first() -> None:
    text = (
        "FORMATION\n"
        "2008 DESS Relations internationales, Université Paris 1 Panthéon-Sorbonne\n"
        "2006 Licence en Droit, Université de Bordeaux\n"
        "2003 Baccalauréat, Lycée Henri-IV\n"
    )

    education = parse_profile(text).education

    assert [(d.level, d.degree_as_written, d.field, d.year_completed) for d in education] == [
        ("master", "DESS", "international relations", 2008),
        ("bachelor", "Licence", "law", 2006),
        ("secondary", "Baccalauréat", None, 2003),
    ]
    assert [d.institution for d in education] == [
        "Université Paris 1 Panthéon-Sorbonne",
        "Université de Bordeaux",
        "Lycée Henri-IV",
    ]


def test_french_degrees_with_the_year_in_brackets() -> None:
    text = (
        "Formation\n"
        "Doctorat en Science politique, Université Lumière Lyon 2 (2005)\n"
        "Master 2 en Droit international public, Sciences Po (2000)\n"
        "Maîtrise en Science politique, Université de Lausanne (1999)\n"
    )

    education = parse_profile(text).education

    assert [(d.level, d.field, d.institution, d.year_completed) for d in education] == [
        ("doctorate", "political science", "Université Lumière Lyon 2", 2005),
        ("master", "international law", "Sciences Po", 2000),
        ("master", "political science", "Université de Lausanne", 1999),
    ]


def test_degree_year_and_field_in_separate_grid_cells() -> None:
    text = (
        "Education\nYear\n\nDegree\n\nInstitution\n\n"
        "2011\n\nMPhil\n\nDevelopment Studies \u2014 University of Cambridge\n\n"
        "2007\n\nLicenciatura\n\nRelações Internacionais \u2014 Universidade de Lisboa\n"
    )

    education = parse_profile(text).education

    assert [(d.level, d.degree_as_written, d.field, d.year_completed) for d in education] == [
        ("master", "MPhil", "development studies", 2011),
        ("bachelor", "Licenciatura", "international relations", 2007),
    ]
    assert [d.institution for d in education] == [
        "University of Cambridge",
        "Universidade de Lisboa",
    ]


def test_a_degree_naming_its_field_or_repeating_its_abbreviation() -> None:
    text = (
        "Education\n"
        "MASTER OF PUBLIC POLICY, Hertie School, 2010\n"
        "Master of Arts (MA) in Sociology, University of Dhaka, 2004\n"
        "Master of Peace and Conflict Studies, University of Queensland, 2002\n"
    )

    education = parse_profile(text).education

    assert [(d.degree_as_written, d.field, d.institution) for d in education] == [
        ("MASTER OF PUBLIC POLICY", "public policy", "Hertie School"),
        ("Master of Arts (MA)", "sociology", "University of Dhaka"),
        (
            "Master of Peace and Conflict Studies",
            "peace and conflict studies",
            "University of Queensland",
        ),
    ]


def test_a_degree_name_wrapped_over_lines_in_a_narrow_column() -> None:
    text = (
        "Education and Training\n\n"
        "Master of Business\nAdministration in Business\nAdministration, Leiden University,\n2004\n"
    )

    (degree,) = parse_profile(text).education

    assert degree == Degree(
        level="master",
        degree_as_written="Master of Business Administration",
        field="business administration",
        field_as_written="Business Administration",
        institution="Leiden University",
        year_completed=2004,
        source=degree.source,
    )


def test_a_named_degree_followed_by_a_more_precise_field() -> None:
    text = (
        "ACADEMIC BACKGROUND\n2000\n\n"
        "Master of Laws\nInternational Humanitarian Law \u2014 MGIMO University\n"
    )

    (degree,) = parse_profile(text).education

    assert (degree.field, degree.field_as_written) == (
        "international law",
        "International Humanitarian Law",
    )


def test_honours_do_not_become_the_field() -> None:
    text = "EDUCATION\n1997 Bachelor of Arts (Hons), History, Jagiellonian University\n"

    (degree,) = parse_profile(text).education

    assert (degree.degree_as_written, degree.field) == ("Bachelor of Arts (Hons)", "history")


def test_office_software_is_not_a_degree() -> None:
    text = "Education\nMSc in Economics, University of Ghana, 2001\nMS Office, Stata\n"

    assert [d.degree_as_written for d in parse_profile(text).education] == ["MSc"]
