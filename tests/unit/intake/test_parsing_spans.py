"""Every fact read from a CV points at the passage of the page it came from."""

from hypothesis import given, settings
from hypothesis import strategies as st

from services.intake.domain.parsing import parse_profile
from services.intake.domain.profile import Profile, Span

PAGE_ONE = """\
Amina  Diallo
Dakar, Senegal\t+221 77 123 45 67\tamina.diallo@example.sn

PROFESSIONAL EXPERIENCE

Head of Programme
The HALO Trust, Bamako, Mali
Since March 2019
\u2022 Directed clearance of 40 minefields and a team of 120 staff
\u2022 Negotiated funding with donors

Programme Officer
UNDP, Dakar, Senegal
Jan 2014 \u2013 Feb 2019
\u2022 Supported the national mine action authority
"""

PAGE_TWO = """\
Research Assistant
Graduate Institute, Geneva, Switzerland
2012 \u2013 2013
\u2022 Compiled data on cluster munition use

EDUCATION
Master 2 en Relations internationales, Université Paris 1, 2012
Licence en Droit, Université Cheikh Anta Diop, 2009

LANGUAGES
French: native
English: C1
"""

PAGES = (PAGE_ONE, PAGE_TWO)


def _passage(span: Span | None) -> str:
    assert span is not None
    return " ".join(PAGES[span.page - 1][span.start : span.end].split())


def test_contact_sources_point_at_each_value() -> None:
    contact = parse_profile(PAGES).contact

    assert {name: _passage(span) for name, span in contact.sources.items()} == {
        "name": "Amina Diallo",
        "email": "amina.diallo@example.sn",
        "phone": "+221 77 123 45 67",
        "city": "Dakar",
        "country": "Senegal",
    }
    assert contact.name == "Amina Diallo"


def test_a_position_span_covers_its_heading_dates_and_bullets_on_its_page() -> None:
    positions = parse_profile(PAGES).positions

    first = _passage(positions[0].source)
    assert first.startswith("Head of Programme The HALO Trust")
    assert "Since March 2019" in first
    assert first.endswith("Negotiated funding with donors")
    assert positions[2].source is not None and positions[2].source.page == 2
    assert _passage(positions[2].source).startswith("Research Assistant")
    assert _passage(positions[2].source).endswith("Compiled data on cluster munition use")


def test_degree_and_language_spans_hold_what_was_read() -> None:
    profile = parse_profile(PAGES)

    for degree in profile.education:
        passage = _passage(degree.source)
        assert degree.degree_as_written in passage
        assert degree.institution is not None and degree.institution in passage
        assert str(degree.year_completed) in passage
    for language in profile.languages:
        passage = _passage(language.source)
        assert language.language_as_written in passage
        assert language.level_as_written is not None and language.level_as_written in passage
    assert _passage(profile.languages[1].source) == "English: C1"


def test_section_spans_open_on_their_heading() -> None:
    sections = parse_profile(PAGES).sections

    assert [(section.name, section.heading) for section in sections] == [
        ("experience", "PROFESSIONAL EXPERIENCE"),
        ("education", "EDUCATION"),
        ("languages", "LANGUAGES"),
    ]
    for section in sections:
        assert _passage(section.source).startswith(section.heading)
    assert _passage(sections[2].source) == "LANGUAGES French: native English: C1"


def test_a_position_running_onto_the_next_page_is_cut_at_the_end_of_its_first_page() -> None:
    pages = (
        "Experience\nAdviser, OSCE, Vienna, Austria\n2015 - 2019\n- Wrote reports\n",
        "- Trained staff\n",
    )

    (position,) = parse_profile(pages).positions

    assert position.bullets == ("Wrote reports", "Trained staff")
    assert position.source is not None and position.source.page == 1
    assert pages[0][position.source.start : position.source.end].endswith("Wrote reports")


def test_a_plain_string_is_one_page() -> None:
    profile = parse_profile("\n\n".join(PAGES))

    assert all(position.source and position.source.page == 1 for position in profile.positions)
    assert [p.title for p in profile.positions] == [p.title for p in parse_profile(PAGES).positions]


def test_spans_survive_the_profile_dict() -> None:
    data = parse_profile(PAGES).to_dict()

    span = data["positions"][2]["source"]
    assert span["page"] == 2
    assert PAGES[1][span["start"] : span["end"]].startswith("Research Assistant")
    assert set(data["contact"]["sources"]) == {"name", "email", "phone", "city", "country"}
    assert data["contact"]["phone_normalised"] == "+221771234567"


_FRAGMENTS = st.sampled_from(
    [
        *"ab XYZ019,.-\u2013:|()\n\n\t\u2022@+/",
        *("2015", "March ", "present", "12/2019", "janv. ", "depuis ", "since ", "Jan \u2013 "),
        *("Education\n", "Experience\n", "LANGUAGES\n", "English", " C1", "MA ", "PhD"),
        *("University", "(cid:3)", "Geneva, Switzerland", "+41 22 917 12 34", "a@b.org"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_FRAGMENTS, max_size=30).map("".join), min_size=1, max_size=3))
def test_any_pages_parse_to_a_valid_profile_whose_spans_are_inside_their_page(
    pages: list[str],
) -> None:
    profile = parse_profile(pages)

    assert Profile.from_dict(profile.to_dict()) == profile
    spans = [
        *profile.contact.sources.values(),
        *(item.source for item in (*profile.education, *profile.positions, *profile.languages)),
        *(section.source for section in profile.sections),
    ]
    for span in spans:
        assert span is not None
        assert 1 <= span.page <= len(pages)
        assert 0 <= span.start <= span.end <= len(pages[span.page - 1])
