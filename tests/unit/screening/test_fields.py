"""Proposing the fields a secretariat may accept next to the ones a ToR lists."""

from services.screening.domain.fields import narrow_fields_of, related_fields


def test_a_listed_field_proposes_its_neighbours_in_the_same_narrow_field():
    related = related_fields(["political science"])
    assert {"public policy", "peace and conflict studies", "war studies"} <= set(related)
    assert "political science" not in related


def test_a_broad_name_covers_every_narrow_field_under_it():
    related = set(related_fields(["social sciences"]))
    assert {"sociology", "development studies", "economics", "psychology"} <= related


def test_business_administration_proposes_public_administration_but_not_plain_management():
    related = related_fields(["business administration"])
    assert "public administration" in related
    assert "management" not in related  # too broad to propose: a person decides


def test_unrelated_fields_are_never_proposed():
    related = set(related_fields(["international law", "geography"]))
    assert not related & {"chemical engineering", "fine arts", "musicology", "food science"}
    assert "law" not in related  # "law" would also accept commercial law


def test_a_field_the_taxonomy_does_not_know_proposes_nothing():
    assert related_fields(["veterinary epidemiology"]) == ()
    assert narrow_fields_of("veterinary epidemiology") == ()


def test_french_names_place_a_field_too():
    assert [narrow.code for narrow in narrow_fields_of("Science politique")] == ["0312"]
