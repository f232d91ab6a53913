"""Screening's use cases with fakes: vacancies and their versions, the ToR import, screening
CVs and screening them again, overrides, rejections, the lists and the history."""

import copy
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from services.screening.domain.vacancies import (
    CannotDecide,
    CannotShortlist,
    Decision,
    InvalidOverride,
    InvalidVacancy,
    ListStage,
    ScreenedApplication,
    VacancyStatus,
)
from services.screening.service_layer import services
from services.screening.service_layer.services import (
    CannotRejectAll,
    UnknownApplication,
    UnknownVacancy,
    UnknownVersion,
    VacancyNotPublished,
)
from tests.unit.fakes import FakeFileStore, FakeScreeningUnitOfWork
from tests.unit.screening.factories import DIRECTOR_CRITERIA

SEED_TOR = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "000_88501c1ad77e8e9d.txt"

SECRETARIAT = "sam"
CRITERIA = DIRECTOR_CRITERIA
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


def test_a_cv_read_again_keeps_the_version_it_was_screened_under(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))
    services.publish_vacancy(uow, SECRETARIAT, published.id)

    screened = services.screen_cv(uow, cv_parsed(published.id, parser_version="2.0"))

    assert screened.criteria_version == 1
    assert services.screen_cv(uow, cv_parsed(published.id, "app-2")).criteria_version == 2


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


# --- drafts and versions ------------------------------------------------------------------


def with_education(level, criteria=CRITERIA):
    edited = copy.deepcopy(dict(criteria))
    edited["criteria"][0]["rule"]["min_level"] = level
    return edited


def test_publishing_freezes_the_draft_and_later_edits_change_only_the_draft(uow, published):
    services.edit_draft(uow, SECRETARIAT, published.id, {"criteria": with_education("bachelor")})

    [version_1] = services.versions(uow, published.id)
    assert version_1.criteria["criteria"][0]["rule"]["min_level"] == "master"
    assert version_1.published_by == SECRETARIAT
    draft = services.vacancy(uow, published.id)
    assert draft.criteria["criteria"][0]["rule"]["min_level"] == "bachelor"
    assert draft.version == 1

    services.publish_vacancy(uow, SECRETARIAT, published.id)

    version_2 = services.version(uow, published.id, 2)
    assert version_2.criteria["criteria"][0]["rule"]["min_level"] == "bachelor"
    assert services.version(uow, published.id, 1).criteria == version_1.criteria
    assert [e.payload["criteria_version"] for e in uow.events_named("vacancy.published")] == [1, 2]


def test_screening_uses_the_published_version_never_the_draft(uow, published):
    services.edit_draft(uow, SECRETARIAT, published.id, {"criteria": with_education("doctorate")})

    screened = services.screen_cv(uow, cv_parsed(published.id))

    assert screened.criteria_version == 1
    assert screened.verdicts[0]["verdict"] == "met"


def test_a_draft_with_a_criterion_id_used_twice_is_refused(uow, published):
    criteria = copy.deepcopy(CRITERIA)
    criteria["criteria"][1]["id"] = "EDU"

    with pytest.raises(InvalidVacancy, match="EDU is used more than once"):
        services.edit_draft(uow, SECRETARIAT, published.id, {"criteria": criteria})

    assert services.vacancy(uow, published.id).criteria == CRITERIA


def test_an_unassessable_rule_is_accepted_with_a_warning(uow, published):
    criteria = copy.deepcopy(CRITERIA)
    criteria["criteria"][2]["rule"] = {"type": "experience_months", "tag": "mine_action"}

    edited = services.edit_draft(uow, SECRETARIAT, published.id, {"criteria": criteria})

    [warning] = edited.warnings
    assert warning.startswith("EXP_MINE: rule 'experience_months' is malformed")
    assert "unclear for everyone" in warning


