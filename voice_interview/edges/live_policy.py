"""When the live transcription transcribes, commits and cuts.

Pure arithmetic over sample counts and Silero's speech probabilities, one
per 32 ms window (``VAD_WINDOW`` samples at 16 kHz) from the start of the
answer: no Whisper, no ONNX, no files, no threads. edges/streaming.py
feeds it the scores and asks it what to do:

- when speech has been followed by ``SPECULATE_AFTER_SILENCE_S`` of
  silence, transcribe everything not yet committed, up to that silent
  point, as a *tentative* result: if the candidate says nothing more, it
  *stands* as the end of the transcript;
- when speech resumes after a tentative result at least ``MIN_CHUNK_S``
  long, *commit* it: its boundary lies in silence, so no word is cut.
  *Drop* shorter ones, to be redone with more context;
- pending audio that reaches ``MAX_PENDING_S`` without such a pause is cut
  at its longest silence and committed;
- ``finish()``: what is left to transcribe after the last result.

A tentative pass waits while it would take the audio fed to Whisper past
``SPECULATION_BUDGET`` times the audio heard so far (plus
``SPECULATION_SLACK_S``), so re-transcribing a growing answer (pause after
pause, each result dropped while shorter than MIN_CHUNK_S) stays near one
whole-file pass (issue 14: 11x with base, Norwegian). As a pause goes on
the audio heard grows, so a long pause is still used.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from voice_interview.records.wavfile import SAMPLE_RATE

WHISPER_RATE = SAMPLE_RATE  # what Whisper and Silero VAD take
VAD_WINDOW = 512  # samples per VAD score: 32 ms
SPEECH_THRESHOLD = 0.5  # faster_whisper.vad.VadOptions.threshold
SPEECH_LEAD_S = 0.4  # audio kept ahead of a chunk's first speech (VadOptions.speech_pad_ms)
# Speech Whisper skipped: this much VAD speech, starting this long after its
# last word, is transcribed again (a few times at most per chunk).
SKIPPED_SPEECH_S = 0.5
SKIP_TOLERANCE_S = 0.5
MAX_SKIP_REPAIRS = 3
SPECULATE_AFTER_SILENCE_S = 0.4
MIN_CHUNK_S = 8.0
MAX_PENDING_S = 24.0
SPECULATION_BUDGET = 1.5
SPECULATION_SLACK_S = 4.0
# Less than a recorder block (0.1 s), more than resampling shifts the length by.
MISSED_AUDIO_S = 0.05
REST_OF_FILE = "rest-of-file"  # Transcript.live_fallback values
WHOLE_FILE = "whole-file"


class SpeechScores:
    """The speech probabilities of the answer's windows, as the VAD gives
    them, and where they say speech is."""

    def __init__(self, probabilities=()) -> None:
        import numpy as np

        self._probabilities = np.zeros(0, dtype="float32")
        self.scored = 0  # samples scored so far (a multiple of VAD_WINDOW)
        self.last_speech_end = 0  # end sample of the last speech window
        self.extend(probabilities)

    def extend(self, probabilities) -> None:
        """Take the scores of the windows that follow."""
        import numpy as np

        probabilities = np.asarray(probabilities, dtype="float32").reshape(-1)
        speech = np.flatnonzero(probabilities >= SPEECH_THRESHOLD)
        if speech.size:
            self.last_speech_end = self.scored + (int(speech[-1]) + 1) * VAD_WINDOW
        self._probabilities = np.concatenate((self._probabilities, probabilities))
        self.scored += probabilities.size * VAD_WINDOW

    def speech_start(self, start: int, end: int) -> int | None:
        """``SPEECH_LEAD_S`` before the first speech in [start, end), not
        before ``start``; None if there is no speech."""
        import numpy as np

        first = start // VAD_WINDOW
        speech = np.flatnonzero(self._probabilities[first : -(-end // VAD_WINDOW)] >= SPEECH_THRESHOLD)
        if not speech.size:
            return None
        return max(start, (first + int(speech[0])) * VAD_WINDOW - int(SPEECH_LEAD_S * WHISPER_RATE))

    def skipped_speech(self, heard_until: int, end: int) -> int | None:
        """Where to resume when at least ``SKIPPED_SPEECH_S`` of speech lies
        between ``SKIP_TOLERANCE_S`` after ``heard_until`` and ``end``: a
        little before that speech, in the silence after what was heard."""
        import numpy as np

        first = -(-(heard_until + int(SKIP_TOLERANCE_S * WHISPER_RATE)) // VAD_WINDOW)
        speech = np.flatnonzero(self._probabilities[first : end // VAD_WINDOW] >= SPEECH_THRESHOLD)
        if speech.size * VAD_WINDOW < SKIPPED_SPEECH_S * WHISPER_RATE:
            return None
        onset = (first + int(speech[0])) * VAD_WINDOW
        return max(heard_until, onset - int(SKIP_TOLERANCE_S * WHISPER_RATE))

    def quietest_point(self, start: int) -> int:
        """A cut between ``start`` and the last scored sample: the middle of
        the longest run of silent windows in the later half, or failing
        one, the least speech-like window there."""
        import numpy as np

        first = start // VAD_WINDOW
        probabilities = self._probabilities[first:]
        half = probabilities.size // 2
        later = probabilities[half:]
        silent = later < SPEECH_THRESHOLD
        best_length, best_middle, run = 0, int(np.argmin(later)), 0
        for index, is_silent in enumerate(silent):
            run = run + 1 if is_silent else 0
            if run and run >= best_length:
                best_length, best_middle = run, index - run // 2
        return (first + half + best_middle) * VAD_WINDOW


@dataclass(frozen=True)
class Pass:
    """Transcribe the samples [start, end). Its result is committed, or
    with ``tentative`` waits for a verdict; the audio after it starts at
    ``resume_at`` (in the silence before ``end``)."""

    start: int
    end: int
    resume_at: int
    tentative: bool = False


class Verdict(enum.Enum):
    """What becomes of the tentative result."""

    STANDS = "stands"  # nothing said since: it ends the transcript so far
    COMMIT = "commit"
    DROP = "drop"  # too short: redone with the speech that followed


@dataclass(frozen=True)
class Step:
    verdict: Verdict | None = None  # None: there was no tentative result
    transcribe: Pass | None = None


class LivePolicy:
    """Decides, from the scores heard so far, the next piece of work.

    The caller applies each ``Step`` it gets: the verdict on the tentative
    result first, then the pass; samples before ``pending_start`` (committed
    or silence) it no longer needs once the pass is done."""

    def __init__(self, speculation_budget: float = SPECULATION_BUDGET) -> None:
        self.scores = SpeechScores()
        self.pending_start = 0  # everything before is committed, or silence
        self._tentative: Pass | None = None
        self._fed = 0  # samples fed to Whisper so far, for the speculation budget
        self._budget = speculation_budget

    def heard(self, probabilities) -> None:
        self.scores.extend(probabilities)

    def step(self) -> Step:
        """The work due now, while the answer is still recorded."""
        scores = self.scores
        verdict = None
        if self._tentative is not None:
            verdict = self._verdict(may_drop=True)
            if verdict is Verdict.STANDS:
                return Step(verdict)
        if scores.last_speech_end <= self.pending_start:
            # Only silence pending: forget it, but for a lead to the next speech.
            self.pending_start = max(self.pending_start, scores.scored - int(SPEECH_LEAD_S * WHISPER_RATE))
            return Step(verdict)
        if (
            scores.scored - scores.last_speech_end >= SPECULATE_AFTER_SILENCE_S * WHISPER_RATE
            and self._fed + scores.scored - self.pending_start
            <= self._budget * scores.scored + SPECULATION_SLACK_S * WHISPER_RATE
        ):
            # Should speech resume, the next chunk starts mid-pause, so that
            # a soft onset the VAD scored as silence is not cut off.
            resume_at = (scores.last_speech_end + scores.scored) // 2
            self._tentative = Pass(self.pending_start, scores.scored, resume_at, tentative=True)
            return Step(verdict, self._tentative)
        if scores.scored - self.pending_start >= MAX_PENDING_S * WHISPER_RATE:
            cut = scores.quietest_point(self.pending_start)
            due = Pass(self.pending_start, cut, cut)
            self.pending_start = cut
            return Step(verdict, due)
        return Step(verdict)

    def finish(self, end: int) -> Step:
        """The last step, once all ``end`` samples are scored: a tentative
        result stands or is committed (however short), and the speech after
        it, if any, is transcribed to the end."""
        verdict = self._verdict(may_drop=False) if self._tentative is not None else None
        if verdict is Verdict.STANDS or self.scores.last_speech_end <= self.pending_start:
            return Step(verdict)
        due = Pass(self.pending_start, end, end)
        self.pending_start = end
        return Step(verdict, due)

    def _verdict(self, may_drop: bool) -> Verdict:
        tentative = self._tentative
        if self.scores.last_speech_end <= tentative.end:
            return Verdict.STANDS
        self._tentative = None
        if may_drop and tentative.end - tentative.start < MIN_CHUNK_S * WHISPER_RATE:
            return Verdict.DROP
        self.pending_start = tentative.resume_at
        return Verdict.COMMIT

    def feed(self, due: Pass) -> Feed:
        """Where Whisper's input for ``due`` starts, chunk after chunk."""
        return Feed(self, due)

    def lost_speech(self, segments: list) -> bool:
        """No words where the VAD heard speech: transcribe the whole file."""
        return not segments and self.scores.last_speech_end > 0


