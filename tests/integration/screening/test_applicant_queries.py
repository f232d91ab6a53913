"""The applicants list answered in SQL, on SQLite and PostgreSQL: filters, sorts, search,
pages and counts agree with the domain's own view of every application; overrides and re-
screens keep the list's columns in step; the migration fills them for applications that
were there before; and the pages over it refuse who may not look, survive bad input and
keep blind mode blind. Applications are screened through the service layer (`screen_cv`,
with the lexical matcher), so the rows the queries read are written exactly as in
production.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.screening.adapters.tables import applicant_rows, application_verdicts
from services.screening.bootstrap import SERVICE, ScreeningRuntime, bootstrap
from services.screening.domain.applicants import PAGE_SIZE, ApplicantQuery, neutral_code
from services.screening.domain.matching import PositionTagger
from services.screening.domain.vacancies import ScreenedApplication
from services.screening.entrypoints.app import create_app
from services.screening.service_layer import services
from shared.auth.tokens import Principal, TokenSigner
from shared.db import upgrade
from tests.unit.screening.factories import DIRECTOR_CRITERIA

COUNT = 62  # two pages and a bit
LEVELS = ("master", "master", "bachelor")
ENGLISH = ("fluent", "working", "fluent", "basic", "fluent")


def publish(runtime: ScreeningRuntime, criteria: dict[str, Any] = DIRECTOR_CRITERIA) -> str:
    vacancy = services.create_vacancy(
        runtime.uow(),
        "sam",
        reference="REF-1",
        title="Director",
        tor_text="ToR",
        criteria=criteria,
        competencies=[],
        closing_date=None,
        contact_email="recruitment@example.org",
    )
    services.publish_vacancy(runtime.uow(), "sam", vacancy.id)
    return vacancy.id


def profile(level: str, english: str, mine_action: bool) -> dict[str, Any]:
    title = "Mine Action Programme Manager" if mine_action else "Programme Officer"
    return {
        "contact": {"name": "someone", "email": "someone@example.org", "phone": "+41 22 000"},
        "education": [
            {
                "level": level,
                "degree_as_written": "MA" if level == "master" else "BA",
                "field": "international relations",
                "field_as_written": "International Relations",
                "institution": "Somewhere University",
                "year_completed": 2005,
            }
        ],
        "positions": [
            {
                "title": title,
                "employer": "UNMAS",
                "start": "2015-01",
                "end": "2020-12",
                "bullets": ["Managed the mine action programme" if mine_action else "Wrote"],
            }
        ],
        "languages": [{"language": "English", "level": english}],
    }


def screen(runtime: ScreeningRuntime, vacancy_id: str, application_id: str, name: str, **kw: Any):
    services.screen_cv(
        runtime.uow(),
        {
            "application_id": application_id,
            "vacancy_id": vacancy_id,
            "candidate_name": name,
            "parser_version": "1.0",
            "needs_attention": False,
            "attention_reason": None,
            "profile": profile(**kw),
        },
        tagger_for=PositionTagger.for_vacancy,
    )


def a_vacancy_with_applicants(runtime: ScreeningRuntime) -> str:
    vacancy_id = publish(runtime)
    for i in range(COUNT):
        screen(
            runtime,
            vacancy_id,
            f"app-{i:03d}",
            f"Person {i:03d}" if i % 7 else f"Percy_{i:03d} 100%",
            level=LEVELS[i % 3],
            english=ENGLISH[i % 5],
            mine_action=i % 2 == 0,
        )
    return vacancy_id


def everyone(runtime: ScreeningRuntime, vacancy_id: str) -> list[ScreenedApplication]:
    return services.applications(runtime.uow(), vacancy_id)


def names(listing: services.ApplicantList) -> list[str]:
    return [row.candidate_name for row in listing.page.rows]


def listed(runtime: ScreeningRuntime, vacancy_id: str, **args: str) -> services.ApplicantList:
    return services.applicant_list(runtime.uow(), vacancy_id, ApplicantQuery.from_args(args))


def verdict_on(application: ScreenedApplication, criterion_id: str) -> str:
    return next(
        v["verdict"] for v in application.effective_verdicts if v["criterion_id"] == criterion_id
    )


# --- the queries ------------------------------------------------------------------------------


def test_filters_search_and_counts_agree_with_the_domain(runtime):
    vacancy_id = a_vacancy_with_applicants(runtime)
    all_of_them = everyone(runtime, vacancy_id)
    by_name = sorted(all_of_them, key=lambda a: a.candidate_name)

    unfiltered = listed(runtime, vacancy_id)
    assert unfiltered.page.matching == COUNT and unfiltered.page.pages == 2
    assert names(unfiltered) == [a.candidate_name for a in by_name[:PAGE_SIZE]]
    counts = unfiltered.page.counts
    assert counts.total == COUNT
    for proposal in ("long_list", "needs_review", "not_eligible"):
        expected = sum(a.effective_proposal == proposal for a in all_of_them)
        assert counts.proposals.get(proposal, 0) == expected, proposal
        assert expected, f"the data set has no {proposal}"
        only = listed(runtime, vacancy_id, proposal=proposal)
        assert only.page.matching == expected
        assert {r.proposal for r in only.page.rows} == {proposal}
    assert counts.stages == {"none": COUNT} and counts.decisions == {"pending": COUNT}

    for criterion, verdict in (("LANG_EN", "unclear"), ("EDU", "not_met"), ("EXP_MINE", "met")):
        expected = [a.candidate_name for a in by_name if verdict_on(a, criterion) == verdict]
        found = listed(runtime, vacancy_id, criterion=criterion, verdict=verdict, sort="name")
        assert names(found) == expected[:PAGE_SIZE], (criterion, verdict)
        assert found.page.matching == len(expected)
        assert all(r.verdicts[criterion].verdict == verdict for r in found.page.rows)
    # one verdict filter, one proposal filter: both apply
    both = listed(runtime, vacancy_id, criterion="EDU", verdict="met", proposal="needs_review")
    assert both.page.matching == sum(
        verdict_on(a, "EDU") == "met" and a.effective_proposal == "needs_review"
        for a in all_of_them
    )

    # search: a case-insensitive piece of the name; % and _ are only characters
    assert names(listed(runtime, vacancy_id, q="person 01")) == [
        f"Person {i:03d}" for i in range(10, 20) if i % 7
    ]
    assert names(listed(runtime, vacancy_id, q="100%")) == [
        a.candidate_name for a in by_name if a.candidate_name.endswith("100%")
    ]
    assert listed(runtime, vacancy_id, q="_0").page.matching == COUNT // 7 + 1
    assert listed(runtime, vacancy_id, q="nobody").page.rows == []


def test_sorts_and_pages_are_stable_and_bad_values_fall_back(runtime):
    vacancy_id = a_vacancy_with_applicants(runtime)
    all_of_them = everyone(runtime, vacancy_id)

    first = listed(runtime, vacancy_id, sort="name", order="desc")
    second = listed(runtime, vacancy_id, sort="name", order="desc", page="2")
    everybody = names(first) + names(second)
    assert everybody == sorted((a.candidate_name for a in all_of_them), reverse=True)
    assert len(names(second)) == COUNT - PAGE_SIZE
    assert (second.page.first_shown, second.page.last_shown) == (PAGE_SIZE + 1, COUNT)

    met = listed(runtime, vacancy_id, sort="mandatory_met")  # most met first
    counts = [row.mandatory_met for row in met.page.rows]
    assert counts == sorted(counts, reverse=True)
    best = max(
        sum(v["mandatory"] and v["verdict"] == "met" for v in a.effective_verdicts)
        for a in all_of_them
    )
    assert counts[0] == best

    by_proposal = listed(runtime, vacancy_id, sort="proposal", page="2")
    proposals = [r.proposal for r in listed(runtime, vacancy_id, sort="proposal").page.rows]
    proposals += [r.proposal for r in by_proposal.page.rows]
    assert proposals == sorted(proposals)

    screened = listed(runtime, vacancy_id, sort="screened")
    assert screened.page.query.order == "desc"
    times = [r.screened_at for r in screened.page.rows]
    assert times == sorted(times, reverse=True) and times[0].tzinfo is not None

    # a page past the end shows the last; nonsense is ignored, never an error
    beyond = listed(runtime, vacancy_id, page="80")
    assert beyond.page.query.page == 2 and len(beyond.page.rows) == COUNT - PAGE_SIZE
    nonsense = listed(
        runtime,
        vacancy_id,
        page="-3x",
        sort="salary",
        order="sideways",
        proposal="maybe",
        criterion="NOT_A_CRITERION",
        verdict="met",
        decision="perhaps",
        stage="moon",
    )
    assert nonsense.page.query == ApplicantQuery(verdict="met")
    assert nonsense.page.matching == COUNT


def test_an_override_and_a_rescreen_keep_the_list_in_step(runtime):
    vacancy_id = publish(runtime)
    screen(runtime, vacancy_id, "app-1", "Ana", level="bachelor", english="fluent", mine_action=1)
    before = listed(runtime, vacancy_id).page.rows[0]
    assert (before.proposal, before.verdicts["EDU"].verdict, before.mandatory_met) == (
        "not_eligible",
        "not_met",
        1,
    )

    services.override_verdict(
        runtime.uow(), "sam", "app-1", criterion_id="EDU", verdict="met", reason="Equivalent."
    )

    after = listed(runtime, vacancy_id, criterion="EDU", verdict="met").page.rows
    assert [row.application_id for row in after] == ["app-1"]
    assert (after[0].proposal, after[0].machine_proposal, after[0].mandatory_met) == (
        "long_list",
        "not_eligible",
        2,
    )
    assert after[0].verdicts["EDU"].overridden is True
    assert listed(runtime, vacancy_id).page.counts.proposals == {"long_list": 1}

    # a new version that drops EDU: the re-screen rewrites the rows, the override no longer applies
    criteria = copy.deepcopy(DIRECTOR_CRITERIA)
    criteria["criteria"] = [c for c in criteria["criteria"] if c["id"] != "EDU"]
    services.edit_draft(runtime.uow(), "sam", vacancy_id, {"criteria": criteria})
    services.publish_vacancy(runtime.uow(), "sam", vacancy_id)
    job = services.request_rescreen(runtime.uow(), "sam", vacancy_id)
    services.rescreen_batch(
        runtime.uow(),
        {"job_id": job.id, "application_ids": ["app-1"]},
        tagger_for=PositionTagger.for_vacancy,
    )
    with runtime.engine.connect() as connection:
        rows = connection.execute(
            sa.select(application_verdicts.c.criterion_id, application_verdicts.c.overridden)
            .where(application_verdicts.c.application_id == "app-1")
            .order_by(application_verdicts.c.criterion_id)
        ).all()
    assert [tuple(row) for row in rows] == [("EXP_MINE", False), ("LANG_EN", False)]
    assert (
        listed(runtime, vacancy_id, criterion="EDU", verdict="met").page.query.criterion_id is None
    )


def test_blind_mode_searches_and_sorts_by_the_code_never_the_name(runtime):
    vacancy_id = publish(runtime)
    for i, name in enumerate(("Zoe", "Adam", "Maya")):
        screen(
            runtime, vacancy_id, f"app-{i}", name, level="master", english="fluent", mine_action=1
        )
    codes = sorted(neutral_code(f"app-{i}") for i in range(3))

    blind = services.applicant_list(runtime.uow(), vacancy_id, ApplicantQuery(), blind=True)
    assert blind.blind is True
    assert [row.shown_name(True) for row in blind.page.rows] == codes
    assert (
        services.applicant_list(
            runtime.uow(), vacancy_id, ApplicantQuery(search="adam"), blind=True
        ).page.rows
        == []
    )
    by_code = services.applicant_list(
        runtime.uow(), vacancy_id, ApplicantQuery(search=codes[1][2:6].lower()), blind=True
    )
    assert [row.candidate_code for row in by_code.page.rows] == [codes[1]]


# --- the migration ----------------------------------------------------------------------------


def test_the_migration_fills_the_list_columns_of_existing_applications(settings, database_url):
    config = Config()
    config.set_main_option("script_location", str(SERVICE.migrations))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "0003")
    verdicts = [
        {"criterion_id": "EDU", "mandatory": True, "verdict": "not_met", "figure": "BA"},
        {"criterion_id": "LANG_EN", "mandatory": True, "verdict": "met", "figure": "fluent"},
        {"criterion_id": "EXP_MINE", "mandatory": False, "verdict": "unclear", "figure": "?"},
    ]
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO vacancies (id, reference, title, tor_text, criteria, competencies, "
                "contact_email, status, version, published_at) VALUES ('v-1', 'R', 'Director', "
                "'ToR', :criteria, '[]', 'r@example.org', 'published', 1, '2024-01-05 10:00:00')"
            ),
            {"criteria": json.dumps(DIRECTOR_CRITERIA)},
        )
        for application_id, version in (("a-1", 1), ("a-2", 1), ("a-3", None)):
            connection.execute(
                sa.text(
                    "INSERT INTO applications (application_id, vacancy_id, candidate_name, "
                    "profile, needs_attention, criteria_version, proposal, verdicts, "
                    "screened_at, list_stage) VALUES (:id, 'v-1', :id, '{}', false, :version, "
                    ":proposal, :verdicts, :screened, 'none')"
                ),
                {
                    "id": application_id,
                    "version": version,
                    "proposal": "not_eligible" if version else None,
                    "verdicts": json.dumps(verdicts if version else []),
                    "screened": "2024-01-06 10:00:00" if version else None,
                },
            )
        # a-1: EDU overridden under its version (applies), then an older-version one (does not)
        for verdict, version in (("met", 1), ("not_met", 0)):
            connection.execute(
                sa.text(
                    "INSERT INTO verdict_overrides (application_id, criterion_id, "
                    "criteria_version, machine_verdict, machine_figure, verdict, overridden_by, "
                    "overridden_at, reason) VALUES ('a-1', 'EDU', :version, 'not_met', 'BA', "
                    ":verdict, 'sam', '2024-01-07 10:00:00', 'Equivalent')"
                ),
                {"verdict": verdict, "version": version},
            )
    engine.dispose()

    upgrade(database_url, SERVICE.migrations)

    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = {
                row.application_id: row for row in connection.execute(sa.select(applicant_rows))
            }
            cells = connection.execute(
                sa.select(application_verdicts).order_by(
                    application_verdicts.c.application_id, application_verdicts.c.criterion_id
                )
            ).all()
    finally:
        engine.dispose()
    assert (rows["a-1"].proposal, rows["a-1"].machine_proposal, rows["a-1"].mandatory_met) == (
        "long_list",
        "not_eligible",
        2,
    )
    assert (rows["a-2"].proposal, rows["a-2"].mandatory_met) == ("not_eligible", 1)
    assert (rows["a-3"].proposal, rows["a-3"].mandatory_met, rows["a-3"].screened_at) == (
        None,
        0,
        None,
    )
    assert all(rows[a].candidate_code == neutral_code(a) for a in rows)
    assert {(r.candidate_name, r.list_stage, r.decision) for r in rows.values()} == {
        ("a-1", "none", "pending"),
        ("a-2", "none", "pending"),
        ("a-3", "none", "pending"),
    }
    # and the list answers from them
    runtime = bootstrap(settings)
    try:
        found = services.applicant_list(
            runtime.uow(), "v-1", ApplicantQuery(criterion_id="EDU", verdict="met")
        )
        assert [row.application_id for row in found.page.rows] == ["a-1"]
    finally:
        runtime.engine.dispose()
    assert [(c.application_id, c.criterion_id, c.verdict, c.overridden) for c in cells] == [
        ("a-1", "EDU", "met", True),
        ("a-1", "EXP_MINE", "unclear", False),
        ("a-1", "LANG_EN", "met", False),
        ("a-2", "EDU", "not_met", False),
        ("a-2", "EXP_MINE", "unclear", False),
        ("a-2", "LANG_EN", "met", False),
    ]
    assert all(
        c.vacancy_id == "v-1" and c.mandatory == (c.criterion_id != "EXP_MINE") for c in cells
    )


# --- the pages over it ------------------------------------------------------------------------


def client_for(runtime: ScreeningRuntime, username: str, *roles: str) -> Any:
    client = create_app(runtime).test_client()
    token = TokenSigner(runtime.settings.secret_key).access_token(
        Principal(username, frozenset(roles), username.title())
    )
    client.set_cookie("shortlist_token", token)
    return client


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]*)"', html)
    assert found, f"no hidden field {name}"
    return found.group(1)


def test_the_pages_refuse_the_panel_find_nothing_for_a_guess_and_survive_bad_input(runtime):
    vacancy_id = a_vacancy_with_applicants(runtime)
    sam = client_for(runtime, "sam", "secretariat")
    panel = client_for(runtime, "pat", "panel")
    anonymous = create_app(runtime).test_client()
    base = f"/screening/vacancies/{vacancy_id}/applicants"

    assert panel.get(base).status_code == 403
    assert panel.get("/screening/applications/app-001").status_code == 403
    assert anonymous.get(base).status_code == 302
    assert sam.get("/screening/vacancies/guess/applicants").status_code == 404
    assert sam.get("/screening/applications/guess").status_code == 404
    for query in (
        "?page=abc",
        "?page=99999999999999999999",
        "?page=-1&sort=drop+table&order=x",
        "?criterion=%00&verdict=maybe",
        "?q=" + "x" * 5000,
        "?proposal=long_list&proposal=needs_review",
    ):
        assert sam.get(base + query).status_code == 200, query

    page = sam.get(base + "?criterion=LANG_EN&verdict=unclear&sort=name").get_data(as_text=True)
    assert "<h1>Applicants</h1>" in page and 'selected value="LANG_EN"' in page
    fragment = sam.get(base + "?page=2", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in text and "Page 2 of 2" in text
    assert "HX-Request" in fragment.headers["Vary"]

    export = sam.get(f"/screening/vacancies/{vacancy_id}/applicants.csv?proposal=long_list")
    lines = export.get_data(as_text=True).splitlines()
    assert export.mimetype == "text/csv" and lines[0].startswith("Candidate,Proposal,EDU")
    assert len(lines) - 1 == listed(runtime, vacancy_id, proposal="long_list").page.matching


def test_an_override_on_the_page_redirects_with_a_message_or_shows_the_error(runtime):
    vacancy_id = publish(runtime)
    screen(
        runtime,
        vacancy_id,
        "app-1",
        "Ana Example",
        level="bachelor",
        english="fluent",
        mine_action=True,
    )
    sam = client_for(runtime, "sam", "secretariat")
    page = sam.get("/screening/applications/app-1").get_data(as_text=True)
    assert "Ana Example" in page and "someone@example.org" in page
    assert '<mark class="evidence">Mine Action Programme Manager, UNMAS</mark>' in page
    token = hidden(page, "override-1-csrf_token")
    path = "/screening/applications/app-1/verdicts/1/override"

    no_reason = sam.post(
        path,
        data={
            "override-1-csrf_token": token,
            "override-1-criterion_id": "EDU",
            "override-1-verdict": "met",
            "override-1-reason": "  ",
        },
    )
    assert no_reason.status_code == 422
    assert 'id="override-1-reason-errors"' in no_reason.get_data(as_text=True)
    no_token = sam.post(
        path,
        data={
            "override-1-criterion_id": "EDU",
            "override-1-verdict": "met",
            "override-1-reason": "Equivalent",
        },
    )
    assert no_token.status_code == 422
    assert "please send it again" in no_token.get_data(as_text=True)
    assert services.application(runtime.uow(), "app-1").overrides == ()

    done = sam.post(
        path,
        data={
            "override-1-csrf_token": token,
            "override-1-criterion_id": "EDU",
            "override-1-verdict": "met",
            "override-1-reason": "Equivalent degree.",
        },
    )
    assert done.status_code == 303
    assert done.headers["Location"].endswith("/screening/applications/app-1#criterion-1")
    after = sam.get("/screening/applications/app-1").get_data(as_text=True)
    assert "The verdict on EDU is now met." in after and "Equivalent degree." in after
    assert services.application(runtime.uow(), "app-1").effective_proposal == "long_list"


def test_a_blind_vacancy_hides_the_name_and_the_contact_everywhere(runtime):
    criteria = copy.deepcopy(DIRECTOR_CRITERIA)
    criteria["settings"] = {"blind": True}
    vacancy_id = publish(runtime, criteria)
    screen(
        runtime,
        vacancy_id,
        "app-1",
        "Ana Example",
        level="master",
        english="fluent",
        mine_action=True,
    )
    sam = client_for(runtime, "sam", "secretariat")
    code = neutral_code("app-1")

    for path in (
        f"/screening/vacancies/{vacancy_id}/applicants",
        f"/screening/vacancies/{vacancy_id}/applicants.csv",
        "/screening/applications/app-1",
    ):
        text = sam.get(path).get_data(as_text=True)
        assert code in text, path
        assert "Ana Example" not in text and "someone@example.org" not in text, path
        assert "+41 22" not in text, path

    # the user's own switch works the same on a vacancy that is not blind
    other = publish(runtime)
    screen(
        runtime, other, "app-2", "Bo Example", level="master", english="fluent", mine_action=True
    )
    page = sam.get(f"/screening/vacancies/{other}/applicants").get_data(as_text=True)
    assert "Bo Example" in page
    switched = sam.post(
        "/screening/blind-mode",
        data={
            "csrf_token": hidden(page, "csrf_token"),
            "blind": "on",
            "next": f"/screening/vacancies/{other}/applicants",
        },
    )
    assert switched.status_code == 303
    page = sam.get(f"/screening/vacancies/{other}/applicants").get_data(as_text=True)
    assert "Bo Example" not in page and neutral_code("app-2") in page
    elsewhere = sam.post(
        "/screening/blind-mode",
        data={"csrf_token": hidden(page, "csrf_token"), "blind": "off", "next": "//evil.example"},
    )
    assert elsewhere.headers["Location"] == "/"