def test_editing_the_draft_is_audited_with_what_changed(uow, published):
    services.edit_draft(
        uow, SECRETARIAT, published.id, {"criteria": with_education("bachelor"), "title": "Head"}
    )

    [entry] = [r for r in uow.audit if r.action == "vacancy.draft.edited"]
    assert entry.before == {"title": "Director"}
    assert entry.after["title"] == "Head"
    assert entry.after["criteria_changes"] == ["EDU: min_level: master → bachelor"]


def test_the_changes_of_a_version_are_listed_per_criterion(uow, published):
    services.edit_draft(uow, SECRETARIAT, published.id, {"criteria": with_education("bachelor")})
    services.publish_vacancy(uow, SECRETARIAT, published.id)

    changes = services.version_changes(uow, published.id, 2)
    first = services.version_changes(uow, published.id, 1)

    assert (changes.from_version, changes.to_version) == (1, 2)
    assert [c.description for c in changes.changes] == ["EDU: min_level: master → bachelor"]
    assert [(c.id, c.change) for c in first.changes][:3] == [
        ("EDU", "added"),
        ("LANG_EN", "added"),
        ("EXP_MINE", "added"),
    ]


def test_an_unknown_version_is_refused_with_the_latest_named(uow, published):
    with pytest.raises(UnknownVersion, match="the latest is 1"):
        services.version(uow, published.id, 3)


# --- the ToR import ----------------------------------------------------------------------


def test_importing_a_tor_keeps_the_original_and_proposes_criteria():
    store = FakeFileStore()
    tor_text = Path(SEED_TOR).read_text(encoding="utf-8") if SEED_TOR.exists() else "A ToR."

    imported = services.import_tor(
        lambda data, filename: data.decode(), store, tor_text.encode(), "Director ToR.txt"
    )

    assert imported.tor_text == tor_text
    assert isinstance(imported.criteria.get("criteria"), list)
    assert "competencies" not in imported.criteria and "notes" not in imported.criteria
    assert imported.tor_filename == "Director ToR.txt"
    assert imported.tor_file.startswith("tor/") and imported.tor_file.endswith(".txt")
    assert store.read(imported.tor_file) == tor_text.encode()


def test_a_tor_that_cannot_be_read_is_not_kept():
    store = FakeFileStore()

    def unreadable(data, filename):
        raise ValueError("This PDF is encrypted.")

    with pytest.raises(ValueError, match="encrypted"):
        services.import_tor(unreadable, store, b"%PDF-1.7", "tor.pdf")

    assert store.files == {}


def test_the_original_tor_is_offered_with_the_version_it_was_published_with(uow):
    store = FakeFileStore()
    stored = store.save("tor", b"the ToR", ".pdf")
    vacancy = services.create_vacancy(
        uow,
        SECRETARIAT,
        reference="REF-2",
        title="Director",
        tor_text="Terms of Reference",
        criteria=CRITERIA,
        competencies=[],
        closing_date=None,
        contact_email="recruitment@example.org",
        tor_file=stored.path,
        tor_filename="ToR.pdf",
    )
    services.publish_vacancy(uow, SECRETARIAT, vacancy.id)

    assert services.tor_file(uow, store, vacancy.id) == (b"the ToR", "ToR.pdf")


def test_a_tor_file_name_not_from_an_import_is_refused(uow):
    with pytest.raises(InvalidVacancy, match="tor_file"):
        services.create_vacancy(
            uow,
            SECRETARIAT,
            reference="REF-2",
            title="Director",
            tor_text="",
            criteria=CRITERIA,
            competencies=[],
            closing_date=None,
            contact_email="recruitment@example.org",
            tor_file="../intake/secret.pdf",
        )


# --- re-screening -------------------------------------------------------------------------


def run_rescreens(uow):
    """What screening's consumer does with each batch it emitted itself."""
    for event in uow.events_named("screening.rescreen.requested"):
        if (event.id, "done") not in uow.handled:
            uow.handled.add((event.id, "done"))
            services.rescreen_batch(uow, event.payload)


