"""Screening's use cases with fakes: vacancies, screening CVs, moving onto the lists."""

from datetime import date

import pytest

from services.screening.domain.vacancies import (
    CannotShortlist,
    InvalidVacancy,
    ListStage,
    ScreenedApplication,
    VacancyStatus,
)
from services.screening.service_layer import services
from services.screening.service_layer.services import (
    UnknownApplication,
    UnknownVacancy,
    VacancyNotPublished,
)
from tests.unit.fakes import FakeScreeningUnitOfWork

SECRETARIAT = "sam"
CRITERIA = {
    "tor": "test-director",
    "position": "Director",
    "reference_date": "2024-12-31",
    "tags": {"mine_action": "managing a mine action programme"},
    "criteria": [
        {
            "id": "EDU",
            "kind": "education",
            "mandatory": True,
            "text": "A master's degree in international relations.",
            "rule": {
                "type": "education",
                "min_level": "master",
                "fields_listed": ["international relations"],
            },
        },
        {
            "id": "LANG_EN",
            "kind": "language",
            "mandatory": True,
            "text": "Fluency in English.",
            "rule": {
                "type": "language",
                "language": "English",
                "met_levels": ["native", "fluent"],
                "unclear_levels": ["working"],
            },
        },
        {
            "id": "EXP_MINE",
            "kind": "experience",
            "mandatory": False,
            "text": "Experience in managing a mine action programme is desirable.",
            "rule": {"type": "experience_any", "tag": "mine_action"},
        },
    ],
}
CRITERION_IDS = ["EDU", "LANG_EN", "EXP_MINE"]
COMPETENCIES = [{"name": "Leadership", "weight": 2.0}, {"name": "Communication", "weight": 1.0}]


def profile(degree_level="master"):
    return {
        "contact": {"name": "Ana Example", "email": None, "phone": None, "city": None},
        "education": [
            {
                "level": degree_level,
                "degree_as_written": "MA" if degree_level == "master" else "BA",
                "field": "international relations",
                "field_as_written": "International Relations",
                "institution": "Somewhere University",
                "year_completed": 2005,
            }
        ],
        "positions": [
            {
                "title": "Mine Action Programme Manager",
                "employer": "UNMAS",
                "start": "2015-01",
                "end": "2020-12",
                "ongoing": False,
                "bullets": ["Managed the mine action programme"],
            }
        ],
        "languages": [
            {
                "language": "English",
                "language_as_written": "English",
                "level": "fluent",
                "level_as_written": "fluent",
            }
        ],
    }


def cv_parsed(vacancy_id, application_id="app-1", **overrides):
    payload = {
        "application_id": application_id,
        "vacancy_id": vacancy_id,
        "candidate_name": "Ana Example",
        "parser_version": "1.0",
        "profile": profile(),
        "needs_attention": False,
        "attention_reason": None,
    }
    return payload | overrides


def create(uow, criteria=CRITERIA):
    return services.create_vacancy(
        uow,
        SECRETARIAT,
        reference="REF-1",
        title="Director",
        tor_text="Terms of Reference",
        criteria=criteria,
        competencies=COMPETENCIES,
        closing_date=date(2024, 12, 31),
        contact_email="recruitment@example.org",
    )


@pytest.fixture
def uow():
    return FakeScreeningUnitOfWork()


@pytest.fixture
def published(uow):
    vacancy = create(uow)
    return services.publish_vacancy(uow, SECRETARIAT, vacancy.id)


def shortlisted_events(uow):
    return uow.events_named("candidate.shortlisted")


# --- vacancies ----------------------------------------------------------------------------


def test_a_new_vacancy_is_a_draft_that_announces_nothing(uow):
    vacancy = create(uow)

    assert services.vacancy(uow, vacancy.id).status is VacancyStatus.DRAFT
    assert uow.events == []
    assert [r.action for r in uow.audit] == ["vacancy.created"]


def test_a_vacancy_needs_at_least_one_criterion(uow):
    with pytest.raises(InvalidVacancy):
        create(uow, {**CRITERIA, "criteria": []})

    assert services.vacancies(uow) == []


def test_publishing_emits_vacancy_published_at_version_1(uow):
    vacancy = create(uow)

    services.publish_vacancy(uow, SECRETARIAT, vacancy.id)

    [event] = uow.events_named("vacancy.published")
    assert event.payload["vacancy_id"] == vacancy.id
    assert event.payload["criteria_version"] == 1
    assert event.payload["contact_email"] == "recruitment@example.org"
    assert event.payload["closing_date"] == "2024-12-31"
    assert [c["name"] for c in event.payload["competencies"]] == ["Leadership", "Communication"]


def test_publishing_again_gives_version_2(uow, published):
    again = services.publish_vacancy(uow, SECRETARIAT, published.id)

    assert again.version == 2
    versions = [e.payload["criteria_version"] for e in uow.events_named("vacancy.published")]
    assert versions == [1, 2]
    assert services.vacancy(uow, published.id).version == 2


def test_publishing_an_unknown_vacancy_is_refused(uow):
    with pytest.raises(UnknownVacancy):
        services.publish_vacancy(uow, SECRETARIAT, "no-such-vacancy")

    assert uow.events == []


# --- screening ----------------------------------------------------------------------------