class Feed:
    """The chunks Whisper is fed for one pass, each up to the pass's end.

    The first starts just before the pass's first speech (a long silence
    ahead of the first word makes Whisper date it too early); ``start`` is
    None when there is none. Whisper sometimes ends its window after a
    sentence and skips the speech that follows: speech the VAD hears after
    the last word is then fed again on its own, ``MAX_SKIP_REPAIRS`` times
    at most."""

    def __init__(self, policy: LivePolicy, due: Pass) -> None:
        self._policy = policy
        self._end = due.end
        self._chunks = 0
        self.start = policy.scores.speech_start(due.start, due.end)

    def heard(self, until: int | None) -> None:
        """Whisper was fed [start, end) and heard words up to sample
        ``until`` (None: no words); ``start`` becomes the next chunk's."""
        self._policy._fed += self._end - self.start
        self._chunks += 1
        resume = None
        if until is not None and self._chunks <= MAX_SKIP_REPAIRS:
            resume = self._policy.scores.skipped_speech(until, self._end)
        self.start = resume if resume is not None and resume > self.start else None


def missed_audio(read: int, recorded_s: float) -> bool:
    """The live reader has fewer samples (``read``) than the recording
    lasted: the rest has to be decoded from the finished file."""
    return read < int(recorded_s * WHISPER_RATE) - MISSED_AUDIO_S * WHISPER_RATE
