"""The rule-based CV reader on hand-written CV texts, and the profile's contract shape.

Every CV here is invented for the test and written in a different style (one line per
position, heading above dates, grid-like cells, French), so the rules are checked on
layouts and wordings that are not those of the labelled sample set.
"""

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.intake.domain.parsing import PARSER_VERSION, parse_profile
from services.intake.domain.profile import Contact, Degree, Language, Position, Profile

ONE_LINE_POSITIONS = """\
Maria Lopez
maria.lopez@example.org | Tel: 022 345 67 89 | Nairobi, Kenya

EMPLOYMENT
Senior Adviser at UNICEF, Nairobi, Kenya (Jan 2015 \u2013 Present)
• Led a team of 20 staff across three field offices
• Negotiated funding agreements with donors
Programme Officer at Save the Children, Juba, South Sudan (September 2010 to December 2014)
• Coordinated emergency education programmes

EDUCATION
Master of Arts in International Affairs, Columbia University, 2010
Bachelor of Science in Economics, University of Lagos, 2006

LANGUAGES
Fluent in French; basic knowledge of Portuguese
English (native)
"""

FRENCH = """\
Claire Dubois
12 rue des Lilas, 75011 Paris, France
+33 6 12 34 56 78 · claire.dubois@example.fr

EXPÉRIENCE PROFESSIONNELLE
Depuis 2019 | Chargée de mission, Ministère des Affaires étrangères, Paris, France
- Suivi des négociations multilatérales sur le désarmement
- Rédaction de notes pour le cabinet
2012 - 2018 : Consultante, Banque mondiale, Washington, DC, États-Unis
- Évaluation de projets de reconstruction
juil. 2008 \u2013 août 2011 : Attachée, Ambassade de France au Mali, Bamako, Mali

FORMATION
2008 DESS Relations internationales, Université Paris 1 Panthéon-Sorbonne
2006 Licence en Droit, Université de Bordeaux

LANGUES
Anglais : courant (C1)
Espagnol : notions
"""

HEADING_ABOVE_DATES = """\
Personal details

Name: John Q. Smith
Email: john.smith@example.com
Phone: +44 20 7946 0958
Address: London, United Kingdom

Work history

Programme Officer
UNHCR, Amman, Jordan
March 2016 - 2019
Supported refugee registration in urban areas
Managed a team of 4 national staff

Intern
OECD, Paris, France
2015
Drafted background notes for the Development Assistance Committee

Qualifications
MSc Development Studies — London School of Economics, 2015
Postgraduate Certificate in Humanitarian Action, University of Geneva, 2016

Language skills
Arabic — B2
German — mother tongue
"""

# Grid CVs come out of a Word table cell by cell, a blank line after each cell.
GRID_CELLS = """\
Ana Ferreira

Address

Maputo, Mozambique

E-mail

ana.ferreira@example.net

Work Experience

Period

Position

Employer / Location

10/2017 - present

Head of Office

World Food Programme, Beira, Mozambique

Managed a sub-office of 40 staff
Oversaw cash-based transfers to 200,000 people

01.2012 \u2013 09.2017

Logistics Officer

Médecins Sans Frontières, Tete, Mozambique

Organised medical supply chains

Education

Year

Degree

Institution

2011

MPhil

Development Studies — University of Cambridge

Language Skills

Portuguese

Native

English

Full professional proficiency
"""


def test_parser_version_is_recorded() -> None:
    assert PARSER_VERSION == "0.1"


# --- contact ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ONE_LINE_POSITIONS,
            Contact("Maria Lopez", "maria.lopez@example.org", "022 345 67 89", "Nairobi", "Kenya"),
        ),
        (
            FRENCH,
            Contact(
                "Claire Dubois", "claire.dubois@example.fr", "+33 6 12 34 56 78", "Paris", "France"
            ),
        ),
        (
            HEADING_ABOVE_DATES,
            Contact(
                "John Q. Smith",
                "john.smith@example.com",
                "+44 20 7946 0958",
                "London",
                "United Kingdom",
            ),
        ),
        (
            GRID_CELLS,
            Contact("Ana Ferreira", "ana.ferreira@example.net", None, "Maputo", "Mozambique"),
        ),
    ],
    ids=["one-line", "french", "heading-above", "grid"],
)
def test_contact_is_read_from_the_top_of_the_cv(text: str, expected: Contact) -> None:
    assert parse_profile(text).contact == expected


def test_a_name_in_capitals_wrapped_over_two_lines_is_joined() -> None:
    profile = parse_profile("JEAN-PIERRE\nN'DIAYE\nDakar, Senegal\njp@example.sn\n")

    assert profile.contact.name == "JEAN-PIERRE N'DIAYE"


# --- positions -------------------------------------------------------------------------


