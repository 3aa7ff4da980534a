"""Every threshold the analysis uses, with where it comes from, and the
``[analysis]`` table of ``<data dir>/config.toml`` that overrides them.

    [analysis]
    pace_slow_below_wpm = 110
    pause_long_s = 1.5

docs/analysis.md explains each figure and its source.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from voice_interview.records import paths
from voice_interview.errors import BadInputError

CONFIG_NAME = "config.toml"


@dataclass(frozen=True)
class Thresholds:
    # Speaking rate over the answer: 120–160 wpm is conversational.
    pace_slow_below_wpm: float = 120.0
    pace_fast_above_wpm: float = 160.0
    # Articulation rate (pauses taken out): no published norm in words per
    # minute; set so typical pausing in the conversational band lands inside.
    articulation_slow_below_wpm: float = 140.0
    articulation_fast_above_wpm: float = 210.0
    # A silence between words counts as a pause from 250 ms (De Jong & Bosker 2013).
    pause_min_s: float = 0.25
    pause_long_s: float = 1.0
    pause_very_long_s: float = 2.5
    # From the end of the question (and any think time) to the first word.
    latency_long_s: float = 3.0
    # Answer length against the question's suggested length.
    length_short_below_ratio: float = 0.5
    length_long_above_ratio: float = 1.5
    # Fillers per 100 words above which the band says "many".
    fillers_many_above_per_100_words: float = 3.0
    # Acoustic hesitations: voiced sound between transcribed words.
    hesitation_min_s: float = 0.2
    hesitation_level_above_floor_db: float = 12.0
    hesitation_voicing_min: float = 0.55
    hesitation_edge_margin_s: float = 0.05
    # Talking points: distinct cues needed to count one as covered.
    talking_point_min_cues: int = 1
    # Words Whisper gave a probability below this are "unsure": shown dimmed,
    # and a talking point heard only in them is "unclear", not covered.
    low_confidence_below: float = 0.5
    # Voice variety: pitch s.d. (semitones, 8 s windows) below which an
    # answer reads as monotone.
    monotone_below_st: float = 2.0
    # Most-used words: how many to show, and how often a word must occur.
    top_words: int = 5
    top_words_min_count: int = 2

    def as_dict(self) -> dict:
        return asdict(self)


ORDERED_PAIRS = (
    ("pace_slow_below_wpm", "pace_fast_above_wpm"),
    ("articulation_slow_below_wpm", "articulation_fast_above_wpm"),
    ("pause_min_s", "pause_long_s"),
    ("pause_long_s", "pause_very_long_s"),
    ("length_short_below_ratio", "length_long_above_ratio"),
)


def config_path() -> Path:
    return paths.data_dir() / CONFIG_NAME


def load_thresholds(path: Path | None = None) -> Thresholds:
    """The defaults, overridden by the ``[analysis]`` table of config.toml
    when there is one. A bad file raises one ``BadInputError`` line."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Thresholds()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{path}: cannot read the settings ({exc}); fix or remove the file") from None
    try:
        table = tomllib.loads(text).get("analysis", {})
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(f"{path}: TOML syntax error: {exc}; fix or remove the file") from None
    if not isinstance(table, dict):
        raise BadInputError(f"{path}: [analysis] must be a table of settings")
    return thresholds_from(table, str(path))


def thresholds_from(table: dict, where: str = "config.toml") -> Thresholds:
    known = [f.name for f in fields(Thresholds)]
    defaults = Thresholds()
    values = {}
    for key, value in table.items():
        if key not in known:
            raise BadInputError(
                f"{where}: unknown setting [analysis] {key}; docs/analysis.md lists them "
                f"({', '.join(list(known)[:3])}, ...)"
            )
        wanted_int = isinstance(getattr(defaults, key), int)
        wrong_type = not isinstance(value, (int, float)) or (wanted_int and not isinstance(value, int))
        if isinstance(value, bool) or wrong_type:
            kind = "a whole number" if wanted_int else "a number"
            raise BadInputError(f"{where}: [analysis] {key} must be {kind}, not {value!r}")
        if value < 0:
            raise BadInputError(f"{where}: [analysis] {key} must not be negative ({value})")
        values[key] = value if wanted_int else float(value)
    result = replace(defaults, **values)
    for low, high in ORDERED_PAIRS:
        if getattr(result, low) >= getattr(result, high):
            raise BadInputError(
                f"{where}: [analysis] {low} ({getattr(result, low):g}) must be below "
                f"{high} ({getattr(result, high):g})"
            )
    return result
