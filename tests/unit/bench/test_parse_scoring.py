"""The scoring rules of the parse-accuracy bench on small hand-made profiles and truths.

Each test starts from one invented truth (two positions, two degrees, two languages),
changes one thing in the prediction and checks which field counts move, and how:
against precision, recall or both.
"""

import copy

import pytest

from bench.parse_scoring import (
    FIELDS,
    FieldCounts,
    pair_greedily,
    phone_digits,
    score_profile,
    similar_text,
    sum_scores,
)

TRUTH = {
    "contact": {
        "name": "Amina Diallo",
        "email": "amina.diallo@example.org",
        "phone": "+41 22 123 45 67",
        "city": "Geneva",
        "country": "Switzerland",
    },
    "education": [
        {
            "level": "master",
            "degree_as_written": "LL.M.",
            "field": "international law",
            "field_as_written": "Public International Law",
            "institution": "University of Oxford",
            "year_completed": 2009,
        },
        {
            "level": "bachelor",
            "degree_as_written": "BA (Hons)",
            "field": "history",
            "field_as_written": "History",
            "institution": "University of Dakar",
            "year_completed": 2006,
        },
    ],
    "positions": [
        {
            "title": "Head of Programme",
            "employer": "The HALO Trust",
            "city": "Kabul",
            "country": "Afghanistan",
            "start": "2015-03",
            "end": None,
            "dates_as_written": "March 2015 - present",
            "bullets": ["Led a team of 40 staff"],
        },
        {
            "title": "Programme Officer, Victim Assistance",
            "employer": "UNDP",
            "city": "Vientiane",
            "country": "Lao PDR",
            "start": "2010-01",
            "end": "2015-02",
            "dates_as_written": "01/2010 - 02/2015",
            "bullets": [],
        },
    ],
    "languages": [
        {"language": "French", "language_as_written": "French", "level": "native"},
        {"language": "English", "language_as_written": "English", "level": "fluent"},
    ],
}


def perfect_prediction() -> dict:
    """What a flawless reader returns for TRUTH, in the reader's own shape."""
    predicted = copy.deepcopy(TRUTH)
    for position in predicted["positions"]:
        position["ongoing"] = position["end"] is None
        position["source"] = {"page": 1}
    return predicted


def counts(scores, field):
    found = scores[field]
    return (found.true_positives, found.predicted, found.expected)


def test_a_perfect_prediction_scores_one_everywhere():
    scores = score_profile(perfect_prediction(), TRUTH)

    for field in FIELDS:
        assert (scores[field].precision, scores[field].recall, scores[field].f1) == (1, 1, 1)
    assert counts(scores, "position.dates") == (2, 2, 2)
    assert counts(scores, "language.level") == (2, 2, 2)


def test_positions_pair_whatever_order_the_reader_lists_them_in():
    predicted = perfect_prediction()
    predicted["positions"].reverse()

    assert score_profile(predicted, TRUTH)["position.dates"].f1 == 1.0


def test_a_missing_position_lowers_recall_only():
    predicted = perfect_prediction()
    del predicted["positions"][1]

    scores = score_profile(predicted, TRUTH)

    for field in ("employer", "title", "start", "end", "dates", "place"):
        assert counts(scores, f"position.{field}") == (1, 1, 2)
        assert scores[f"position.{field}"].precision == 1.0
        assert scores[f"position.{field}"].recall == 0.5


def test_an_invented_position_is_a_false_positive_for_every_field_it_fills():
    predicted = perfect_prediction()
    predicted["positions"].append(
        {
            "title": "Consultant",
            "employer": "World Bank",
            "city": "Paris",
            "start": "2008-01",
            "end": "2009-12",
            "ongoing": False,
        }
    )

    scores = score_profile(predicted, TRUTH)

    for field in ("employer", "title", "start", "end", "dates", "place"):
        assert counts(scores, f"position.{field}") == (2, 3, 2)


def test_a_wrong_end_month_counts_against_precision_and_recall():
    predicted = perfect_prediction()
    predicted["positions"][1]["end"] = "2015-03"

    scores = score_profile(predicted, TRUTH)

    assert counts(scores, "position.end") == (1, 2, 2)
    assert counts(scores, "position.dates") == (1, 2, 2)
    assert counts(scores, "position.start") == (2, 2, 2)
    assert counts(scores, "position.employer") == (2, 2, 2)


def test_ongoing_against_ongoing_is_right_and_against_a_month_is_wrong():
    ongoing_without_flag = perfect_prediction()
    del ongoing_without_flag["positions"][0]["ongoing"]
    assert counts(score_profile(ongoing_without_flag, TRUTH), "position.end") == (2, 2, 2)

    ended = perfect_prediction()
    ended["positions"][0].update(end="2022-05", ongoing=False)
    assert counts(score_profile(ended, TRUTH), "position.end") == (1, 2, 2)


def test_an_end_neither_written_nor_ongoing_is_missing_not_wrong():
    predicted = perfect_prediction()
    predicted["positions"][1].update(end=None, ongoing=False)

    scores = score_profile(predicted, TRUTH)

    assert counts(scores, "position.end") == (1, 1, 2)
    assert counts(scores, "position.dates") == (1, 2, 2)


def test_positions_of_one_employer_pair_by_their_dates():
    truth = copy.deepcopy(TRUTH)
    truth["positions"][0]["employer"] = "UNDP"
    predicted = copy.deepcopy(truth)
    predicted["positions"].reverse()
    predicted["positions"][0]["title"] = "Programme Officer, Victim Assistance (P-3)"

    scores = score_profile(predicted, truth)

    assert counts(scores, "position.dates") == (2, 2, 2)
    assert counts(scores, "position.title") == (2, 2, 2)