@pytest.fixture
def rejected_by_v1(uow, published):
    """A bachelor screened under version 1 (master required), then version 2 (bachelor)."""
    services.screen_cv(uow, cv_parsed(published.id, profile=profile("bachelor")))
    services.edit_draft(uow, SECRETARIAT, published.id, {"criteria": with_education("bachelor")})
    services.publish_vacancy(uow, SECRETARIAT, published.id)
    return published


def test_after_a_publish_screened_applications_keep_their_verdicts_until_a_rescreen(
    uow, rejected_by_v1
):
    application = services.application(uow, "app-1")

    assert (application.criteria_version, application.effective_proposal) == (1, "not_eligible")


def test_a_rescreen_screens_every_application_again_under_the_new_version(uow, rejected_by_v1):
    services.screen_cv(uow, cv_parsed(rejected_by_v1.id, "app-2"))  # v2, a master's

    job = services.request_rescreen(uow, SECRETARIAT, rejected_by_v1.id)
    assert (job.criteria_version, job.total, job.done, job.finished) == (2, 2, 0, False)
    run_rescreens(uow)

    finished = services.rescreen_job(uow, job.id)
    assert (finished.done, finished.changed, finished.finished) == (2, 1, True)
    application = services.application(uow, "app-1")
    assert (application.criteria_version, application.effective_proposal) == (2, "long_list")
    [change] = services.rescreen_changes(uow, job.id)
    assert (change.application_id, change.old_proposal, change.new_proposal) == (
        "app-1",
        "not_eligible",
        "long_list",
    )
    [edu] = change.verdicts
    assert (edu.criterion_id, edu.old, edu.new) == ("EDU", "not_met", "met")
    assert len(services.rescreen_changes(uow, job.id, only_changed=False)) == 2
    history = services.screening_history(uow, "app-1")
    assert [(h["criteria_version"], h["requested_by"]) for h in history] == [
        (1, None),
        (2, SECRETARIAT),
    ]


def test_a_rescreen_goes_in_batches_with_progress(uow, published, monkeypatch):
    monkeypatch.setattr(services, "RESCREEN_BATCH_SIZE", 2)
    for number in range(5):
        services.screen_cv(uow, cv_parsed(published.id, f"app-{number}"))

    job = services.request_rescreen(uow, SECRETARIAT, published.id, 1)
    batches = uow.events_named("screening.rescreen.requested")
    assert [len(b.payload["application_ids"]) for b in batches] == [2, 2, 1]

    services.rescreen_batch(uow, batches[0].payload)
    progress = services.rescreen_job(uow, job.id)
    assert (progress.done, progress.total, progress.percent, progress.finished) == (
        2,
        5,
        40,
        False,
    )


def test_a_rescreen_of_a_vacancy_without_applications_is_finished_at_once(uow, published):
    job = services.request_rescreen(uow, SECRETARIAT, published.id)

    assert job.finished and job.percent == 100
    assert uow.events_named("screening.rescreen.requested") == []


def test_a_rescreen_under_a_version_not_published_is_refused(uow, published):
    with pytest.raises(UnknownVersion, match="Version 4"):
        services.request_rescreen(uow, SECRETARIAT, published.id, 4)


def test_a_rescreen_needs_a_published_version(uow):
    vacancy = create(uow)

    with pytest.raises(VacancyNotPublished):
        services.request_rescreen(uow, SECRETARIAT, vacancy.id)


# --- overrides ----------------------------------------------------------------------------


@pytest.fixture
def not_eligible(uow, published):
    services.screen_cv(uow, cv_parsed(published.id, profile=profile("bachelor")))
    return services.application(uow, "app-1")


