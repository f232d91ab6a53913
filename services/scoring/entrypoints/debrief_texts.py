"""The debrief's words: what each agreement figure is and how to read it, in the viewer's
language (Flask-Babel), for the page, the PDF and the API.

The domain (`domain.agreement`) gives codes (a statistic, a band, a reason it cannot be
computed); this module turns them into sentences and cites the bands used, so that a
panel member without statistics can read "ICC(2,k) = 0.62, moderate" correctly.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from services.scoring.domain import agreement as ag

NAMES = {
    ag.KENDALL_W: _l("Kendall's W (do the raters put the candidates in the same order?)"),
    ag.ICC_2_1: _l("ICC(2,1): two-way random effects, absolute agreement, one rater"),
    ag.ICC_2_K: _l("ICC(2,k): two-way random effects, absolute agreement, the panel's mean"),
    ag.KRIPPENDORFF_ALPHA: _l("Krippendorff's alpha, interval level (uses every rating)"),
}
SOURCES = {
    ag.KENDALL_W: _l(
        "Bands of Schmidt (1997): 0.1 very weak, 0.3 weak, 0.5 moderate, "
        "0.7 strong, 0.9 unusually strong."
    ),
    ag.ICC_2_1: _l(
        "Bands of Koo & Li (2016): below 0.5 poor, 0.5 to 0.75 moderate, "
        "0.75 to 0.9 good, above 0.9 excellent."
    ),
    ag.KRIPPENDORFF_ALPHA: _l(
        "Thresholds of Krippendorff (2004): 0.8 or more reliable; "
        "0.667 to 0.8 for tentative conclusions only; below, unreliable."
    ),
}
SOURCES[ag.ICC_2_K] = SOURCES[ag.ICC_2_1]
BANDS = {
    "unusually_strong": _l("unusually strong agreement"),
    "strong": _l("strong agreement"),
    "moderate": _l("moderate agreement"),
    "weak": _l("weak agreement"),
    "very_weak": _l("very weak agreement"),
    "none": _l("no agreement"),
    "excellent": _l("excellent reliability"),
    "good": _l("good reliability"),
    "poor": _l("poor reliability"),
    "reliable": _l("reliable"),
    "tentative": _l("good enough for tentative conclusions only"),
    "unreliable": _l("unreliable"),
}
REASONS = {
    ag.ONE_RATER: _l("Not computable: it needs at least two raters."),
    ag.FEW_CANDIDATES: _l(
        "Not computable: it needs at least three candidates scored by the raters it compares."
    ),
    ag.NO_VARIATION: _l(
        "Not computable: every score is the same, so there is no ordering or spread to agree on."
    ),
}


def reading(statistic: ag.Agreement) -> str:
    """One plain sentence on what the figure says, with the caveats that apply."""
    if statistic.not_computable:
        return str(REASONS[statistic.not_computable])
    sentences = [
        _("%(value).2f: %(band)s.", value=statistic.value, band=BANDS[statistic.band or "none"])
    ]
    if statistic.ci_low is not None and statistic.ci_high is not None:
        sentences.append(
            _(
                "With 95%% confidence it lies between %(low).2f (%(low_band)s) and "
                "%(high).2f (%(high_band)s).",
                low=statistic.ci_low,
                high=statistic.ci_high,
                low_band=BANDS[ag.band_of(statistic.statistic, statistic.ci_low)],
                high_band=BANDS[ag.band_of(statistic.statistic, statistic.ci_high)],
            )
        )
    if statistic.wide_interval:
        sentences.append(
            _(
                "Wide interval: %(candidates)d candidates x %(raters)d raters is a small "
                "sample, so read the figure as a rough indication only.",
                candidates=statistic.candidates_used,
                raters=statistic.raters,
            )
        )
    if statistic.candidates_dropped:
        sentences.append(
            _(
                "%(count)d candidate(s) left out: this figure needs every rater's score and "
                "some raters were recused or had not scored.",
                count=statistic.candidates_dropped,
            )
            if statistic.statistic != ag.KRIPPENDORFF_ALPHA
            else _(
                "%(count)d candidate(s) left out: scored by fewer than two raters.",
                count=statistic.candidates_dropped,
            )
        )
    return " ".join(sentences)


def describe(statistic: ag.Agreement) -> dict[str, Any]:
    """The figure with its name, source of the bands and reading, for pages and the API."""
    return {
        **statistic.to_dict(),
        "name": str(NAMES[statistic.statistic]),
        "bands_source": str(SOURCES[statistic.statistic]),
        "reading": reading(statistic),
        "band_text": str(BANDS[statistic.band]) if statistic.band else None,
    }
