"""Voluntary diversity answers counted with small groups suppressed, and the privacy notice
a candidate consents to, version by version."""

import pytest

from services.intake.domain.diversity import (
    PREFER_NOT_TO_SAY,
    DiversityAnswers,
    InvalidDiversityAnswer,
    aggregate,
    diversity_answers,
)
from services.intake.domain.privacy import (
    CURRENT_VERSION,
    UnknownPrivacyNotice,
    is_known_version,
    privacy_notice,
)


def test_prefer_not_to_say_is_an_answer_to_every_question():
    answers = diversity_answers(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY)

    assert answers == DiversityAnswers(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY)
    assert answers.answered


def test_blank_answers_are_no_answers():
    answers = diversity_answers(" ", None, "")

    assert answers == DiversityAnswers() and not answers.answered


def test_a_nationality_is_a_country_code_in_any_case():
    assert diversity_answers(nationality="ke").nationality == "KE"


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("gender", {"gender": "female-ish"}),
        ("region", {"region": "europe"}),
        ("nationality", {"nationality": "Kenya"}),
        ("nationality", {"nationality": "XX"}),
    ],
)
def test_an_answer_off_the_choices_is_refused_naming_the_question(question, answers):
    with pytest.raises(InvalidDiversityAnswer) as refused:
        diversity_answers(**answers)

    assert refused.value.question == question
    assert refused.value.message


def test_groups_of_fewer_than_five_are_suppressed_and_only_counted_as_groups():
    answers = (
        [DiversityAnswers("woman", "KE", "african")] * 6
        + [DiversityAnswers("man", "FR", "western_european_and_others")] * 5
        + [DiversityAnswers("non_binary")] * 2
        + [DiversityAnswers()] * 1
    )

    report = aggregate("vac-1", "received", answers)

    assert report.applications == 14
    assert report.questions["gender"].counts == {"man": 5, "woman": 6}
    assert report.questions["gender"].suppressed_groups == 2  # non_binary (2), not answered (1)
    assert "non_binary" not in repr(report)
    assert report.questions["nationality"].counts == {"FR": 5, "KE": 6}
    assert report.questions["region"].suppressed_groups == 1


def test_a_small_stage_shows_no_group_at_all():
    report = aggregate("vac-1", "shortlisted", [DiversityAnswers("woman")] * 3)

    assert all(not counts.counts for counts in report.questions.values())


def test_the_current_privacy_notice_has_its_version_and_text():
    notice = privacy_notice()

    assert notice.version == CURRENT_VERSION
    assert "diversity" in notice.text.lower() and "withdraw" in notice.text.lower()
    assert privacy_notice(CURRENT_VERSION) == notice


def test_an_unknown_privacy_notice_version_is_not_one_to_consent_to():
    assert not is_known_version("1999-1")
    with pytest.raises(UnknownPrivacyNotice):
        privacy_notice("1999-1")
