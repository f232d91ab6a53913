"""The debrief's charts, drawn with matplotlib: inline SVG for the page, PNG for the PDF.

Two charts: the ranking with its spread (each candidate's weighted mean as a dot, the
lowest and highest rater's weighted score as a bar, best first), and one chart per
candidate of the score distribution per competency (a dot per score given, larger where
several raters gave it, the raters' mean as a diamond and any consensus as a square).
Figures are made with the object API (`Figure`, Agg canvas): no pyplot, no files; since
matplotlib's settings are global, one chart is drawn at a time. Speed: the frame of a
chart (axes, row labels, ticks, grid) is made once per set of row labels and reused, each
kind of mark is one artist, a raster chart draws only its marks over the frame's cached
pixels, and a chart drawn for the same figures before is served from a small in-process
cache. On the page, text stays text in the SVG (`svg.fonttype: none`) so screen readers
can read it; every id in an SVG is prefixed with the chart's own id, since several
charts share one HTML page; each chart is an `<svg role="img">` labelled by a `<title>`.
For the PDF (`raster=True`) a chart is an `<img>` of an RGB PNG at print resolution with
the title as its `alt`: WeasyPrint takes seconds to lay out and draw fifty inline SVGs
and a fraction of that to place images; the names stay text in the tables beside them.
Texts (titles, axis labels) come from the caller, already translated.
"""

from __future__ import annotations

import base64
import html
import io
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from services.scoring.domain.aggregate import CandidateResult
from services.scoring.domain.panel import MAX_SCORE, MIN_SCORE

# Colours with at least 4.5:1 contrast on white (WCAG AA), for marks and their text.
INK = "#1f2d3d"
MEAN = "#0b5cad"
SPREAD = "#5f6b7a"
CONSENSUS = "#a4161a"
RC = {
    "svg.fonttype": "none",
    "font.size": 9,
    "axes.edgecolor": SPREAD,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}
ROW_INCHES = 0.32
WIDTH_INCHES = 7.0
# Fixed margins instead of tight_layout, which draws the whole figure once more only to
# measure it; the left margin is the widest row label, measured once per frame, plus
# the ticks and their padding.
LABEL_MARGIN_INCHES = 0.15
TOP_INCHES, BOTTOM_INCHES = 0.12, 0.55
CACHE_SIZE = 2048
# A ranking's labels (rank and name) change with every ranking, and its print frame of
# 50 rows holds tens of megabytes of pixels: only the per-candidate frames are kept.
REUSED_FRAMES = frozenset({"distribution"})
FRAMES_SIZE = 8
# Print resolution of the PDF's raster charts: sharp on paper, and WeasyPrint embeds an
# image in a fraction of the time it takes to draw the same chart from SVG.
PRINT_DPI = 200
_cache: OrderedDict[str, str] = OrderedDict()
_frames: OrderedDict[tuple[tuple[str, tuple[str, ...], str], bool], _Frame] = OrderedDict()
# matplotlib's settings (`rc_context`) are global to the process: one chart at a time.
_drawing = threading.Lock()


def ranking_chart(
    ranking: Sequence[CandidateResult],
    chart_id: str,
    title: str,
    axis_label: str,
    *,
    raster: bool = False,
) -> str:
    """Weighted mean (dot) and raters' min-max (bar) per candidate, best first; a rank
    shared by several candidates is labelled "2=" as in the table."""
    rows = [(r.rank, r.candidate_name, r.weighted_mean, r.min, r.max) for r in ranking]
    shared_ranks = Counter(rank for rank, *_ in rows)
    labels = tuple(
        f"{rank}{'=' if shared_ranks[rank] > 1 else '.'} {name}" for rank, name, *_ in rows
    )

    def draw(axes: Any) -> None:
        positions = range(len(rows))
        axes.hlines(
            positions,
            [low for *_, low, _high in rows],
            [high for *_, high in rows],
            color=SPREAD,
            linewidth=3,
            capstyle="projecting",
        )
        _marks(
            axes,
            [(mean, position) for position, (_r, _n, mean, *_) in enumerate(rows)],
            "o",
            MEAN,
            7,
        )

    key = repr((rows, chart_id, title, axis_label, raster))
    return _cached(key, ("ranking", labels, axis_label), draw, chart_id, title, raster)


def distribution_chart(
    candidate: CandidateResult,
    scores: Mapping[tuple[str, str], Sequence[int]],
    chart_id: str,
    title: str,
    axis_label: str,
    *,
    raster: bool = False,
) -> str:
    """Every rater's score per competency for one candidate, with mean and consensus."""
    rows = [
        (
            c.competency,
            tuple(scores.get((candidate.application_id, c.competency), ())),
            c.mean,
            c.consensus,
        )
        for c in candidate.competencies
    ]
    labels = tuple(name for name, *_ in rows)

    def draw(axes: Any) -> None:
        dots_by_size: dict[float, list[tuple[float, int]]] = defaultdict(list)
        for position, (_name, given, _mean, _consensus) in enumerate(rows):
            for score in sorted(set(given)):
                dots_by_size[4 + 2.5 * given.count(score)].append((score, position))
        for size, dots in sorted(dots_by_size.items()):
            _marks(axes, dots, "o", SPREAD, size)
        means = [(m, position) for position, (*_, m, _c) in enumerate(rows) if m is not None]
        agreed = [(c, position) for position, (*_, c) in enumerate(rows) if c is not None]
        _marks(axes, means, "D", MEAN, 6)
        _marks(axes, agreed, "s", CONSENSUS, 7, alpha=0.9)

    key = repr((rows, chart_id, title, axis_label, raster))
    return _cached(key, ("distribution", labels, axis_label), draw, chart_id, title, raster)


