"""Ctrl-C that lands where Python drops the exception: in a finalizer
(``__del__``), or in library code with a broad ``except``. The answer must
still stop, and without a terminal the interview must still end."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from tests.test_interview_core import ScriptedUI, make_interview
from voice_interview.edges.base import Recording, RecordingLimits
from voice_interview.edges.fakes import FakeRecorder, write_silence
from voice_interview.edges.recording import record_blocks
from voice_interview.core.interview import InterviewStopped


def ctrl_c_in(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


class SlowToFinalize:
    def __del__(self):
        time.sleep(0.3)  # Ctrl-C lands here; Python reports it as "Exception ignored" and goes on


def test_ctrl_c_inside_a_finalizer_still_stops_the_recording(tmp_path):
    import numpy as np

    def blocks():
        for _ in range(40):  # 4 s of audio
            SlowToFinalize()  # dropped at once: its __del__ runs inside the loop
            yield np.zeros(1600, dtype="int16")

    timer = ctrl_c_in(0.1)
    recording = record_blocks(blocks(), tmp_path / "a.wav", 16000, RecordingLimits(max_answer_s=None),
                              lambda elapsed_s, level: False)
    timer.join()
    assert recording.stopped_by == "interrupted" and recording.duration_s <= 0.5, recording


class SwallowingRecorder(FakeRecorder):
    """A recorder whose library drops the KeyboardInterrupt of a Ctrl-C."""

    def record(self, dest, limits, monitor):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        except KeyboardInterrupt:
            pass
        write_silence(dest, 1.0)
        return Recording(path=dest, duration_s=1.0, stopped_by="enter")


def test_a_swallowed_ctrl_c_still_ends_the_interview_without_a_terminal():
    ui = ScriptedUI(go_on=[False])  # what ConsoleUI answers without a terminal
    interview = make_interview(ui, recorder=SwallowingRecorder(), count=3)
    with pytest.raises(InterviewStopped) as stopped:
        interview.run(interview.start())
    assert [e for e in ui.events if e[0] == "question"] == [("question", 1, 3)]
    assert stopped.value.session.status == "interrupted" and len(stopped.value.session.answers) == 1
