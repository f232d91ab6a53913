"""The position tagger the screening runs with, chosen at the edge.

`production_tagger_factory()` is what the service's bootstrap and the benchmarks use, so
both measure and run the same matcher.
"""

from __future__ import annotations

from services.screening.domain.matching import PositionTagger, TaggerFactory


def production_tagger_factory() -> TaggerFactory:
    return PositionTagger.for_vacancy
