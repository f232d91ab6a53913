"""Recognising the kind of organisation an employer is from its name as a CV writes it."""

import pytest

from services.screening.domain.organisations import (
    OrganisationKind,
    organisation_kinds,
    possibly_international,
)

FOREIGN_MINISTRY = OrganisationKind.FOREIGN_MINISTRY
DIPLOMATIC_MISSION = OrganisationKind.DIPLOMATIC_MISSION
PEACE_OPERATION = OrganisationKind.PEACE_OPERATION
INTERNATIONAL_ORGANISATION = OrganisationKind.INTERNATIONAL_ORGANISATION
INTERNATIONAL_NGO = OrganisationKind.INTERNATIONAL_NGO


@pytest.mark.parametrize(
    ("employer", "kinds"),
    [
        ("UNHCR", (INTERNATIONAL_ORGANISATION,)),
        ("WFP", (INTERNATIONAL_ORGANISATION,)),
        ("OCHA", (INTERNATIONAL_ORGANISATION,)),
        ("IOM", (INTERNATIONAL_ORGANISATION,)),
        (
            "Office of the United Nations High Commissioner for Refugees",
            (INTERNATIONAL_ORGANISATION,),
        ),
        ("Embassy of Canada in Ethiopia", (DIPLOMATIC_MISSION,)),
        ("Federal Foreign Office", (FOREIGN_MINISTRY,)),
        ("Foreign, Commonwealth & Development Office", (FOREIGN_MINISTRY,)),
        ("Ministère des Affaires étrangères du Sénégal", (FOREIGN_MINISTRY,)),
        (
            "United Nations Multidimensional Integrated Stabilization Mission in Mali (MINUSMA)",
            (PEACE_OPERATION, INTERNATIONAL_ORGANISATION),
        ),
        ("Oxfam GB", (INTERNATIONAL_NGO,)),
        ("International Trust Fund Enhancing Human Security", ()),
        ("Ministry of Health of Kenya", ()),
        ("Acme Logistics Ltd", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_kinds_from_the_employers_name(employer, kinds):
    assert organisation_kinds(employer) == kinds


def test_a_permanent_mission_to_a_un_office_is_a_diplomatic_mission_not_a_peace_operation():
    kinds = organisation_kinds("Permanent Mission of Kenya to the United Nations Office at Nairobi")
    assert DIPLOMATIC_MISSION in kinds
    assert PEACE_OPERATION not in kinds


@pytest.mark.parametrize(
    ("employer", "kinds"),
    [
        pytest.param("State Department for Youth Affairs, Kenya", ()),
        pytest.param(
            "United Nations Children's Fund Country Office in Nigeria",
            (INTERNATIONAL_ORGANISATION,),
        ),
        pytest.param("Bright Idea Consulting", ()),
    ],
)
def test_national_employers_and_un_country_offices_are_not_misread(employer, kinds):
    assert organisation_kinds(employer) == kinds


def test_an_unknown_name_that_suggests_an_international_body_is_only_possibly_international():
    employer = "International Trust Fund Enhancing Human Security"
    assert organisation_kinds(employer) == ()
    assert possibly_international(employer)


@pytest.mark.parametrize(
    "employer", ["UNHCR", "Ministry of Health of Kenya", "Acme Logistics Ltd", "", None]
)
def test_known_or_plainly_national_names_are_not_possibly_international(employer):
    assert not possibly_international(employer)
