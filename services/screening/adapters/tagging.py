"""The position tagger the screening runs with, chosen at the edge.

`production_tagger_factory()` is what the service's bootstrap and the benchmarks use, so
both measure and run the same matcher. Building a vacancy's tagger (its keywords, the
thesaurus's terms, their word groups) costs more than tagging a CV with it, and every CV
of a vacancy version asks for the same one, so the factory keeps the last few it built,
keyed by the criteria they were built from.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from services.screening.domain.criteria import VacancyCriteria
from services.screening.domain.matching import PositionTagger, Tagger, TaggerFactory

KEPT_TAGGERS = 32


def production_tagger_factory() -> TaggerFactory:
    return CachedTaggers(PositionTagger.for_vacancy)


class CachedTaggers:
    """A tagger factory that builds each vacancy version's tagger once."""

    def __init__(self, build: TaggerFactory, kept: int = KEPT_TAGGERS) -> None:
        self._build = build
        self._kept = kept
        self._taggers: OrderedDict[str, Tagger] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, criteria: VacancyCriteria) -> Tagger:
        # Frozen dataclasses of tuples and plain dicts: equal criteria, equal repr.
        key = repr(criteria)
        with self._lock:
            tagger = self._taggers.get(key)
            if tagger is not None:
                self._taggers.move_to_end(key)
                return tagger
        tagger = self._build(criteria)
        with self._lock:
            self._taggers[key] = tagger
            while len(self._taggers) > self._kept:
                self._taggers.popitem(last=False)
        return tagger