@pytest.mark.parametrize(
    ("employer", "start", "end"),
    [("Mines Advisory Group", "2010-01", "2015-02"), ("UNDP", "2001-01", "2004-12")],
    ids=["other employer, same dates", "same employer, dates that do not overlap"],
)
def test_a_position_pairs_only_on_a_similar_employer_and_overlapping_dates(employer, start, end):
    predicted = perfect_prediction()
    predicted["positions"][1].update(employer=employer, start=start, end=end)

    scores = score_profile(predicted, TRUTH)

    assert counts(scores, "position.employer") == (1, 2, 2)
    assert counts(scores, "position.title") == (1, 2, 2)


def test_a_title_must_keep_at_least_half_of_its_words():
    predicted = perfect_prediction()
    predicted["positions"][0]["title"] = "HEAD OF PROGRAMME"
    predicted["positions"][1]["title"] = "Officer"

    scores = score_profile(predicted, TRUTH)

    assert counts(scores, "position.title") == (1, 2, 2)
    assert similar_text(
        "Adviser, Cooperation and Assistance", "Cooperation and Assistance Adviser", 90
    )
    assert not similar_text("Adviser", "Adviser, Cooperation and Assistance", 90)


def test_an_extra_predicted_degree_lowers_precision_only():
    predicted = perfect_prediction()
    predicted["education"].append(
        {
            "level": "other",
            "degree_as_written": "Certificate",
            "field": "project management",
            "field_as_written": "Project Management",
            "institution": "PMI",
            "year_completed": 2012,
        }
    )

    scores = score_profile(predicted, TRUTH)

    for field in ("level", "field", "institution", "year"):
        assert counts(scores, f"education.{field}") == (2, 3, 2)
        assert scores[f"education.{field}"].recall == 1.0


def test_degrees_pair_on_name_or_on_level_and_year_and_fields_compare_loosely():
    predicted = perfect_prediction()
    predicted["education"].reverse()
    master = predicted["education"][1]
    master.update(
        degree_as_written="Master of Laws", field=None, field_as_written="public international law"
    )
    bachelor = predicted["education"][0]
    bachelor.update(level="master", year_completed=2007)

    scores = score_profile(predicted, TRUTH)

    assert counts(scores, "education.field") == (2, 2, 2)
    assert counts(scores, "education.level") == (1, 2, 2)
    assert counts(scores, "education.year") == (1, 2, 2)


@pytest.mark.parametrize(
    "written", ["+41 22 123 45 67", "0041221234567", "+41 (0)22 123 45 67", "+41-22-123-4567"]
)
def test_phone_numbers_compare_by_their_digits(written):
    predicted = perfect_prediction()
    predicted["contact"]["phone"] = written

    assert counts(score_profile(predicted, TRUTH), "contact.phone") == (1, 1, 1)
    assert phone_digits(written) == "41221234567"


def test_contact_missing_counts_against_recall_and_wrong_against_both():
    predicted = perfect_prediction()
    predicted["contact"].update(name="  AMINA   DIALLO ", email="Amina.Diallo@Example.org")
    predicted["contact"].update(phone=None, city="Lausanne", country="")

    scores = score_profile(predicted, TRUTH)

    assert counts(scores, "contact.name") == (1, 1, 1)
    assert counts(scores, "contact.email") == (1, 1, 1)
    assert counts(scores, "contact.phone") == (0, 0, 1)
    assert counts(scores, "contact.city") == (0, 1, 1)
    assert counts(scores, "contact.country") == (0, 0, 1)
    assert scores["contact.phone"].precision == 0.0
    assert scores["contact.city"].f1 == 0.0


def test_languages_pair_on_the_english_name_and_a_repeat_is_a_false_positive():
    predicted = perfect_prediction()
    predicted["languages"] = [
        {"language": "french", "level": "native"},
        {"language": "English", "level": "working"},
        {"language": "English", "level": "fluent"},
    ]

    scores = score_profile(predicted, TRUTH)

    assert counts(scores, "language.name") == (2, 3, 2)
    assert counts(scores, "language.level") == (2, 3, 2)


def test_an_empty_profile_scores_zero_and_counts_every_expected_value():
    scores = score_profile({}, TRUTH)

    assert counts(scores, "position.dates") == (0, 0, 2)
    assert counts(scores, "contact.name") == (0, 0, 1)
    assert scores["language.level"].f1 == 0.0


def test_counts_add_up_over_cvs():
    perfect = score_profile(perfect_prediction(), TRUTH)
    empty = score_profile({}, TRUTH)

    total = sum_scores([perfect, empty])

    assert counts(total, "position.title") == (2, 2, 4)
    assert total["position.title"].precision == 1.0
    assert total["position.title"].recall == 0.5
    assert total["position.title"].f1 == pytest.approx(2 / 3)


def test_ratios_with_nothing_to_divide_by():
    assert (FieldCounts().precision, FieldCounts().recall, FieldCounts().f1) == (1.0, 1.0, 1.0)
    assert FieldCounts(0, 0, 3).precision == 0.0
    assert FieldCounts(0, 2, 0).recall == 0.0


def test_greedy_pairing_takes_the_best_score_first_and_uses_each_side_once():
    truths = [{"v": 1}, {"v": 2}]
    predictions = [{"v": 2}, {"v": 1}, {"v": 1}]

    def closeness(truth, predicted):
        return (
            None if abs(truth["v"] - predicted["v"]) > 1 else 10 - abs(truth["v"] - predicted["v"])
        )

    assert pair_greedily(truths, predictions, closeness) == [(0, 1), (1, 0)]
