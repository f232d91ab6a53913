"""Fixtures of the ToR reader's tests: the sample ToRs written for them, and their proposals."""

from pathlib import Path

import pytest

from services.screening.domain.tor import TorProposal, propose_from_tor

SAMPLES = Path(__file__).parent / "samples"


def read_sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def proposal_of():
    """propose_from_tor over a sample file, once per sample and module."""
    cache: dict[str, TorProposal] = {}

    def propose(name: str) -> TorProposal:
        if name not in cache:
            cache[name] = propose_from_tor(read_sample(name))
        return cache[name]

    return propose