def test_an_override_with_a_reason_changes_the_proposal_and_keeps_the_machines_verdict(
    uow, not_eligible
):
    before = datetime.now(UTC)
    reason = "The BA is a four-year honours degree, equivalent here."

    overridden = services.override_verdict(
        uow, "kim", "app-1", criterion_id="EDU", verdict="met", reason=reason
    )

    assert overridden.effective_proposal == "long_list"
    assert overridden.proposal == "not_eligible"  # the machine's
    edu = services.application(uow, "app-1").effective_verdicts[0]
    assert (edu["machine_verdict"], edu["verdict"]) == ("not_met", "met")
    assert edu["override"]["by"] == "kim" and edu["override"]["reason"] == reason
    [entry] = [e for e in services.application_history_of(uow, "app-1") if e["kind"] == "override"]
    assert (entry["machine_verdict"], entry["verdict"], entry["by"], entry["reason"]) == (
        "not_met",
        "met",
        "kim",
        reason,
    )
    assert entry["at"] >= before and entry["at"].tzinfo is UTC and entry["applied"]
    [audit] = [r for r in uow.audit if r.action == "verdict.overridden"]
    assert audit.actor == "kim"
    assert audit.before["machine_verdict"] == "not_met"
    assert audit.after == {
        "criterion_id": "EDU",
        "verdict": "met",
        "reason": reason,
        "proposal": "long_list",
    }


@pytest.mark.parametrize(
    ("criterion_id", "verdict", "reason", "message"),
    [
        ("EDU", "met", "  ", "Give a reason"),
        ("NO_SUCH", "met", "a reason", "NO_SUCH is not a criterion of version 1"),
        ("EDU", "maybe", "a reason", "must be one of met, not_met, unclear"),
    ],
)
def test_an_override_without_a_reason_or_on_no_criterion_is_refused(
    uow, not_eligible, criterion_id, verdict, reason, message
):
    with pytest.raises(InvalidOverride, match=message):
        services.override_verdict(
            uow, "kim", "app-1", criterion_id=criterion_id, verdict=verdict, reason=reason
        )

    assert services.application(uow, "app-1").overrides == ()
    assert not [r for r in uow.audit if r.action == "verdict.overridden"]


def test_overriding_an_override_keeps_both_and_the_latest_applies(uow, not_eligible):
    services.override_verdict(
        uow, "kim", "app-1", criterion_id="EDU", verdict="met", reason="equivalent degree"
    )
    services.override_verdict(
        uow, "sam", "app-1", criterion_id="EDU", verdict="unclear", reason="ask for the diploma"
    )

    application = services.application(uow, "app-1")
    assert application.effective_verdicts[0]["verdict"] == "unclear"
    assert application.effective_proposal == "needs_review"
    overrides = [
        e for e in services.application_history_of(uow, "app-1") if e["kind"] == "override"
    ]
    assert [(e["by"], e["verdict"], e["applied"]) for e in overrides] == [
        ("kim", "met", False),
        ("sam", "unclear", True),
    ]


def test_an_override_applies_to_its_version_only_and_a_rescreen_shows_it_dropped(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))  # EDU met under v1
    services.override_verdict(
        uow, "kim", "app-1", criterion_id="LANG_EN", verdict="unclear", reason="test in person"
    )
    services.publish_vacancy(uow, SECRETARIAT, published.id)

    job = services.request_rescreen(uow, SECRETARIAT, published.id)
    run_rescreens(uow)

    application = services.application(uow, "app-1")
    assert application.effective_verdicts[1]["verdict"] == "met"
    assert application.effective_proposal == "long_list"
    [change] = services.rescreen_changes(uow, job.id)
    [lang] = change.verdicts
    assert (lang.old, lang.new, lang.override_dropped) == ("unclear", "met", True)
    [entry] = [e for e in services.application_history_of(uow, "app-1") if e["kind"] == "override"]
    assert (entry["criteria_version"], entry["applied"]) == (1, False)


# --- rejections ---------------------------------------------------------------------------


def test_the_machine_never_rejects_the_secretariat_confirms_it(uow, not_eligible):
    assert not_eligible.decision is Decision.PENDING

    rejected = services.reject(uow, "kim", "app-1", "No master's degree.")

    assert rejected.decision is Decision.REJECTED
    assert (rejected.decided_by, rejected.decision_reason) == ("kim", "No master's degree.")
    [entry] = [e for e in services.application_history_of(uow, "app-1") if e["kind"] == "rejected"]
    assert (entry["by"], entry["reason"], entry["machine_proposal"]) == (
        "kim",
        "No master's degree.",
        "not_eligible",
    )
    assert [r.action for r in uow.audit][-1] == "application.rejected"


