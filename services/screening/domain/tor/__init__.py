"""Proposing a vacancy's screening criteria and competency framework from its ToR text.

The package reads a Terms of Reference (any UN agency, treaty secretariat or NGO style, in
English or French) and proposes, in the criteria-file shape, the criteria its qualification
sections state, each quoting the ToR's own words with their offsets, plus the competency
framework and notes on what had to be assumed. `propose_from_tor(text)` is the entry point;
the modules split the work: `layout` (lines, items, headings), `sections`, `clauses`,
`kinds`, `education`, `experience`, `languages`, `requirements` and `drafting` (criteria,
ids, tags, notes), `competencies`, `header`, and `vocabulary` for every English and French
wording.
"""

from services.screening.domain.tor.proposal import (
    TOR_EXTRACTOR_VERSION,
    TorProposal,
    propose_from_tor,
)

__all__ = ["TOR_EXTRACTOR_VERSION", "TorProposal", "propose_from_tor"]