def test_screening_emits_a_verdict_per_criterion_and_a_proposal(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))

    [event] = uow.events_named("screening.completed")
    assert event.payload["application_id"] == "app-1"
    assert event.payload["criteria_version"] == 1
    assert [v["criterion_id"] for v in event.payload["verdicts"]] == CRITERION_IDS
    assert [v["verdict"] for v in event.payload["verdicts"]] == ["met", "met", "met"]
    assert [v["mandatory"] for v in event.payload["verdicts"]] == [True, True, False]
    assert event.payload["proposal"] == "long_list"


def test_each_verdict_quotes_its_evidence(uow, published):
    screened = services.screen_cv(uow, cv_parsed(published.id))

    education = screened.verdicts[0]
    assert education["figure"].startswith("master")
    assert any("International Relations" in line for line in education["evidence"])


def test_a_mandatory_criterion_not_met_proposes_not_eligible(uow, published):
    screened = services.screen_cv(uow, cv_parsed(published.id, profile=profile("bachelor")))

    assert screened.verdicts[0]["verdict"] == "not_met"
    assert screened.proposal == "not_eligible"


def test_the_screened_application_is_kept_for_the_secretariat(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))

    [kept] = services.applications(uow, published.id)
    assert kept.application_id == "app-1"
    assert kept.proposal == "long_list"
    assert kept.list_stage is ListStage.NONE


def test_a_cv_that_needs_attention_is_not_judged(uow, published):
    reason = "The PDF has no text layer."
    payload = cv_parsed(published.id, needs_attention=True, attention_reason=reason, profile={})

    services.screen_cv(uow, payload)

    [event] = uow.events_named("screening.completed")
    assert [v["verdict"] for v in event.payload["verdicts"]] == ["unclear"] * 3
    assert all(reason in v["figure"] for v in event.payload["verdicts"])
    assert event.payload["proposal"] == "needs_review"


def test_a_draft_vacancy_cannot_screen_a_cv(uow):
    vacancy = create(uow)

    with pytest.raises(VacancyNotPublished):
        services.screen_cv(uow, cv_parsed(vacancy.id))

    assert uow.events_named("screening.completed") == []
    assert uow.applications.applications == {}


def test_a_cv_for_an_unknown_vacancy_is_refused(uow):
    with pytest.raises(UnknownVacancy):
        services.screen_cv(uow, cv_parsed("no-such-vacancy"))


def test_screening_again_uses_the_latest_published_version(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))
    services.publish_vacancy(uow, SECRETARIAT, published.id)

    screened = services.screen_cv(uow, cv_parsed(published.id))

    assert screened.criteria_version == 2


# --- lists --------------------------------------------------------------------------------


def test_shortlisting_emits_candidate_shortlisted_naming_who_did_it(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))

    moved = services.move_to_list(uow, SECRETARIAT, "app-1", ListStage.SHORT_LIST)

    assert moved.list_stage is ListStage.SHORT_LIST
    [event] = shortlisted_events(uow)
    assert event.payload == {
        "application_id": "app-1",
        "vacancy_id": published.id,
        "candidate_name": "Ana Example",
        "shortlisted_by": SECRETARIAT,
    }


def test_shortlisting_twice_announces_it_once(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))
    services.move_to_list(uow, SECRETARIAT, "app-1", ListStage.SHORT_LIST)

    services.move_to_list(uow, "kim", "app-1", ListStage.SHORT_LIST)

    assert len(shortlisted_events(uow)) == 1


def test_moving_to_the_long_list_announces_nothing_but_is_audited(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))

    services.move_to_list(uow, SECRETARIAT, "app-1", ListStage.LONG_LIST)

    assert shortlisted_events(uow) == []
    [entry] = [r for r in uow.audit if r.action == "application.list"]
    assert entry.actor == SECRETARIAT
    assert entry.before == {"list_stage": "none"}
    assert entry.after == {"list_stage": "long_list"}


def test_screening_again_keeps_the_list_the_secretariat_chose(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))
    services.move_to_list(uow, SECRETARIAT, "app-1", ListStage.LONG_LIST)

    screened = services.screen_cv(uow, cv_parsed(published.id))

    assert screened.list_stage is ListStage.LONG_LIST


def test_an_unscreened_application_cannot_be_shortlisted(uow, published):
    uow.applications.save(ScreenedApplication("app-9", published.id, "Ben Example", {}))

    with pytest.raises(CannotShortlist):
        services.move_to_list(uow, SECRETARIAT, "app-9", ListStage.SHORT_LIST)

    assert shortlisted_events(uow) == []
    assert services.application(uow, "app-9").list_stage is ListStage.NONE


def test_an_unknown_application_cannot_be_moved(uow):
    with pytest.raises(UnknownApplication):
        services.move_to_list(uow, SECRETARIAT, "no-such-application", ListStage.LONG_LIST)


def test_every_screening_is_kept_with_its_criteria_and_parser_versions(uow):
    vacancy = create(uow)
    services.publish_vacancy(uow, SECRETARIAT, vacancy.id)
    services.screen_cv(uow, cv_parsed(vacancy.id, parser_version="1.0"))
    services.screen_cv(uow, cv_parsed(vacancy.id, parser_version="2.0"))

    history = services.screening_history(uow, "app-1")

    assert [(h["criteria_version"], h["parser_version"]) for h in history] == [
        (1, "1.0"),
        (1, "2.0"),
    ]
    completed = uow.events_named("screening.completed")
    assert [e.payload["parser_version"] for e in completed] == ["1.0", "2.0"]
