"""Whole CVs in the styles candidates send, read into a profile.

Every CV here is invented for the test and written in a different layout, as the text
extractor gives it: one line per position, headings above dates, grid cells, French,
europass-like label and value columns, minimal plain text, two columns interleaved by the
PDF reader, and a label-column PDF whose date lines came out of order. None of them is a
file of the labelled sample set.
"""

from services.intake.domain.parsing import PARSER_VERSION, parse_profile
from services.intake.domain.profile import Contact, Degree, Language, Profile

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

# A europass-like PDF: labels in a left column, "n" is how its bullet glyph comes out.
EUROPASS = """\
PERSONAL

INFORMATION Nadia Haddad

Amman, Jordan

+962 7 9123 4567

nadia.haddad@example.org

WORK EXPERIENCE

Mar 2016 \u2013 Present Head of Sub-Office

UNHCR, Mafraq, Jordan
n Led a team of 45 national and international staff

n Negotiated humanitarian access with local authorities and

armed groups

Jan 2012 \u2013 Feb 2016 Protection Officer

Danish Refugee Council, Beirut, Lebanon
n Coordinated protection monitoring in informal settlements

EDUCATION AND
TRAINING

2011 MA

International Relations \u2014 American University of Beirut

2008 BA

Political Science \u2014 University of Jordan

LANGUAGE SKILLS

Mother tongue(s) Arabic (Mother tongue)

English C1

French

A2
"""

MINIMAL_PLAIN = """\
IVAN PETROV
Belgrade, Serbia | +381 11 123 4567 | ivan.petrov@example.rs

EXPERIENCE
----------------------------------------
2019 - present  Senior Adviser, OSCE Mission to Serbia, Belgrade, Serbia
  - Advised the host government on small arms control
2014 - 2019  Programme Officer, Arms Control, UNDP SEESAC, Belgrade, Serbia
  - Managed a regional small arms control project

EDUCATION
----------------------------------------
2013 Magister, Political Science, University of Belgrade
2009 Diplom, Politikwissenschaft, Freie Universität Berlin

LANGUAGES
----------------------------------------
Serbian - native
English - fluent
German - good working knowledge
"""

# A two-column PDF read column by column, a sidebar heading dropped between two jobs.
TWO_COLUMNS = """\
Lena Hoffmann
Disarmament Specialist

Contact

Bonn, Germany
+49 228 1234 5678
lena.hoffmann@example.de

Languages

German: Native
English: Full professional
proficiency

Education

MA in Peace and Conflict
Studies, University of Bradford,
2010

Profile

Specialist in humanitarian disarmament and victim assistance.

Work Experience

Policy Adviser
Federal Foreign Office, Berlin, Germany
09/2018 - present
• Represented Germany at meetings of the Convention on Cluster

Munitions

Key Skills

Negotiation · Policy analysis ·
Report writing

Programme Manager
Mines Advisory Group (MAG), Erbil, Iraq
02/2014 - 08/2018
• Led a team of 80 national staff
"""

# A label-column PDF whose date lines the reader put before, or among, the jobs' text.
SCRAMBLED_LABEL_COLUMN = """\
WORK EXPERIENCE

September 2021 to
date

August 2016 to August
2021

Programme Manager
UNDP Mine Action Programme, Phnom Penh, Cambodia
n Managed clearance and risk education components

n Supported post-conflict recovery by releasing land for

agriculture and resettlement

Country Director
Mines Advisory Group, Hanoi, Viet Nam
n Led the country programme with 140 staff

March 2011 to October
2015

Political Affairs Officer
United Nations Mission in South Sudan (UNMISS), Juba, South Sudan
n Headed a team of 18 staff implementing small arms

June 2008 to February
2011

and ammunition destruction projects

n Analysed political developments for the mission

First Secretary
Permanent Mission of Chile to the United Nations, New York, United
States
n Represented the Mission in the First Committee
"""


def _contact_values(contact: Contact) -> tuple[str | None, ...]:
    return (
        contact.name,
        contact.email,
        contact.phone,
        contact.phone_normalised,
        contact.city,
        contact.country,
    )


def _positions(text: str) -> list[tuple[str | None, ...]]:
    return [
        (p.title, p.employer, p.city, p.country, p.start, p.end)
        for p in parse_profile(text).positions
    ]


def test_parser_version_is_recorded() -> None:
    assert PARSER_VERSION == "0.2"


def test_one_column_cv_with_one_line_per_position() -> None:
    profile = parse_profile(ONE_LINE_POSITIONS)

    assert _contact_values(profile.contact) == (
        "Maria Lopez",
        "maria.lopez@example.org",
        "022 345 67 89",
        "+254223456789",
        "Nairobi",
        "Kenya",
    )
    assert _positions(ONE_LINE_POSITIONS) == [
        ("Senior Adviser", "UNICEF", "Nairobi", "Kenya", "2015-01", None),
        ("Programme Officer", "Save the Children", "Juba", "South Sudan", "2010-09", "2014-12"),
    ]
    assert profile.positions[0].ongoing
    assert profile.positions[0].bullets == (
        "Led a team of 20 staff across three field offices",
        "Negotiated funding agreements with donors",
    )


