"""The pairing of proposed with hand-made criteria by quoted text, used by the benchmarks."""

from bench.tor_extraction import compare_criterion, key_parameters, pair_by_quoted_text


def criterion(criterion_id: str, text: str, kind: str = "experience", **rule) -> dict:
    return {"id": criterion_id, "kind": kind, "mandatory": True, "text": text, "rule": rule}


def test_pairs_by_containment_without_case_or_spacing():
    truth = [criterion("T1", "Fluency in English, both oral and written, is required", "language")]
    proposed = [
        criterion("P1", "Knowledge of French is an asset.", "language"),
        criterion("P2", "FLUENCY in English,\n both oral and written, is required;", "language"),
    ]
    assert pair_by_quoted_text(proposed, truth)["T1"]["id"] == "P2"


def test_each_proposed_criterion_pairs_once_and_the_closest_wins():
    text = "A minimum of 10 years of experience in audit"
    truth = [criterion("T1", text), criterion("T2", "considerable experience in tax work")]
    proposed = [
        criterion("P1", text + " and considerable experience in tax work"),
        criterion("P2", text + "."),
    ]
    pairs = pair_by_quoted_text(proposed, truth)
    assert pairs["T1"]["id"] == "P2"
    assert pairs["T2"]["id"] == "P1"


def test_unrelated_texts_stay_unpaired():
    truth = [criterion("T1", "Experience in managing a mine action programme is desirable")]
    proposed = [criterion("P1", "Master's degree in law.", "education")]
    assert pair_by_quoted_text(proposed, truth) == {"T1": None}
    assert pair_by_quoted_text([], truth) == {"T1": None}


def test_comparison_of_kind_flag_type_and_parameters():
    truth = criterion("T", "x", type="experience_months", tag="a", min_months=120)
    same = criterion("P", "x", type="experience_months", tag="other_name", min_months=120)
    assert all(compare_criterion(same, truth).values())
    fewer = criterion("P", "x", type="experience_months", tag="a", min_months=96)
    assert compare_criterion(fewer, truth)["parameters"] is False
    assert key_parameters({"type": "language_any", "languages": ["French", "Arabic"]}) == {
        "languages": ["Arabic", "French"]
    }
