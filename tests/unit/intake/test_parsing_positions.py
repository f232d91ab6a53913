"""A position's heading split into title, employer, city and country."""

import pytest

from services.intake.domain.reading.position_headings import split_heading


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Programme Officer", "UNHCR, Amman, Jordan"],
            ("Programme Officer", "UNHCR", "Amman", "Jordan"),
        ),
        (
            ["Head of Programme \u2014 UNDP Mine Action Programme, Erbil, Iraq"],
            ("Head of Programme", "UNDP Mine Action Programme", "Erbil", "Iraq"),
        ),
        (
            ["Officer - Arms Control \u2014 UNDP, Kabul, Afghanistan"],
            ("Officer - Arms Control", "UNDP", "Kabul", "Afghanistan"),
        ),
        (["Adviser | OSCE | Vienna | Austria"], ("Adviser", "OSCE", "Vienna", "Austria")),
        (
            ["Programme Officer at UNICEF, Juba, South Sudan"],
            ("Programme Officer", "UNICEF", "Juba", "South Sudan"),
        ),
        (
            ["Counsellor, Permanent Mission of France to the UN (New York, United States)"],
            (
                "Counsellor",
                "Permanent Mission of France to the UN",
                "New York",
                "United States",
            ),
        ),
        (
            ["Chief, Conventional Arms Branch", "UNODA, Geneva Branch, Geneva, Switzerland"],
            ("Chief, Conventional Arms Branch", "UNODA, Geneva Branch", "Geneva", "Switzerland"),
        ),
        (
            [
                "Second Secretary, Permanent Mission of Ghana to the United",
                "Nations Office at Geneva",
            ],
            (
                "Second Secretary",
                "Permanent Mission of Ghana to the United Nations Office at Geneva",
                None,
                None,
            ),
        ),
        (
            ["Consultant", "World Bank, Washington, DC, United States"],
            ("Consultant", "World Bank", "Washington, DC", "United States"),
        ),
    ],
)
def test_heading_shapes(lines: list[str], expected: tuple[str | None, ...]) -> None:
    assert split_heading(lines) == expected


def test_lines_printed_apart_are_not_taken_for_a_wrapped_line() -> None:
    lines = ["Field Officer, Non-Technical Survey", "Danish Demining Group (DDG), Hue, Viet Nam"]

    assert split_heading(lines, separate=True) == (
        "Field Officer, Non-Technical Survey",
        "Danish Demining Group (DDG)",
        "Hue",
        "Viet Nam",
    )
