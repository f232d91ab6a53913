"""What the candidate changed in the profile read from their CV, as the secretariat sees it,
and the profile screening then gets."""

import copy

from services.intake.domain.profile_review import (
    ChangeKind,
    ProfileChange,
    confirmed_profile,
    editable_profile,
    profile_changes,
)
from shared.messaging.events import CV_PARSED


def position(title, employer, start, end, **extra):
    return {
        "title": title,
        "employer": employer,
        "city": "Geneva",
        "country": "Switzerland",
        "start": start,
        "end": end,
        "ongoing": end is None,
        "dates_as_written": f"{start} to {end or 'present'}",
        "bullets": ["Led the team"],
        "source": {"page": 1, "start": 10, "end": 40},
        **extra,
    }


READ = {
    "contact": {"name": "Ana Example", "email": "ana@example.org"},
    "education": [
        {
            "level": "master",
            "degree_as_written": "MA",
            "field": "international relations",
            "field_as_written": "International Relations",
            "institution": "Somewhere University",
            "year_completed": 2005,
            "source": {"page": 1, "start": 100, "end": 140},
        }
    ],
    "positions": [
        position("Programme Officer", "UNDP", "2010-01", "2014-12"),
        position("Programme Manager", "UNMAS", "2015-01", "2019-06"),
        position("Director", "GICHD", "2019-07", None),
    ],
    "languages": [
        {
            "language": "English",
            "language_as_written": "English",
            "level": "fluent",
            "level_as_written": "fluent",
            "source": None,
        },
        {
            "language": "French",
            "language_as_written": "Français",
            "level": "working",
            "level_as_written": "bon niveau",
            "source": None,
        },
    ],
    "sections": [{"name": "experience", "heading": "Experience", "source": None}],
}


def corrected(**sections):
    confirmed = editable_profile(READ)
    confirmed.update(sections)
    return confirmed


def test_confirming_the_profile_as_read_changes_nothing():
    assert profile_changes(READ, confirmed_profile(READ, None)) == []
    assert profile_changes(READ, editable_profile(READ)) == []


def test_the_secretariat_sees_that_position_2s_end_date_changed_from_2019_06_to_2020_06():
    positions = editable_profile(READ)["positions"]
    positions[1]["end"] = "2020-06"

    [change] = profile_changes(READ, corrected(positions=positions))

    assert change == ProfileChange("positions", 2, ChangeKind.CHANGED, "end", "2019-06", "2020-06")
    assert change.describe() == "Position 2: end changed from 2019-06 to 2020-06"
    assert change.code == "positions[2].end changed"


def test_removing_the_first_position_is_one_removal_not_three_changes():
    positions = editable_profile(READ)["positions"][1:]

    [change] = profile_changes(READ, corrected(positions=positions))

    assert (change.section, change.index, change.kind) == ("positions", 1, ChangeKind.REMOVED)
    assert change.describe() == "Position 1 removed: Programme Officer, UNDP"


def test_an_added_language_is_named_with_its_place_as_confirmed():
    languages = editable_profile(READ)["languages"] + [{"language": "Spanish", "level": "basic"}]

    [change] = profile_changes(READ, corrected(languages=languages))

    assert (change.section, change.index, change.kind) == ("languages", 3, ChangeKind.ADDED)
    assert change.describe() == "Language 3 added: Spanish (basic)"


def test_a_removal_and_an_edit_in_the_same_place_are_told_apart():
    positions = editable_profile(READ)["positions"]
    del positions[1]
    positions[1]["title"] = "Executive Director"

    changes = profile_changes(READ, corrected(positions=positions))

    assert {(c.index, c.kind, c.field) for c in changes} == {
        (2, ChangeKind.REMOVED, None),
        (3, ChangeKind.CHANGED, "title"),
    }


def test_each_changed_field_of_an_entry_is_listed():
    education = editable_profile(READ)["education"]
    education[0] |= {"level": "doctorate", "degree_as_written": "PhD", "year_completed": 2009}

    changes = profile_changes(READ, corrected(education=education))

    assert [(c.field, c.old, c.new) for c in changes] == [
        ("level", "master", "doctorate"),
        ("degree_as_written", "MA", "PhD"),
        ("year_completed", 2005, 2009),
    ]


def test_spaces_alone_are_not_a_change():
    positions = editable_profile(READ)["positions"]
    positions[0]["title"] = "  Programme   Officer "

    assert profile_changes(READ, corrected(positions=positions)) == []


def test_the_confirmed_profile_keeps_where_unchanged_entries_were_read():
    positions = editable_profile(READ)["positions"]
    positions[1]["end"] = "2020-06"

    profile = confirmed_profile(READ, {"positions": positions})

    assert profile["positions"][0] == READ["positions"][0]
    changed = profile["positions"][1]
    assert changed["end"] == "2020-06"
    assert changed["source"] == READ["positions"][1]["source"]
    assert changed["dates_as_written"] is None, "the dates as written no longer say this"
    assert profile["contact"] == READ["contact"]
    assert profile["education"] == READ["education"], "a section not given stays as read"


def test_a_corrected_language_level_drops_the_level_as_written():
    languages = editable_profile(READ)["languages"]
    languages[1]["level"] = "fluent"

    profile = confirmed_profile(READ, {"languages": languages})

    assert profile["languages"][1]["level"] == "fluent"
    assert profile["languages"][1]["level_as_written"] is None
    assert profile["languages"][1]["language_as_written"] == "Français"


def test_the_confirmed_profile_fits_the_cv_parsed_contract():
    positions = editable_profile(READ)["positions"] + [
        {
            "title": "Consultant",
            "employer": None,
            "start": "2009-01",
            "end": "2009-12",
            "ongoing": False,
            "city": None,
            "country": None,
            "bullets": [],
        }
    ]
    languages = [{"language": "Arabic", "level": None}]

    profile = confirmed_profile(READ, {"positions": positions, "languages": languages})

    CV_PARSED.dump(
        {
            "application_id": "a",
            "vacancy_id": "v",
            "candidate_name": "Ana",
            "parser_version": "1",
            "profile": profile,
        }
    )
    assert profile["languages"] == [
        {
            "language": "Arabic",
            "level": None,
            "language_as_written": "Arabic",
            "level_as_written": None,
            "source": None,
        }
    ]


def test_confirming_never_alters_the_reading():
    read = copy.deepcopy(READ)

    confirmed_profile(read, {"positions": []})

    assert read == READ


def test_an_unreadable_cv_gives_an_empty_profile_to_fill_in():
    assert editable_profile({}) == {"education": [], "positions": [], "languages": []}
    profile = confirmed_profile({}, {"languages": [{"language": "English", "level": "native"}]})
    assert [c.kind for c in profile_changes({}, profile)] == [ChangeKind.ADDED]