def _marks(
    axes: Any,
    points: Sequence[tuple[float, int]],
    marker: str,
    color: str,
    size: float,
    alpha: float | None = None,
) -> None:
    """Marks of one kind and size as one line without a line: one artist to draw instead
    of one per mark, and in SVG one path definition that every mark reuses."""
    if points:
        axes.plot(
            [x for x, _ in points],
            [y for _, y in points],
            marker,
            color=color,
            markersize=size,
            alpha=alpha,
        )


def _cached(
    key: str,
    frame_key: tuple[str, tuple[str, ...], str],
    draw: Callable[[Any], None],
    chart_id: str,
    title: str,
    raster: bool,
) -> str:
    """The chart drawn for these exact figures before, or drawn now. A debrief is viewed
    many times and changes only when a sheet or a consensus comes in."""
    with _drawing:
        found = _cache.get(key)
        if found is None:
            with matplotlib.rc_context(RC):
                frame = _frame(frame_key, raster)
                try:
                    draw(frame.axes)
                    found = _png(frame, title) if raster else _svg(frame.figure, chart_id, title)
                finally:
                    for marks in [*frame.axes.collections, *frame.axes.lines]:
                        marks.remove()
            _cache[key] = found
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        return found


@dataclass
class _Frame:
    """A chart without its marks: figure, axes, row labels, score axis and grid."""

    figure: Figure
    axes: Any
    background: Any = None  # a raster frame's pixels, to draw only the marks over


def _frame(frame_key: tuple[str, tuple[str, ...], str], raster: bool) -> _Frame:
    """The frame for these row labels, made once and reused: every candidate's chart has
    the same competencies, and making the axes and their ticks, and drawing them, is
    most of the time of a chart. `_cached` removes the marks after use."""
    found = _frames.get((frame_key, raster))
    if found is not None:
        _frames.move_to_end((frame_key, raster))
        return found
    kind, labels, axis_label = frame_key
    height = TOP_INCHES + BOTTOM_INCHES + ROW_INCHES * max(len(labels), 1)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=PRINT_DPI if raster else 72)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_yticks(list(range(len(labels))), labels)
    axes.set_ylim(len(labels) - 0.5, -0.5)  # first row on top
    _score_axis(axes)
    axes.set_xlabel(axis_label)
    renderer = canvas.get_renderer()
    widest = max((t.get_window_extent(renderer).width for t in axes.get_yticklabels()), default=0)
    left = widest / figure.dpi + LABEL_MARGIN_INCHES
    figure.subplots_adjust(
        left=min(left, WIDTH_INCHES / 2) / WIDTH_INCHES,
        right=1 - 0.15 / WIDTH_INCHES,
        top=1 - TOP_INCHES / height,
        bottom=BOTTOM_INCHES / height,
    )
    frame = _Frame(figure, axes)
    if raster:
        canvas.draw()
        frame.background = canvas.copy_from_bbox(figure.bbox)
    if kind in REUSED_FRAMES:
        _frames[(frame_key, raster)] = frame
        while len(_frames) > FRAMES_SIZE:
            _frames.popitem(last=False)
    return frame


def _score_axis(axes: object) -> None:
    axes.set_xlim(MIN_SCORE - 0.3, MAX_SCORE + 0.3)  # type: ignore[attr-defined]
    axes.set_xticks(range(MIN_SCORE, MAX_SCORE + 1))  # type: ignore[attr-defined]
    axes.grid(axis="x", color="#d0d7de", linewidth=0.6)  # type: ignore[attr-defined]
    axes.set_axisbelow(True)  # type: ignore[attr-defined]
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)  # type: ignore[attr-defined]


def _svg(figure: Figure, chart_id: str, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'id="([^"]+)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{chart_id}-\1"', svg)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    # The pages' Content-Security-Policy refuses inline CSS, so matplotlib's style
    # attributes and its <style> element become SVG presentation attributes.
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r'style="([^"]*)"', _presentation_attributes, svg)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1)
    title_id = f"{chart_id}-title"
    opening = (
        f'<svg role="img" aria-labelledby="{title_id}" class="chart" id="{chart_id}" '
        'stroke-linejoin="round" stroke-linecap="butt" '
    )
    return svg.replace("<svg ", opening, 1).replace(
        ">", f'><title id="{title_id}">{_escape(title)}</title>', 1
    )


def _png(frame: _Frame, title: str) -> str:
    """The chart as an RGB PNG in an `<img>` with the title as its text alternative: the
    frame's pixels with only the marks drawn over them. RGB, not matplotlib's RGBA:
    WeasyPrint would split an alpha channel into a second image."""
    canvas = frame.figure.canvas
    canvas.restore_region(frame.background)
    for marks in [*frame.axes.collections, *frame.axes.lines]:
        frame.axes.draw_artist(marks)
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba()).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="chart" src="data:image/png;base64,{data}" alt="{html.escape(title)}">'


def _presentation_attributes(match: re.Match[str]) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            attributes.append(f'{name.strip()}="{value.strip()}"')
    return " ".join(attributes)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
