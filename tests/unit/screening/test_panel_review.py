"""The panel's look at the long list, with fakes: who sits on a panel (from scoring's
`panel.appointed`), what a member sees of the long and short list (blind when the vacancy
or the member asks, never a candidate the secretariat did not list), their comments (kept,
audited, refused when empty or too long), and what an erasure leaves of them."""

from datetime import UTC, datetime, timedelta

import pytest

from services.screening.domain.applicants import neutral_code
from services.screening.domain.panel_review import ERASED_COMMENT, MAX_COMMENT, InvalidComment
from services.screening.domain.vacancies import ListStage
from services.screening.service_layer import erasure, panel_review, services
from tests.unit.fakes import FakeScreeningUnitOfWork
from tests.unit.screening.test_services import CRITERIA, SECRETARIAT, create, cv_parsed

APPOINTED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def uow():
    return FakeScreeningUnitOfWork()


def appoint(uow, vacancy_id, members, chair=None, at=APPOINTED):
    return panel_review.record_panel_appointed(
        uow,
        {"vacancy_id": vacancy_id, "members": members, "chair": chair, "appointed_at": at},
    )


def publish(uow, criteria=CRITERIA):
    vacancy = create(uow, criteria)
    return services.publish_vacancy(uow, SECRETARIAT, vacancy.id)


@pytest.fixture
def vacancy(uow):
    """A published vacancy with three screened applications: Ana and Ben on the long list
    (Ben then on the short list), Cleo on no list; panel1 and panel2 on its panel."""
    published = publish(uow)
    for application_id, name in (
        ("app-1", "Ana Example"),
        ("app-2", "Ben Sample"),
        ("app-3", "Cleo Other"),
    ):
        services.screen_cv(uow, cv_parsed(published.id, application_id, candidate_name=name))
    services.move_to_list(uow, SECRETARIAT, "app-1", ListStage.LONG_LIST)
    services.move_to_list(uow, SECRETARIAT, "app-2", ListStage.LONG_LIST)
    services.move_to_list(uow, SECRETARIAT, "app-2", ListStage.SHORT_LIST)
    appoint(uow, published.id, ["panel1", "panel2"], chair="panel1")
    return published


def test_a_member_sees_the_vacancies_whose_panel_they_sit_on(uow, vacancy):
    other = publish(uow)
    appoint(uow, other.id, ["panel3"])

    mine = panel_review.panel_vacancies(uow, "panel1")

    assert [v.vacancy.id for v in mine] == [vacancy.id]
    assert (mine[0].long_listed, mine[0].short_listed, mine[0].chair) == (1, 1, True)
    assert panel_review.panel_vacancies(uow, "panel2")[0].chair is False
    assert [v.vacancy.id for v in panel_review.panel_vacancies(uow, "panel3")] == [other.id]
    assert panel_review.panel_vacancies(uow, "nobody") == []


def test_a_new_appointment_replaces_the_panel_and_an_older_one_is_ignored(uow, vacancy):
    assert appoint(uow, vacancy.id, ["panel3"], at=APPOINTED + timedelta(hours=1))
    assert not appoint(uow, vacancy.id, ["panel1"], at=APPOINTED - timedelta(hours=1))

    assert panel_review.panel_vacancies(uow, "panel1") == []
    assert [v.vacancy.id for v in panel_review.panel_vacancies(uow, "panel3")] == [vacancy.id]
    with pytest.raises(panel_review.NotVisibleToPanel):
        panel_review.long_list(uow, "panel1", vacancy.id)


def test_the_long_list_holds_the_listed_candidates_short_list_first_with_verdicts(uow, vacancy):
    listing = panel_review.long_list(uow, "panel1", vacancy.id)

    assert [(e.shown_name, e.list_stage) for e in listing.entries] == [
        ("Ben Sample", "short_list"),
        ("Ana Example", "long_list"),
    ]
    ana = services.application(uow, "app-1")
    expected = {v["criterion_id"]: v["verdict"] for v in ana.effective_verdicts}
    assert dict(listing.entries[1].verdicts) == expected
    assert [c["id"] for c in listing.criteria] == list(expected)
    assert listing.blind is False


def test_a_member_who_chose_blind_sees_codes_not_names(uow, vacancy):
    listing = panel_review.long_list(uow, "panel1", vacancy.id, blind=True)
    review = panel_review.candidate(uow, "panel1", "app-1", blind=True)

    assert [e.shown_name for e in listing.entries] == sorted(
        [neutral_code("app-1"), neutral_code("app-2")],
        key=lambda code: code != neutral_code("app-2"),
    )
    assert review.candidate.shown_name == neutral_code("app-1")
    assert "Ana Example" not in repr(review.candidate)


def test_a_blind_vacancy_is_blind_for_every_member_whatever_they_chose(uow):
    blind = publish(uow, {**CRITERIA, "settings": {"blind": True}})
    services.screen_cv(uow, cv_parsed(blind.id, "app-9", candidate_name="Dana Hidden"))
    services.move_to_list(uow, SECRETARIAT, "app-9", ListStage.LONG_LIST)
    appoint(uow, blind.id, ["panel1"])

    listing = panel_review.long_list(uow, "panel1", blind.id, blind=False)
    review = panel_review.candidate(uow, "panel1", "app-9", blind=False)

    assert listing.vacancy_blind and listing.blind
    assert [e.shown_name for e in listing.entries] == [neutral_code("app-9")]
    assert review.candidate.shown_name == neutral_code("app-9")
    assert "Dana Hidden" not in repr(review.candidate)


