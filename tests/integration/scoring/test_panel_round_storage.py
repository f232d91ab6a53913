"""Conflicts of interest, interview kits, amendments and the chair's closing stored in a
real database (SQLite and PostgreSQL, migrated to the newest revision): what one unit of
work writes, the next reads back, and the audit chain still verifies."""

from __future__ import annotations

import pytest

from services.scoring.adapters.tables import AUDIT
from services.scoring.bootstrap import ScoringRuntime
from services.scoring.domain.conflicts import Recused
from services.scoring.domain.kit import KitLocked
from services.scoring.service_layer import panel_round, services
from shared import audit

VACANCY = "9b0f3c7e-0000-4000-8000-000000000001"
ANA, BEN = "9b0f3c7e-0000-4000-8000-0000000000a1", "9b0f3c7e-0000-4000-8000-0000000000b1"
FRAMEWORK = [
    {"name": "Leadership", "weight": 2.0, "indicators": ["Sets clear goals"]},
    {"name": "Communication", "weight": 1.0},
]


@pytest.fixture
def panel(runtime: ScoringRuntime) -> ScoringRuntime:
    services.record_vacancy(
        runtime.uow(), {"vacancy_id": VACANCY, "title": "Director", "competencies": FRAMEWORK}
    )
    for application_id, name in ((ANA, "Ana Example"), (BEN, "Ben Example")):
        services.record_shortlisted(
            runtime.uow(),
            {
                "vacancy_id": VACANCY,
                "application_id": application_id,
                "candidate_name": name,
                "shortlisted_by": "sam",
            },
        )
    services.appoint_panel(runtime.uow(), VACANCY, ["kim", "lee", "max"], "kim", "sam")
    return runtime


def test_declarations_kit_amendments_and_closing_survive_the_database(panel: ScoringRuntime):
    uow = panel.uow
    kit, _ = panel_round.interview_kit(uow(), VACANCY)
    edited = kit.to_list()
    edited[0]["questions"] = ["Tell us about a team you turned around."]
    edited[0]["anchors"]["5"] = "Turned a team around, with evidence."
    panel_round.edit_kit(uow(), VACANCY, edited, "sam")
    for member in ("kim", "lee"):
        panel_round.declare(uow(), VACANCY, member, {ANA: (False, ""), BEN: (False, "")})
    panel_round.declare(uow(), VACANCY, "max", {ANA: (True, "My cousin."), BEN: (False, "")})
    services.submit_sheet(uow(), VACANCY, ANA, "kim", {"Leadership": 2, "Communication": 3})
    panel_round.amend_sheet(
        uow(), VACANCY, ANA, "kim", {"Leadership": 4, "Communication": 3}, "", "Misread."
    )

    stored_kit, locked = panel_round.interview_kit(uow(), VACANCY)
    assert locked
    assert stored_kit.competencies[0].questions == ("Tell us about a team you turned around.",)
    assert stored_kit.competencies[0].anchor(5) == "Turned a team around, with evidence."
    with pytest.raises(KitLocked):
        panel_round.edit_kit(uow(), VACANCY, edited, "sam")
    file = panel_round.candidate_file(uow(), VACANCY, ANA, "kim")
    assert file.my_sheet is not None and file.my_sheet.scores["Leadership"] == 4
    assert [(a.reason, a.changed()) for a in file.amendments] == [
        ("Misread.", {"Leadership": (2, 4)})
    ]
    with pytest.raises(Recused):
        panel_round.candidate_file(uow(), VACANCY, ANA, "max")
    assert panel_round.progress(uow(), VACANCY)["expected_sheets"] == 5

    panel_round.close_round(uow(), VACANCY, "kim", "Lee is away until next month.")

    progress = panel_round.progress(uow(), VACANCY)
    assert progress["finished"] and progress["closure"]["outstanding"] == 4
    with panel.engine.connect() as connection:
        report = audit.verify(connection, AUDIT)
    assert report.intact, report.problems
    with panel.engine.connect() as connection:
        actions = [row.action for row in connection.execute(AUDIT.entries.select())]
    for action in ("kit.edited", "conflict.declared", "score.amended", "round.closed"):
        assert action in actions


def test_a_member_re_declares_before_scoring_and_the_last_declaration_counts(
    panel: ScoringRuntime,
):
    panel_round.declare(panel.uow(), VACANCY, "lee", {ANA: (True, "Former colleague.")})
    panel_round.declare(panel.uow(), VACANCY, "lee", {ANA: (False, ""), BEN: (False, "")})

    seen = panel_round.declarations_of(panel.uow(), VACANCY, "lee")
    assert seen["declared_all"]
    assert [c["conflict"] for c in seen["candidates"]] == [False, False]
