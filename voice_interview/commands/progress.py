"""``voice-interview progress``: how the metrics move across sessions."""

from __future__ import annotations

from pathlib import Path

import click

from voice_interview.records import paths
from voice_interview.analysis import load_thresholds
from voice_interview.analysis.history import load_analysed_sessions, load_progress_entries
from voice_interview.analysis.progress import progress_from_entries
from voice_interview.analysis.progress_report import ProgressReport
from voice_interview.commands.options import echo_json, json_option

TABLE_ROWS = 12
LINE_WIDTH = 79  # an 80-column terminal, with the last column free
# (metric, column heading, unit line, format)
COLUMNS = (
    ("words_per_minute", "Pace", "wpm", "{:.0f}"),
    ("long_pauses", "Pauses", ">1 s", "{:.1f}"),
    ("fillers_per_100_words", "Fillers", "/100 w", "{:.1f}"),
    ("hesitations_per_minute", "Hesit.", "/min", "{:.1f}"),
    ("talking_points_percent", "Points", "%", "{:.0f}"),
    ("star_parts", "STAR", "/4", "{:.1f}"),
)
ARROWS = {"better": "better", "worse": "worse", "steady": "steady", None: ""}
DIGITS = {"words_per_minute": 0, "talking_points_percent": 0, "length_ratio": 2, "response_latency_s": 1}


def _when(session_id: str) -> str:
    day, clock = session_id.split("-")[:2]
    return f"{day[:4]}-{day[4:6]}-{day[6:]} {clock[:2]}:{clock[2:4]}"


def _fmt(value, pattern: str) -> str:
    return "–" if value is None else pattern.format(value)


def render(report: ProgressReport, skipped: int) -> list[str]:
    rows = report.sessions
    lines = [f"Progress over {len(rows)} session{'s' if len(rows) != 1 else ''}, {report.answers} answers"]
    if skipped:
        lines.append(f"({skipped} damaged session file{'s' if skipped != 1 else ''} skipped)")
    lines.append("")
    head = f"{'Session':<17} {'Answers':>7}" + "".join(f" {c[1]:>7}" for c in COLUMNS)
    units = f"{'':<17} {'':>7}" + "".join(f" {c[2]:>7}" for c in COLUMNS)
    lines += [head, units]
    shown = rows[-TABLE_ROWS:]
    for row in shown:
        cells = "".join(f" {_fmt(row.metrics[c[0]], c[3]):>7}" for c in COLUMNS)
        lines.append(f"{_when(row.session_id):<17} {row.answers:>7}{cells}")
    if len(rows) > len(shown):
        lines.append(f"(the latest {len(shown)} of {len(rows)} sessions; --json has them all)")
    lines += ["", "Trend, first session → latest"]
    for name, trend in report.trends.items():
        if trend.sessions == 0:
            continue
        pattern = f"{{:.{DIGITS.get(name, 1)}f}}"
        then, now = _fmt(trend.then, pattern), _fmt(trend.now, pattern)
        verdict = ARROWS[trend.direction] if trend.sessions > 1 else "(one session)"
        lines.append(f"  {trend.label:<15} {then:>6} → {now:<6} {trend.unit:<14} {verdict}")
    if report.retakes:
        lines += ["", "Retakes: the same question, first attempt → latest"]
        for retake in report.retakes:
            title = f"#{retake.question_number} {retake.question}"
            count = f" ({len(retake.attempts)} attempts)"
            room = LINE_WIDTH - 2 - len(count)
            lines.append(f"  {title if len(title) <= room else title[: room - 1] + '…'}{count}")
            changes = [
                f"{report.label(name).lower()} {_fmt(c.then, f'{{:.{DIGITS.get(name, 1)}f}}')} → "
                f"{_fmt(c.now, f'{{:.{DIGITS.get(name, 1)}f}}')}"
                + (f" {c.direction}" if c.direction not in (None, "steady") else "")
                for name, c in retake.changes.items()
                if c.measured
            ]
            lines += _wrap("; ".join(changes), "     ")
    return lines


def _wrap(text: str, indent: str, width: int = LINE_WIDTH) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent)


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write an HTML page with plots (works offline) instead.")
@json_option
def progress(output, as_json):
    """How your answers change across sessions: pace, pauses, latency,
    length, fillers, hedges, hesitations, talking points and STAR parts,
    per session, their trend from the first session to the latest, and
    for questions you answered again, the first attempt against the latest.

    Sessions analysed by an older version are analysed again (and saved).

    \b
    Examples:
      voice-interview progress
      voice-interview progress --json > progress.json
      voice-interview progress -o progress.html
    """
    limits = load_thresholds()
    if output:
        from voice_interview.outputs.report import write_progress_page

        sessions, _ = load_analysed_sessions(limits)
        click.echo(f"Wrote the progress page to {write_progress_page(output, sessions, limits)}")
        return
    entries, skipped = load_progress_entries(limits)
    report = progress_from_entries(entries, limits)
    if as_json:
        echo_json({**report.to_json(), "skipped_damaged": skipped})
        return
    if not report.sessions:
        click.echo(
            f"No answered sessions in {paths.sessions_dir()} yet: run `voice-interview demo` "
            "or `voice-interview run`, then come back."
        )
        return
    for line in render(report, skipped):
        click.echo(line)