def test_positions_written_on_one_line_with_dates_at_the_end() -> None:
    positions = parse_profile(ONE_LINE_POSITIONS).positions

    assert [(p.title, p.employer, p.city, p.country) for p in positions] == [
        ("Senior Adviser", "UNICEF", "Nairobi", "Kenya"),
        ("Programme Officer", "Save the Children", "Juba", "South Sudan"),
    ]
    assert [(p.start, p.end, p.ongoing) for p in positions] == [
        ("2015-01", None, True),
        ("2010-09", "2014-12", False),
    ]
    assert positions[0].bullets == (
        "Led a team of 20 staff across three field offices",
        "Negotiated funding agreements with donors",
    )


def test_french_positions_with_depuis_year_ranges_and_french_months() -> None:
    positions = parse_profile(FRENCH).positions

    assert [(p.start, p.end, p.ongoing, p.dates_as_written) for p in positions] == [
        ("2019-01", None, True, "Depuis 2019"),
        ("2012-01", "2018-12", False, "2012 - 2018"),
        ("2008-07", "2011-08", False, "juil. 2008 \u2013 août 2011"),
    ]
    assert (positions[1].employer, positions[1].city, positions[1].country) == (
        "Banque mondiale",
        "Washington, DC",
        "États-Unis",
    )
    assert positions[2].bullets == ()


def test_positions_whose_heading_is_printed_above_the_dates() -> None:
    positions = parse_profile(HEADING_ABOVE_DATES).positions

    assert [(p.title, p.employer, p.start, p.end) for p in positions] == [
        ("Programme Officer", "UNHCR", "2016-03", "2019-12"),
        ("Intern", "OECD", "2015-01", "2015-12"),
    ]
    assert positions[0].bullets == (
        "Supported refugee registration in urban areas",
        "Managed a team of 4 national staff",
    )


def test_positions_from_grid_cells_ignore_the_column_labels() -> None:
    positions = parse_profile(GRID_CELLS).positions

    assert [(p.title, p.employer, p.city, p.start, p.end, p.ongoing) for p in positions] == [
        ("Head of Office", "World Food Programme", "Beira", "2017-10", None, True),
        ("Logistics Officer", "Médecins Sans Frontières", "Tete", "2012-01", "2017-09", False),
    ]
    assert positions[0].bullets == (
        "Managed a sub-office of 40 staff",
        "Oversaw cash-based transfers to 200,000 people",
    )


def test_wrapped_bullets_are_joined_back() -> None:
    text = (
        "Experience\n"
        "Field Coordinator, Oxfam, Goma, Democratic Republic of the Congo\n"
        "05/2014 - 06/2016\n"
        "• Coordinated water and sanitation programmes for displaced people in\n"
        "\n"
        "camps and host communities\n"
        "• Reported to donors on\n"
        "Programme results\n"
    )

    (position,) = parse_profile(text).positions

    assert position.bullets == (
        "Coordinated water and sanitation programmes for displaced people in camps and host "
        "communities",
        "Reported to donors on Programme results",
    )


def test_a_date_range_wrapped_over_two_lines_is_rejoined() -> None:
    text = (
        "PROFESSIONAL EXPERIENCE\n"
        "July 2011 to August\n"
        "2016\n"
        "Desk Officer\n"
        "Ministry of Foreign Affairs, Oslo, Norway\n"
    )

    (position,) = parse_profile(text).positions

    assert (position.start, position.end, position.title) == ("2011-07", "2016-08", "Desk Officer")


@pytest.mark.parametrize(
    ("dates", "start", "end", "ongoing"),
    [
        ("Jan 2015 \u2013 Dec 2018", "2015-01", "2018-12", False),
        ("September 2010 to June 2013", "2010-09", "2013-06", False),
        ("03/2012 - 11/2016", "2012-03", "2016-11", False),
        ("03.2012 \u2013 11.2016", "2012-03", "2016-11", False),
        ("2015\u20132019", "2015-01", "2019-12", False),
        ("2015 - 2019", "2015-01", "2019-12", False),
        ("since 2019", "2019-01", None, True),
        ("since March 2019", "2019-03", None, True),
        ("janv. 2015 \u2013 déc. 2018", "2015-01", "2018-12", False),
        ("depuis mars 2019", "2019-03", None, True),
        ("févr. 2004 \u2013 avr. 2005", "2004-02", "2005-04", False),
        ("Apr 2021 \u2013 Current", "2021-04", None, True),
        ("July 2019 to date", "2019-07", None, True),
        ("03.2020 \u2013 today", "2020-03", None, True),
        ("sept. 2019 \u2013 à ce jour", "2019-09", None, True),
        ("mars 2020 \u2013 aujourd'hui", "2020-03", None, True),
        ("2016-04 \u2013 2018-10", "2016-04", "2018-10", False),
        ("Mar-2015 \u2013 Jun-2018", "2015-03", "2018-06", False),
    ],
)
def test_date_range_wordings(dates: str, start: str, end: str | None, ongoing: bool) -> None:
    text = f"Experience\n{dates}: Officer, UNDP, Geneva, Switzerland\n- Did the work\n"

    (position,) = parse_profile(text).positions

    assert (position.start, position.end, position.ongoing) == (start, end, ongoing)
    assert position.dates_as_written == dates


