"""The few ways seconds are printed (records/timefmt.py), byte for byte as
the screens, pages and subtitles have always shown them."""

from __future__ import annotations

import pytest

from voice_interview.records.timefmt import clock, running_clock, seconds_text, subtitle_time


@pytest.mark.parametrize("seconds, shown", [(None, "–"), (0, "0:00"), (59.5, "1:00"), (65.4, "1:05"), (600, "10:00")])
def test_clock_rounds_to_the_second(seconds, shown):
    assert clock(seconds) == shown


@pytest.mark.parametrize("seconds, shown", [(0.99, "0:00"), (59.99, "0:59"), (65.4, "1:05"), (3600, "60:00")])
def test_a_running_clock_never_shows_a_second_not_yet_passed(seconds, shown):
    assert running_clock(seconds) == shown


@pytest.mark.parametrize("seconds, shown", [(None, "—"), (0, "0.0 s"), (1.25, "1.2 s"), (12.06, "12.1 s")])
def test_seconds_text(seconds, shown):
    assert seconds_text(seconds) == shown


@pytest.mark.parametrize("seconds, separator, shown", [
    (0, ",", "00:00:00,000"),
    (3725.2504, ",", "01:02:05,250"),
    (59.9996, ".", "00:01:00.000"),
])
def test_subtitle_time(seconds, separator, shown):
    assert subtitle_time(seconds, separator) == shown
