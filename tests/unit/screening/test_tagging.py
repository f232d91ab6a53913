"""The service's tagger factory builds each vacancy version's tagger once."""

from services.screening.adapters.tagging import CachedTaggers
from services.screening.domain.criteria import criteria_from_dict
from services.screening.domain.matching import PositionTagger
from tests.unit.screening.factories import vacancy


def test_the_same_criteria_get_the_same_tagger_and_changed_ones_a_new_one():
    built = []

    def build(criteria):
        built.append(criteria)
        return PositionTagger.for_vacancy(criteria)

    taggers = CachedTaggers(build, kept=2)
    first = criteria_from_dict(vacancy(tags={"t": "outbreak response"}))
    same = criteria_from_dict(vacancy(tags={"t": "outbreak response"}))
    changed = criteria_from_dict(vacancy(tags={"t": "cold chain logistics"}))

    assert taggers(first) is taggers(same)
    assert taggers(changed) is not taggers(first)
    assert len(built) == 2


def test_only_the_most_recent_taggers_are_kept():
    taggers = CachedTaggers(PositionTagger.for_vacancy, kept=1)
    one = criteria_from_dict(vacancy(tags={"t": "outbreak response"}))
    two = criteria_from_dict(vacancy(tags={"t": "cold chain logistics"}))
    kept = taggers(one)
    taggers(two)
    assert taggers(one) is not kept