# --- education -------------------------------------------------------------------------


def test_degrees_with_field_institution_and_year() -> None:
    education = parse_profile(ONE_LINE_POSITIONS).education

    assert [(d.level, d.degree_as_written, d.institution, d.year_completed) for d in education] == [
        ("master", "Master of Arts", "Columbia University", 2010),
        ("bachelor", "Bachelor of Science", "University of Lagos", 2006),
    ]
    assert [(d.field_as_written, d.field) for d in education] == [
        ("International Affairs", "international relations"),
        ("Economics", "economics"),
    ]


def test_french_degrees_with_the_year_first() -> None:
    education = parse_profile(FRENCH).education

    assert [(d.level, d.degree_as_written, d.field, d.year_completed) for d in education] == [
        ("master", "DESS", "international relations", 2008),
        ("bachelor", "Licence", "law", 2006),
    ]
    assert education[0].institution == "Université Paris 1 Panthéon-Sorbonne"


def test_degree_and_year_in_separate_grid_cells() -> None:
    (degree,) = parse_profile(GRID_CELLS).education

    assert degree == Degree(
        level="master",
        degree_as_written="MPhil",
        field="development studies",
        field_as_written="Development Studies",
        institution="University of Cambridge",
        year_completed=2011,
    )


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("MA", "master"),
        ("MSc", "master"),
        ("LL.M.", "master"),
        ("MPhil", "master"),
        ("MPA", "master"),
        ("MBA", "master"),
        ("DEA", "master"),
        ("DESS", "master"),
        ("Master 2", "master"),
        ("Maîtrise", "master"),
        ("Master of Public Policy", "master"),
        ("BA (Hons)", "bachelor"),
        ("BSc", "bachelor"),
        ("LLB", "bachelor"),
        ("Licence", "bachelor"),
        ("Bachelor of Laws", "bachelor"),
        ("PhD", "doctorate"),
        ("Doctorat", "doctorate"),
        ("DPhil", "doctorate"),
        ("Executive Certificate", "other"),
        ("Diploma", "other"),
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


def test_a_degree_naming_its_field_or_repeating_its_abbreviation() -> None:
    text = (
        "Education\n"
        "MASTER OF PUBLIC POLICY, Hertie School, 2010\n"
        "Master of Arts (MA) in Sociology, University of Dhaka, 2004\n"
    )

    education = parse_profile(text).education

    assert [(d.degree_as_written, d.field, d.institution) for d in education] == [
        ("MASTER OF PUBLIC POLICY", "public policy", "Hertie School"),
        ("Master of Arts (MA)", "sociology", "University of Dhaka"),
    ]


def test_highest_degree_is_the_highest_level_not_the_first_listed() -> None:
    text = "Education\nBA, History, University of Ghana, 1999\nPhD, Sociology, SOAS, 2008\n"

    highest = parse_profile(text).highest_degree

    assert highest is not None and highest.degree_as_written == "PhD"


# --- languages -------------------------------------------------------------------------


def test_languages_in_several_styles() -> None:
    assert parse_profile(ONE_LINE_POSITIONS).languages == (
        Language("French", "French", "fluent", "Fluent"),
        Language("Portuguese", "Portuguese", "basic", "basic knowledge"),
        Language("English", "English", "native", "native"),
    )
    assert parse_profile(FRENCH).languages == (
        Language("English", "Anglais", "fluent", "courant"),
        Language("Spanish", "Espagnol", "basic", "notions"),
    )
    assert parse_profile(GRID_CELLS).languages == (
        Language("Portuguese", "Portuguese", "native", "Native"),
        Language("English", "English", "fluent", "Full professional proficiency"),
    )


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("Native", "native"),
        ("Mother tongue", "native"),
        ("Mother-tongue", "native"),
        ("Native speaker", "native"),
        ("langue maternelle", "native"),
        ("C1", "fluent"),
        ("C2", "fluent"),
        ("Fluent", "fluent"),
        ("Excellent", "fluent"),
        ("Very good", "fluent"),
        ("Full professional proficiency", "fluent"),
        ("courant", "fluent"),
        ("excellent niveau", "fluent"),
        ("B1", "working"),
        ("B2", "working"),
        ("Working knowledge", "working"),
        ("Good working knowledge", "working"),
        ("Intermediate", "working"),
        ("niveau intermédiaire", "working"),
        ("A1", "basic"),
        ("A2", "basic"),
        ("Basic", "basic"),
        ("Elementary", "basic"),
        ("notions", "basic"),
    ],
)
def test_language_levels(written: str, level: str) -> None:
    (language,) = parse_profile(f"Languages\nRussian: {written}\n").languages

    assert (language.language, language.level, language.level_as_written) == (
        "Russian",
        level,
        written,
    )


