"""Odd input never crashes the ToR reader, and whatever it proposes quotes the text exactly."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.screening.domain.tor import TOR_EXTRACTOR_VERSION, propose_from_tor

# Words the reader reacts to, so that random texts reach deep into it, not only its edges.
WORDS = (
    "Education", "Experience:", "Languages", "REQUIRED", "Desirable", "Competencies", "-", "•",
    "1.", "a)", "Master's", "degree", "in", "law", "or", "a", "related", "field", "of", "which",
    "at", "least", "5", "ten", "years", "experience", "and", "considerable", "English", "French",
    "fluency", "is", "required", "an", "asset", ";", ",", ".", ":", "\n", "\n\n", "other", "UN",
    "official", "language", "in lieu", "Bachelor's", "OR", "PhD", "Formation", "exigé", "atout",
    "au moins", "sept", "ans", "d'expérience", "Closing date:", "31 May 2025", "Title:", "(",
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join) | st.text(max_size=400))
def test_any_text_gives_a_proposal_whose_quotes_are_exact(text):
    proposal = propose_from_tor(text)
    json.dumps(proposal.criteria)
    for criterion in proposal.proposed_criteria:
        source = criterion["source"]
        assert text[source["start"] : source["end"]] == criterion["text"]
        assert criterion["kind"] in ("education", "experience", "language")


def test_a_tor_without_requirements_gives_no_criteria_and_says_so():
    proposal = propose_from_tor(
        "TERMS OF REFERENCE\n\nBackground\n\nThe unit supports the States parties.\n\n"
        "Duties\n- Prepares meetings\n- Drafts reports\n"
    )
    assert proposal.proposed_criteria == []
    assert proposal.competencies == []
    assert any("No education, experience or language requirement" in n for n in proposal.notes)


def test_empty_text():
    proposal = propose_from_tor("")
    assert proposal.criteria["criteria"] == []
    assert proposal.position is None
    assert proposal.criteria["synonyms"] == {}
    assert any("No position title" in note for note in proposal.notes)


def test_the_shape_of_the_proposal():
    proposal = propose_from_tor(
        "Title: Legal Officer\nDuty station: Geneva\nClosing date: 1 June 2025\n"
        "Qualifications\n- Master's degree in law.\n"
    )
    assert set(proposal.criteria) == {
        "tor", "position", "duty_station", "reference_date", "tags", "synonyms", "criteria",
        "competencies", "notes",
    }  # fmt: skip
    assert proposal.criteria["tor"] == "legal-officer"
    assert proposal.reference_date == "2025-06-01"
    assert TOR_EXTRACTOR_VERSION == "1.0"