def test_french_cv() -> None:
    profile = parse_profile(FRENCH)

    assert _contact_values(profile.contact) == (
        "Claire Dubois",
        "claire.dubois@example.fr",
        "+33 6 12 34 56 78",
        "+33612345678",
        "Paris",
        "France",
    )
    assert [(p.start, p.end, p.ongoing, p.dates_as_written) for p in profile.positions] == [
        ("2019-01", None, True, "Depuis 2019"),
        ("2012-01", "2018-12", False, "2012 - 2018"),
        ("2008-07", "2011-08", False, "juil. 2008 \u2013 août 2011"),
    ]
    assert _positions(FRENCH)[1][1:4] == ("Banque mondiale", "Washington, DC", "États-Unis")
    assert profile.positions[2].bullets == ()
    assert [(d.level, d.field) for d in profile.education] == [
        ("master", "international relations"),
        ("bachelor", "law"),
    ]
    assert [(item.language, item.level) for item in profile.languages] == [
        ("English", "fluent"),
        ("Spanish", "basic"),
    ]


def test_headings_printed_above_the_dates() -> None:
    profile = parse_profile(HEADING_ABOVE_DATES)

    assert _contact_values(profile.contact) == (
        "John Q. Smith",
        "john.smith@example.com",
        "+44 20 7946 0958",
        "+442079460958",
        "London",
        "United Kingdom",
    )
    assert _positions(HEADING_ABOVE_DATES) == [
        ("Programme Officer", "UNHCR", "Amman", "Jordan", "2016-03", "2019-12"),
        ("Intern", "OECD", "Paris", "France", "2015-01", "2015-12"),
    ]
    assert profile.positions[0].bullets == (
        "Supported refugee registration in urban areas",
        "Managed a team of 4 national staff",
    )
    assert [(d.degree_as_written, d.level) for d in profile.education] == [
        ("MSc", "master"),
        ("Postgraduate Certificate", "other"),
    ]
    assert [(item.language, item.level) for item in profile.languages] == [
        ("Arabic", "working"),
        ("German", "native"),
    ]


def test_grid_cells_with_column_labels() -> None:
    profile = parse_profile(GRID_CELLS)

    assert _contact_values(profile.contact) == (
        "Ana Ferreira",
        "ana.ferreira@example.net",
        None,
        None,
        "Maputo",
        "Mozambique",
    )
    assert _positions(GRID_CELLS) == [
        ("Head of Office", "World Food Programme", "Beira", "Mozambique", "2017-10", None),
        (
            "Logistics Officer",
            "Médecins Sans Frontières",
            "Tete",
            "Mozambique",
            "2012-01",
            "2017-09",
        ),
    ]
    assert profile.positions[0].bullets == (
        "Managed a sub-office of 40 staff",
        "Oversaw cash-based transfers to 200,000 people",
    )
    (degree,) = profile.education
    assert (degree.level, degree.degree_as_written, degree.field, degree.year_completed) == (
        "master",
        "MPhil",
        "development studies",
        2011,
    )
    assert [(item.language, item.level, item.level_as_written) for item in profile.languages] == [
        ("Portuguese", "native", "Native"),
        ("English", "fluent", "Full professional proficiency"),
    ]


def test_europass_like_label_and_value_columns() -> None:
    profile = parse_profile(EUROPASS)

    assert _contact_values(profile.contact) == (
        "Nadia Haddad",
        "nadia.haddad@example.org",
        "+962 7 9123 4567",
        "+962791234567",
        "Amman",
        "Jordan",
    )
    assert _positions(EUROPASS) == [
        ("Head of Sub-Office", "UNHCR", "Mafraq", "Jordan", "2016-03", None),
        ("Protection Officer", "Danish Refugee Council", "Beirut", "Lebanon", "2012-01", "2016-02"),
    ]
    assert profile.positions[0].bullets[1] == (
        "Negotiated humanitarian access with local authorities and armed groups"
    )
    assert [(d.level, d.field, d.institution, d.year_completed) for d in profile.education] == [
        ("master", "international relations", "American University of Beirut", 2011),
        ("bachelor", "political science", "University of Jordan", 2008),
    ]
    assert [(item.language, item.level) for item in profile.languages] == [
        ("Arabic", "native"),
        ("English", "fluent"),
        ("French", "basic"),
    ]
    assert [(section.name, section.heading) for section in profile.sections] == [
        ("contact", "PERSONAL INFORMATION"),
        ("experience", "WORK EXPERIENCE"),
        ("education", "EDUCATION AND TRAINING"),
        ("languages", "LANGUAGE SKILLS"),
    ]