def test_french_language_names_become_english() -> None:
    profile = parse_profile("Langues\nFrançais (langue maternelle); Arabe (B2); Russe (A2)\n")

    assert [
        (item.language, item.language_as_written, item.level) for item in profile.languages
    ] == [
        ("French", "Français", "native"),
        ("Arabic", "Arabe", "working"),
        ("Russian", "Russe", "basic"),
    ]


def test_a_language_without_a_recognised_level_keeps_a_null_level() -> None:
    (language,) = parse_profile("Languages\nSwahili\n").languages

    assert (language.language, language.level, language.level_as_written) == ("Swahili", None, None)


# --- robustness ------------------------------------------------------------------------


def test_empty_text_gives_an_empty_profile() -> None:
    assert parse_profile("") == Profile()


def test_a_cv_without_section_headings_still_yields_its_positions() -> None:
    text = (
        "Kofi Mensah\nkofi@example.com\n"
        "2016 - 2020 Country Director, CARE International, Accra, Ghana\n"
        "- Managed a portfolio of five projects\n"
    )

    (position,) = parse_profile(text).positions

    assert (position.title, position.employer, position.start) == (
        "Country Director",
        "CARE International",
        "2016-01",
    )


_FRAGMENTS = st.sampled_from(
    [
        *"ab XYZ019,.-\u2013:|()\n\n•@+/\t",
        *("2015", "March ", "present", "12/2019", "janv. ", "depuis ", "since "),
        *("Education\n", "Experience\n", "LANGUAGES\n", "English", " C1", "MA ", "PhD"),
        *("University", "(cid:3)", "Geneva, Switzerland"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=40).map("".join))
def test_any_text_parses_to_a_valid_profile(text: str) -> None:
    profile = parse_profile(text)

    assert Profile.from_dict(profile.to_dict()) == profile


# --- the cv.parsed profile contract ----------------------------------------------------


def _full_profile() -> Profile:
    return Profile(
        contact=Contact("Ana Ferreira", "ana@example.net", "+258 84 1234", "Maputo", "Mozambique"),
        education=(
            Degree(
                level="master",
                degree_as_written="MPhil",
                field="development studies",
                field_as_written="Development Studies",
                institution="University of Cambridge",
                year_completed=2011,
            ),
        ),
        positions=(
            Position(
                title="Head of Office",
                employer="WFP",
                city="Beira",
                country="Mozambique",
                start="2017-10",
                ongoing=True,
                dates_as_written="10/2017 - present",
                bullets=("Managed staff",),
            ),
        ),
        languages=(Language("Portuguese", "Português", "native", "nativo"),),
    )


def test_profile_to_dict_has_exactly_the_contract_shape() -> None:
    data = _full_profile().to_dict()

    assert " ".join(data) == "contact education positions languages"
    assert " ".join(data["contact"]) == "name email phone city country"
    assert " ".join(data["education"][0]) == (
        "level degree_as_written field field_as_written institution year_completed"
    )
    assert " ".join(data["positions"][0]) == (
        "title employer city country start end ongoing dates_as_written bullets"
    )
    assert " ".join(data["languages"][0]) == "language language_as_written level level_as_written"
    assert data["positions"][0]["bullets"] == ["Managed staff"]
    assert data["positions"][0]["end"] is None and data["positions"][0]["ongoing"] is True


def test_profile_round_trips_through_its_dict() -> None:
    profile = _full_profile()

    assert Profile.from_dict(profile.to_dict()) == profile


def test_profile_from_an_empty_dict_is_empty() -> None:
    assert Profile.from_dict({}) == Profile()
    assert Profile().to_dict() == {
        "contact": {"name": None, "email": None, "phone": None, "city": None, "country": None},
        "education": [],
        "positions": [],
        "languages": [],
    }


@pytest.mark.parametrize(
    "build",
    [
        lambda: Degree("masters", "MA"),
        lambda: Language("English", "English", "good"),
        lambda: Position(start="2015-13"),
        lambda: Position(start="2015-1"),
        lambda: Position(start="2015-01", end="2016-01", ongoing=True),
    ],
    ids=["degree-level", "language-level", "month-13", "short-month", "ongoing-with-end"],
)
def test_values_outside_the_contract_are_refused(build: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        build()
