"""Plots for the HTML pages, drawn by matplotlib and returned as inline SVG.

matplotlib is imported here only, inside the functions, so nothing else
pays for it. Figures are made with ``matplotlib.figure.Figure`` and saved
straight to SVG (no pyplot, no global backend state: matplotlib's own advice
for pages built by a program). Text stays text (``svg.fonttype = none``),
so a plot is small and its labels are searchable; each figure gets its own
``svg.hashsalt`` so the ids of two figures in one page never collide.
No session text (questions, transcripts) is ever drawn into a plot.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

SPEECH = "#3b6ea5"
PAUSE = "#c9ced6"
LONG_PAUSE = "#e8913a"
HESITATION = "#c0392b"
FILLER = "#7d3c98"
BAND = "#dff0d8"
LINE = "#2c3e50"

# The timeline's axes span this part of the figure's width, so the page's
# script can put a playhead over the plot and turn a click into a time.
TIMELINE_LEFT = 0.03
TIMELINE_RIGHT = 0.97


@dataclass(frozen=True)
class Timeline:
    svg: str
    duration_s: float
    left: float = TIMELINE_LEFT
    right: float = TIMELINE_RIGHT


def _svg(figure, salt: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    # Inline SVG needs neither the XML declaration nor the DOCTYPE.
    return text[text.index("<svg"):]


def _style(axes) -> None:
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8, colors="#555555", length=3)


def speech_spans(words, pause_min_s: float) -> list[tuple[float, float]]:
    """Stretches of speech: word times merged across gaps shorter than a pause."""
    spans: list[list[float]] = []
    for word in words:
        if spans and word.start_s - spans[-1][1] < pause_min_s:
            spans[-1][1] = max(spans[-1][1], word.end_s)
        else:
            spans.append([word.start_s, word.end_s])
    return [(a, b) for a, b in spans]


def timeline(words, duration_s: float, *, pause_min_s: float, pause_long_s: float,
             hesitations=(), fillers=(), salt: str = "timeline") -> Timeline:
    """One answer on a time axis: speech, pauses (long ones marked),
    hesitations heard between words, and fillers (TimedSpan and FoundWord
    of the typed analysis)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    words = [w for w in words if w.end_s >= w.start_s]
    end_s = max([duration_s] + [w.end_s for w in words[-1:]]) or 1.0
    spans = speech_spans(words, pause_min_s)
    gaps = [(a[1], b[0]) for a, b in zip(spans, spans[1:])]
    short = [(a, b - a) for a, b in gaps if b - a <= pause_long_s]
    long = [(a, b - a) for a, b in gaps if b - a > pause_long_s]

    figure = Figure(figsize=(7, 1.2))
    figure.subplots_adjust(left=TIMELINE_LEFT, right=TIMELINE_RIGHT, bottom=0.45, top=0.98)
    axes = figure.add_subplot()
    lane = (0.3, 0.4)
    axes.broken_barh([(a, b - a) for a, b in spans], lane, color=SPEECH)
    axes.broken_barh(short, lane, color=PAUSE)
    axes.broken_barh(long, lane, color=LONG_PAUSE)
    axes.broken_barh([(h.start_s, h.end_s - h.start_s) for h in hesitations], (0.2, 0.6),
                     color=HESITATION)
    if fillers:
        axes.plot([f.start_s for f in fillers], [0.85] * len(fillers), "v", color=FILLER, markersize=6)
    axes.set_xlim(0, end_s)
    axes.set_ylim(0, 1)
    axes.set_yticks([])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g} s"))
    _style(axes)
    legend = [Patch(color=SPEECH, label="speech"), Patch(color=PAUSE, label=f"pause ≤ {pause_long_s:g} s"),
              Patch(color=LONG_PAUSE, label=f"pause > {pause_long_s:g} s"),
              Patch(color=HESITATION, label="hesitation")]
    if fillers:
        legend.append(Line2D([], [], marker="v", linestyle="", color=FILLER, label="filler word"))
    figure.legend(handles=legend, loc="lower center", ncol=len(legend), fontsize=8, frameon=False,
                  bbox_to_anchor=(0.5, -0.04), handlelength=1.2, columnspacing=1.5)
    return Timeline(svg=_svg(figure, salt), duration_s=end_s)


def metric_trend(points: list[tuple[str, float | None]], *, band: tuple[float, float] | None = None,
                 salt: str = "trend") -> str:
    """One metric across sessions: ``points`` are (short date, value) in
    session order; ``band`` shades the range counted as good."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure = Figure(figsize=(3.6, 1.8))
    figure.subplots_adjust(left=0.12, right=0.97, bottom=0.16, top=0.95)
    axes = figure.add_subplot()
    xs = [i for i, (_, v) in enumerate(points) if v is not None]
    ys = [v for _, v in points if v is not None]
    if band is not None:
        axes.axhspan(band[0], band[1], color=BAND, zorder=0, label="good range")
    axes.plot(xs, ys, "-", color=LINE, linewidth=1.4, marker="o" if len(xs) <= 60 else None, markersize=4)
    labels = [label for label, _ in points]
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: labels[int(x)] if 0 <= int(x) < len(labels) and x == int(x) else ""))
    axes.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    low = min(ys + ([band[0]] if band else []), default=0.0)
    high = max(ys + ([band[1]] if band else []), default=1.0)
    margin = (high - low) * 0.15 or max(abs(high) * 0.2, 1.0)
    axes.set_ylim(0.0 if low >= 0 else low - margin, high + margin)
    axes.grid(axis="y", color="#eeeeee", linewidth=0.8)
    axes.set_axisbelow(True)
    _style(axes)
    axes.spines["left"].set_visible(True)
    axes.spines["left"].set_color("#cccccc")
    return _svg(figure, salt)