def test_an_application_not_proposed_as_not_eligible_cannot_be_rejected(uow, published):
    services.screen_cv(uow, cv_parsed(published.id))

    with pytest.raises(CannotDecide, match=r"proposed as long list\. Override the verdict first"):
        services.reject(uow, "kim", "app-1", "Not convinced.")

    assert services.application(uow, "app-1").decision is Decision.PENDING


def test_an_override_to_met_takes_away_the_grounds_for_rejection(uow, not_eligible):
    services.override_verdict(
        uow, "kim", "app-1", criterion_id="EDU", verdict="met", reason="equivalent degree"
    )

    with pytest.raises(CannotDecide):
        services.reject(uow, "kim", "app-1", "No master's degree.")


def test_an_application_on_a_list_cannot_be_rejected(uow, not_eligible):
    services.move_to_list(uow, "kim", "app-1", ListStage.LONG_LIST, "a second look")

    with pytest.raises(CannotDecide, match="on the long list; take it off the list first"):
        services.reject(uow, "kim", "app-1", "No master's degree.")


def test_a_rejected_application_goes_on_no_list_until_the_rejection_is_reversed(uow, not_eligible):
    services.reject(uow, "kim", "app-1", "No master's degree.")

    with pytest.raises(CannotShortlist, match="reverse the rejection"):
        services.move_to_list(uow, "kim", "app-1", ListStage.LONG_LIST)

    reversed_ = services.reverse_rejection(uow, "sam", "app-1", "Degree found on page 3.")
    assert reversed_.decision is Decision.PENDING
    moved = services.move_to_list(uow, "sam", "app-1", ListStage.LONG_LIST, "degree found")
    assert moved.list_stage is ListStage.LONG_LIST


def test_reversing_a_rejection_that_was_not_made_is_refused(uow, not_eligible):
    with pytest.raises(CannotDecide, match="has not been rejected"):
        services.reverse_rejection(uow, "kim", "app-1", "oops")


def test_a_batch_rejection_is_all_or_nothing(uow, published):
    services.screen_cv(uow, cv_parsed(published.id, "app-1", profile=profile("bachelor")))
    services.screen_cv(uow, cv_parsed(published.id, "app-2", profile=profile("bachelor")))
    services.screen_cv(uow, cv_parsed(published.id, "app-3"))  # long list

    with pytest.raises(CannotRejectAll) as refused:
        services.reject_many(uow, "kim", published.id, ["app-1", "app-2", "app-3"], "No MA.")

    assert list(refused.value.refusals) == ["app-3"]
    assert all(a.decision is Decision.PENDING for a in services.applications(uow, published.id))

    rejected = services.reject_many(uow, "kim", published.id, ["app-1", "app-2"], "No MA.")
    assert [a.decision for a in rejected] == [Decision.REJECTED, Decision.REJECTED]


# --- history ------------------------------------------------------------------------------


def test_the_history_lists_screenings_overrides_decisions_and_moves_oldest_first(uow, not_eligible):
    services.override_verdict(
        uow, "kim", "app-1", criterion_id="LANG_EN", verdict="unclear", reason="check English"
    )
    services.reject(uow, "kim", "app-1", "No master's degree.")
    services.reverse_rejection(uow, "sam", "app-1", "Degree found on page 3.")
    services.move_to_list(uow, "sam", "app-1", ListStage.LONG_LIST, "degree found")

    history = services.application_history_of(uow, "app-1")

    assert [(e["kind"], e["by"]) for e in history] == [
        ("screening", "system:screening"),
        ("override", "kim"),
        ("rejected", "kim"),
        ("rejection_reversed", "sam"),
        ("list_move", "sam"),
    ]
    assert history[-1]["reason"] == "degree found"
    assert (history[-1]["from_list"], history[-1]["to_list"]) == ("none", "long_list")
    assert [e["at"] for e in history] == sorted(e["at"] for e in history)