def test_the_candidate_shows_verdicts_with_evidence_but_no_contact_or_override_reason(uow, vacancy):
    criterion = services.application(uow, "app-1").verdicts[0]["criterion_id"]
    services.override_verdict(
        uow, SECRETARIAT, "app-1", criterion_id=criterion, verdict="unclear", reason="secret note"
    )

    review = panel_review.candidate(uow, "panel2", "app-1")

    verdicts = {v.criterion_id: v for v in review.candidate.verdicts}
    assert verdicts[criterion].verdict == "unclear" and verdicts[criterion].overridden
    assert any(v.figure for v in verdicts.values())
    assert any(v.evidence or v.passages for v in verdicts.values())
    assert "secret note" not in repr(review.candidate)
    assert "profile" not in vars(review.candidate)


@pytest.mark.parametrize("member", ["panel3", "nobody"])
def test_a_member_not_on_the_panel_sees_nothing_of_it(uow, vacancy, member):
    with pytest.raises(panel_review.NotVisibleToPanel):
        panel_review.long_list(uow, member, vacancy.id)
    with pytest.raises(panel_review.NotVisibleToPanel):
        panel_review.candidate(uow, member, "app-1")
    with pytest.raises(panel_review.NotVisibleToPanel):
        panel_review.comment(uow, member, "app-1", "Strong field experience.")
    with pytest.raises(panel_review.NotVisibleToPanel):
        panel_review.comments(uow, member, "app-1")


@pytest.mark.parametrize("application_id", ["app-3", "no-such-application"])
def test_a_candidate_not_on_the_lists_is_not_found_by_the_panel(uow, vacancy, application_id):
    with pytest.raises(panel_review.NotVisibleToPanel):
        panel_review.candidate(uow, "panel1", application_id)
    with pytest.raises(panel_review.NotVisibleToPanel):
        panel_review.comment(uow, "panel1", application_id, "Looks good.")


def test_an_unknown_vacancy_is_not_found_by_the_panel(uow, vacancy):
    appoint(uow, "unknown-vacancy", ["panel1"])
    with pytest.raises(panel_review.NotVisibleToPanel):
        panel_review.long_list(uow, "panel1", "unknown-vacancy")
    assert [v.vacancy.id for v in panel_review.panel_vacancies(uow, "panel1")] == [vacancy.id]


def test_a_comment_is_kept_audited_and_shown_to_both_sides(uow, vacancy):
    written = panel_review.comment(uow, "panel2", "app-1", "  Strong field experience.  ")

    assert written.text == "Strong field experience."
    assert [(c.author, c.text) for c in panel_review.comments(uow, "panel1", "app-1")] == [
        ("panel2", "Strong field experience.")
    ]
    assert panel_review.comments_for_secretariat(uow, "app-1") == [written]
    entry = uow.audit[-1]
    assert (entry.actor, entry.action, entry.entity_id) == (
        "panel2",
        "application.commented",
        "app-1",
    )
    assert panel_review.comment_counts(uow, ["app-1", "app-2"]) == {"app-1": 1}
    listing = panel_review.long_list(uow, "panel1", vacancy.id)
    assert {e.application_id: e.comment_count for e in listing.entries} == {"app-1": 1, "app-2": 0}


@pytest.mark.parametrize("text", ["", "   \n ", None, "x" * (MAX_COMMENT + 1)])
def test_an_empty_or_too_long_comment_is_refused_and_nothing_is_kept(uow, vacancy, text):
    audited = len(uow.audit)
    with pytest.raises(InvalidComment):
        panel_review.comment(uow, "panel1", "app-1", text)
    assert panel_review.comments_for_secretariat(uow, "app-1") == []
    assert len(uow.audit) == audited


def test_a_comment_of_the_longest_length_is_kept(uow, vacancy):
    assert len(panel_review.comment(uow, "panel1", "app-1", "y" * MAX_COMMENT).text) == MAX_COMMENT


def test_erasure_replaces_the_comment_texts_but_keeps_authors_and_times(uow, vacancy):
    first = panel_review.comment(uow, "panel1", "app-1", "Ana Example knows the Convention well.")
    other = panel_review.comment(uow, "panel1", "app-2", "Ben is solid.")

    erasure.erase_candidate(uow, {"application_id": "app-1", "vacancy_id": vacancy.id})

    kept = panel_review.comments_for_secretariat(uow, "app-1")
    assert [(c.author, c.written_at, c.text) for c in kept] == [
        ("panel1", first.written_at, ERASED_COMMENT)
    ]
    assert "Ana Example" not in repr(uow.panels.__dict__)
    assert panel_review.comments_for_secretariat(uow, "app-2") == [other]
    with pytest.raises(panel_review.CannotComment):
        panel_review.comment(uow, "panel1", "app-1", "Another thought.")
