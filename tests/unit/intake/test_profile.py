"""The profile's contract shape: the keys other services read, spans, and old dicts."""

from collections.abc import Callable

import pytest

from services.intake.domain.profile import (
    Contact,
    Degree,
    Language,
    Position,
    Profile,
    Section,
    Span,
)


def _full_profile() -> Profile:
    return Profile(
        contact=Contact(
            "Ana Ferreira",
            "ana@example.net",
            "+258 84 123 4567",
            "Maputo",
            "Mozambique",
            phone_normalised="+258841234567",
            sources={"name": Span(1, 0, 12), "phone": Span(1, 40, 56)},
        ),
        education=(
            Degree(
                level="master",
                degree_as_written="MPhil",
                field="development studies",
                field_as_written="Development Studies",
                institution="University of Cambridge",
                year_completed=2011,
                source=Span(2, 10, 70),
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
                source=Span(1, 120, 188),
            ),
        ),
        languages=(Language("Portuguese", "Português", "native", "nativo", Span(2, 80, 97)),),
        sections=(Section("experience", "Work Experience", Span(1, 100, 200)),),
    )


def test_to_dict_keeps_every_existing_key_in_place_and_adds_the_new_ones_after() -> None:
    data = _full_profile().to_dict()

    assert " ".join(data) == "contact education positions languages sections"
    assert " ".join(data["contact"]) == ("name email phone city country phone_normalised sources")
    assert " ".join(data["education"][0]) == (
        "level degree_as_written field field_as_written institution year_completed source"
    )
    assert " ".join(data["positions"][0]) == (
        "title employer city country start end ongoing dates_as_written bullets source"
    )
    assert " ".join(data["languages"][0]) == (
        "language language_as_written level level_as_written source"
    )
    assert data["sections"] == [
        {
            "name": "experience",
            "heading": "Work Experience",
            "source": {"page": 1, "start": 100, "end": 200},
        }
    ]


def test_spans_are_plain_dicts_of_page_start_and_end() -> None:
    data = _full_profile().to_dict()

    assert data["positions"][0]["source"] == {"page": 1, "start": 120, "end": 188}
    assert data["contact"]["sources"] == {
        "name": {"page": 1, "start": 0, "end": 12},
        "phone": {"page": 1, "start": 40, "end": 56},
    }
    assert data["contact"]["phone_normalised"] == "+258841234567"
    assert data["positions"][0]["bullets"] == ["Managed staff"]
    assert data["positions"][0]["end"] is None and data["positions"][0]["ongoing"] is True


def test_profile_round_trips_through_its_dict() -> None:
    profile = _full_profile()

    assert Profile.from_dict(profile.to_dict()) == profile


def test_a_dict_written_before_spans_and_sections_still_reads() -> None:
    old = {
        "contact": {"name": "A B", "email": None, "phone": "+1 202 555 0100", "city": None},
        "education": [{"level": "master", "degree_as_written": "MA"}],
        "positions": [{"title": "Officer", "start": "2015-01", "end": "2016-12"}],
        "languages": [{"language": "English", "language_as_written": "English"}],
    }

    profile = Profile.from_dict(old)

    assert profile.contact.phone_normalised is None and profile.contact.sources == {}
    assert profile.education[0].source is None
    assert profile.positions[0].source is None
    assert profile.languages[0].source is None
    assert profile.sections == ()


def test_profile_from_an_empty_dict_is_empty() -> None:
    assert Profile.from_dict({}) == Profile()
    assert Profile().to_dict() == {
        "contact": {
            "name": None,
            "email": None,
            "phone": None,
            "city": None,
            "country": None,
            "phone_normalised": None,
            "sources": {},
        },
        "education": [],
        "positions": [],
        "languages": [],
        "sections": [],
    }


def test_a_contact_with_sources_can_still_be_hashed() -> None:
    contact = Contact("A B", sources={"name": Span(1, 0, 3)})

    assert hash(contact) == hash(Contact("A B", sources={"name": Span(1, 0, 3)}))


def test_highest_degree_is_the_highest_level_not_the_first_listed() -> None:
    profile = Profile(education=(Degree("bachelor", "BA"), Degree("doctorate", "PhD")))

    assert profile.highest_degree is not None
    assert profile.highest_degree.degree_as_written == "PhD"


@pytest.mark.parametrize(
    "build",
    [
        lambda: Degree("masters", "MA"),
        lambda: Language("English", "English", "good"),
        lambda: Position(start="2015-13"),
        lambda: Position(start="2015-1"),
        lambda: Position(start="2015-01", end="2016-01", ongoing=True),
        lambda: Span(0, 1, 2),
        lambda: Span(1, 5, 2),
        lambda: Section("hobbies", "Hobbies"),
        lambda: Contact(sources={"address": Span(1, 0, 1)}),
    ],
    ids=[
        "degree-level",
        "language-level",
        "month-13",
        "short-month",
        "ongoing-with-end",
        "page-0",
        "end-before-start",
        "section-name",
        "contact-source-field",
    ],
)
def test_values_outside_the_contract_are_refused(build: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        build()