def test_minimal_plain_text() -> None:
    profile = parse_profile(MINIMAL_PLAIN)

    assert _contact_values(profile.contact) == (
        "IVAN PETROV",
        "ivan.petrov@example.rs",
        "+381 11 123 4567",
        "+381111234567",
        "Belgrade",
        "Serbia",
    )
    assert _positions(MINIMAL_PLAIN) == [
        ("Senior Adviser", "OSCE Mission to Serbia", "Belgrade", "Serbia", "2019-01", None),
        (
            "Programme Officer, Arms Control",
            "UNDP SEESAC",
            "Belgrade",
            "Serbia",
            "2014-01",
            "2019-12",
        ),
    ]
    assert profile.education == (
        Degree(
            "master",
            "Magister",
            "political science",
            "Political Science",
            "University of Belgrade",
            2013,
            profile.education[0].source,
        ),
        Degree(
            "master",
            "Diplom",
            "political science",
            "Politikwissenschaft",
            "Freie Universität Berlin",
            2009,
            profile.education[1].source,
        ),
    )
    assert [(item.language, item.level) for item in profile.languages] == [
        ("Serbian", "native"),
        ("English", "fluent"),
        ("German", "working"),
    ]


def test_two_columns_interleaved_by_the_pdf_reader() -> None:
    profile = parse_profile(TWO_COLUMNS)

    assert _contact_values(profile.contact) == (
        "Lena Hoffmann",
        "lena.hoffmann@example.de",
        "+49 228 1234 5678",
        "+4922812345678",
        "Bonn",
        "Germany",
    )
    assert _positions(TWO_COLUMNS) == [
        ("Policy Adviser", "Federal Foreign Office", "Berlin", "Germany", "2018-09", None),
        ("Programme Manager", "Mines Advisory Group (MAG)", "Erbil", "Iraq", "2014-02", "2018-08"),
    ]
    assert profile.positions[0].bullets == (
        "Represented Germany at meetings of the Convention on Cluster Munitions",
    )
    (degree,) = profile.education
    assert (degree.degree_as_written, degree.field, degree.institution, degree.year_completed) == (
        "MA",
        "peace and conflict studies",
        "University of Bradford",
        2010,
    )
    assert profile.languages == (
        Language("German", "German", "native", "Native", profile.languages[0].source),
        Language(
            "English",
            "English",
            "fluent",
            "Full professional proficiency",
            profile.languages[1].source,
        ),
    )
    assert [section.name for section in profile.sections] == [
        "contact",
        "languages",
        "education",
        "summary",
        "experience",
        "skills",
    ]


def test_date_lines_put_out_of_order_by_the_pdf_reader_go_back_to_their_jobs() -> None:
    profile = parse_profile(SCRAMBLED_LABEL_COLUMN)

    assert _positions(SCRAMBLED_LABEL_COLUMN) == [
        (
            "Programme Manager",
            "UNDP Mine Action Programme",
            "Phnom Penh",
            "Cambodia",
            "2021-09",
            None,
        ),
        ("Country Director", "Mines Advisory Group", "Hanoi", "Viet Nam", "2016-08", "2021-08"),
        (
            "Political Affairs Officer",
            "United Nations Mission in South Sudan (UNMISS)",
            "Juba",
            "South Sudan",
            "2011-03",
            "2015-10",
        ),
        (
            "First Secretary",
            "Permanent Mission of Chile to the United Nations",
            "New York",
            "United States",
            "2008-06",
            "2011-02",
        ),
    ]
    assert profile.positions[2].bullets == (
        "Headed a team of 18 staff implementing small arms and ammunition destruction projects",
        "Analysed political developments for the mission",
    )
    assert profile.positions[3].bullets == ("Represented the Mission in the First Committee",)


def test_empty_pages_give_an_empty_profile() -> None:
    assert parse_profile("") == Profile()
    assert parse_profile(["", "  \n"]) == Profile()


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


def test_a_name_in_capitals_wrapped_over_two_lines_is_joined() -> None:
    profile = parse_profile("JEAN-PIERRE\nN'DIAYE\nDakar, Senegal\njp@example.sn\n")

    assert profile.contact.name == "JEAN-PIERRE N'DIAYE"


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


def test_a_title_with_a_qualifier_before_an_employer_without_organisation_words() -> None:
    text = (
        "Experience\n"
        "2015 - 2018: Desk Officer, Humanitarian Affairs, Mercy Corps, Amman, Jordan\n"
        "2012 - 2015: Consultant, Geneva Call, Geneva, Switzerland\n"
    )

    assert [(p.title, p.employer) for p in parse_profile(text).positions] == [
        ("Desk Officer, Humanitarian Affairs", "Mercy Corps"),
        ("Consultant", "Geneva Call"),
    ]
