"""Contact details: the name, e-mail, phone (as written and in E.164), city and country."""

import pytest

from services.intake.domain.parsing import parse_profile
from services.intake.domain.reading.places import region_of


@pytest.mark.parametrize(
    ("head", "written", "normalised"),
    [
        (
            "Geneva, Switzerland | +41 22 917 12 34 | a.b@example.org",
            "+41 22 917 12 34",
            "+41229171234",
        ),
        ("Geneva, Switzerland | +41 (0)22 917 12 34", "+41 (0)22 917 12 34", "+41229171234"),
        ("Nairobi, Kenya\nTel: 020 123 4567", "020 123 4567", "+254201234567"),
        ("Paris, France\nPortable : 06 12 34 56 78", "06 12 34 56 78", "+33612345678"),
        ("Genève, Suisse\n022 917 12 34", "022 917 12 34", "+41229171234"),
        ("Bern, Schweiz | 0041 31 123 45 67", "0041 31 123 45 67", "+41311234567"),
        ("Accra, Ghana | +233 24 123 4567 | k@example.com", "+233 24 123 4567", "+233241234567"),
    ],
)
def test_the_phone_is_kept_as_written_and_normalised(
    head: str, written: str, normalised: str | None
) -> None:
    contact = parse_profile(f"Kwame Boateng\n{head}\n").contact

    assert contact.phone == written
    assert contact.phone_normalised == normalised


def test_a_number_no_numbering_plan_allows_is_still_the_phone_as_written() -> None:
    contact = parse_profile("Ivan Petrov\nMoscow, Russia | +7 88 697 27 13\n").contact

    assert contact.phone == "+7 88 697 27 13"


def test_date_ranges_and_years_are_not_phone_numbers() -> None:
    text = "Ana Silva\nLisbon, Portugal\nExperience\n2012 - 2018 Officer, UNDP\n03/2012 - 11/2016\n"

    assert parse_profile(text).contact.phone is None


def test_labelled_contact_lines() -> None:
    text = (
        "Personal details\n"
        "Name: John Q. Smith\n"
        "Email: john.smith@example.com.\n"
        "Phone: +44 20 7946 0958\n"
        "Address: London, United Kingdom\n"
    )

    contact = parse_profile(text).contact

    assert (contact.name, contact.email, contact.phone, contact.city, contact.country) == (
        "John Q. Smith",
        "john.smith@example.com",
        "+44 20 7946 0958",
        "London",
        "United Kingdom",
    )


def test_the_home_location_comes_from_the_line_with_the_email_first() -> None:
    text = (
        "Maria Lopez\n"
        "Senior Adviser, UNICEF, Nairobi, Kenya\n"
        "Geneva, Switzerland | maria@example.org\n"
    )

    contact = parse_profile(text).contact

    assert (contact.city, contact.country) == ("Geneva", "Switzerland")


def test_a_city_with_its_state_code() -> None:
    contact = parse_profile("Sam Lee\nWashington, DC, United States\nsam@example.com\n").contact

    assert (contact.city, contact.country) == ("Washington, DC", "United States")


@pytest.mark.parametrize(
    "line",
    ["Curriculum Vitae", "Programme Officer", "Work Experience", "English Fluent", "2015 - 2019"],
)
def test_lines_that_are_not_names(line: str) -> None:
    assert parse_profile(f"{line}\nrandom text\n").contact.name is None


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("Switzerland", "CH"),
        ("Suisse", "CH"),
        ("Schweiz", "CH"),
        ("United States", "US"),
        ("États-Unis", "US"),
        ("Lao PDR", "LA"),
        ("Türkiye", "TR"),
        ("Democratic Republic of the Congo", "CD"),
        ("Atlantis", None),
        (None, None),
    ],
)
def test_country_names_give_the_region_hint(country: str | None, region: str | None) -> None:
    assert region_of(country) == region
