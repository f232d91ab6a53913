"""The shape of a corrected profile: each malformed field named, numbered as the candidate
counts, with what to do about it."""

import pytest
from marshmallow import ValidationError

from services.intake.entrypoints.profile_schemas import ProfileCorrectionSchema, flat_messages


def problems(body):
    with pytest.raises(ValidationError) as invalid:
        ProfileCorrectionSchema().load(body)
    return flat_messages(invalid.value.messages)


def position(**fields):
    return {"title": "Programme Manager", "start": "2015-01", "end": "2019-06"} | fields


def test_an_empty_correction_confirms_the_profile_as_read():
    assert ProfileCorrectionSchema().load({}) == {}


def test_a_well_formed_correction_is_tidied():
    loaded = ProfileCorrectionSchema().load(
        {
            "positions": [position(title="  Programme   Manager ", bullets=["Led", "  "])],
            "languages": [{"language": "French", "level": None}],
            "education": [{"level": "master", "degree_as_written": "MA", "year_completed": 2005}],
        }
    )

    assert loaded["positions"][0]["title"] == "Programme Manager"
    assert loaded["positions"][0]["bullets"] == ["Led"]
    assert loaded["positions"][0]["ongoing"] is False
    assert loaded["education"][0]["field"] is None


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"positions": [position(start="June 2015")]}, "positions[1].start", "YYYY-MM"),
        ({"positions": [position(start=None)]}, "positions[1].start", "started"),
        ({"positions": [position(end=None)]}, "positions[1].end", "ongoing"),
        ({"positions": [position(ongoing=True)]}, "positions[1].end", "ongoing"),
        ({"positions": [position(end="2014-01")]}, "positions[1].end", "before the start"),
        ({"positions": [position(title=" ")]}, "positions[1].title", "title or its employer"),
        (
            {"education": [{"level": "phd", "degree_as_written": "PhD"}]},
            "education[1].level",
            "doctorate",
        ),
        (
            {"education": [{"level": "master", "degree_as_written": ""}]},
            "education[1].degree_as_written",
            "degree",
        ),
        (
            {"education": [{"level": "master", "degree_as_written": "MA", "year_completed": 20}]},
            "education[1].year_completed",
            "year",
        ),
        ({"languages": [{"language": "French", "level": "good"}]}, "languages[1].level", "fluent"),
        ({"languages": [{"level": "native"}]}, "languages[1].language", "language"),
        ({"languages": ["French"]}, "languages[1]", "object"),
        (
            {"languages": [{"language": "French", "source": {}}]},
            "languages[1].source",
            "not one of",
        ),
        ({"positions": "none"}, "positions", "list"),
        ({"positions": [position()] * 81}, "positions", "80"),
    ],
)
def test_a_malformed_correction_names_the_field_and_what_to_do(body, field, says):
    found = problems(body)

    assert field in found, found
    assert says in " ".join(found[field])


def test_the_second_entry_is_numbered_two():
    found = problems({"positions": [position(), position(end="2001-01")]})

    assert list(found) == ["positions[2].end"]
