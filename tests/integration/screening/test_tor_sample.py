"""The sample ToR (PDF and DOCX of shared/data) through the adapter and the ToR reader.

Every criterion of the hand-made criteria file must be proposed: paired by quoted text (one
quote contains the other, without case and with whitespace collapsed, or rapidfuzz
partial_ratio ≥ 90) with a proposed criterion of the same kind, mandatory flag, rule type and
key parameters; and the competency framework must come out with its functional and core
competencies and their indicators.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from bench.tor_extraction import compare_criterion, key_parameters, pair_by_quoted_text
from services.screening.adapters.tor_documents import tor_text_from_file
from services.screening.domain.tor import TorProposal, propose_from_tor

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
TOR_DIR = SHARED_DATA / "tor"
TRUTH_FILE = TOR_DIR / "ccm-isu-director.criteria.json"

pytestmark = pytest.mark.skipif(
    not TRUTH_FILE.exists(), reason="shared/data is not beside the repo"
)


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    return json.loads(TRUTH_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["pdf", "docx"])
def proposal(request) -> TorProposal:
    path = TOR_DIR / f"ccm-isu-director.{request.param}"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return propose_from_tor(tor_text_from_file(path.read_bytes(), path.name))


def test_every_truth_criterion_is_proposed_alike(proposal, truth):
    pairs = pair_by_quoted_text(proposal.proposed_criteria, truth["criteria"])
    assert len(pairs) == 9
    for expected in truth["criteria"]:
        proposed = pairs[expected["id"]]
        assert proposed is not None, f"{expected['id']} not proposed: {expected['text']!r}"
        agreement = compare_criterion(proposed, expected)
        assert all(agreement.values()), (
            expected["id"],
            agreement,
            key_parameters(proposed["rule"]),
            key_parameters(expected["rule"]),
        )


def test_no_criterion_is_proposed_beyond_the_truth(proposal, truth):
    assert len(proposal.proposed_criteria) == len(truth["criteria"])


def test_header_facts(proposal, truth):
    assert proposal.position == truth["position"]
    assert proposal.duty_station == truth["duty_station"]
    # The ToR states no closing date: the secretariat is asked for one.
    assert proposal.reference_date is None
    assert any("no closing date" in note for note in proposal.notes)


def test_education_fields_as_listed(proposal):
    education = proposal.criterion("EDU")
    assert education is not None
    assert education["rule"]["fields_listed"] == [
        "political science",
        "social sciences",
        "international law",
        "international relations",
        "geography",
        "business administration",
    ]
    assert education["rule"]["master_in_other_field"] == "unclear"


def test_considerable_experience_asks_for_confirmation(proposal):
    graded = [
        c for c in proposal.proposed_criteria if c["rule"]["type"] == "experience_months_graded"
    ]
    assert len(graded) == 2
    for criterion in graded:
        assert any(criterion["id"] in note and "confirm" in note for note in proposal.notes)


def test_competency_framework(proposal):
    competencies = {c["name"]: c for c in proposal.competencies}
    functional = [c["name"] for c in proposal.competencies if c["kind"] == "functional"]
    assert functional == [
        "Advocacy/ Advancing A Policy-Oriented Agenda",
        "Building Strategic Partnerships",
        "Promoting Organizational Learning and Knowledge Sharing",
        "Job Knowledge/ Technical Expertise",
    ]
    core = [c["name"] for c in proposal.competencies if c["kind"] == "core"]
    assert core[:2] == ["Ethics & Values", "Organizational Awareness"]
    assert "Developing & Empowering People/Coaching and Mentoring" in core
    assert "Communicating Information and Ideas" in core
    assert core[-1] == "Appropriate and Transparent Decision-making"
    assert len(core) == 10
    assert competencies["Building Strategic Partnerships"]["indicators"] == [
        "Makes effective use of the CCM resources and comparative advantage to strengthen "
        "partnerships",
        "Creates networks and promotes initiatives with partner organizations",
    ]
    assert competencies["Financial Acumen"]["description"] == (
        "Overseeing and directing team financial management"
    )
    assert len(competencies["Financial Acumen"]["indicators"]) == 4
    assert all(c["indicators"] for c in proposal.competencies)
