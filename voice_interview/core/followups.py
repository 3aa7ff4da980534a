"""Probing follow-ups: after an answer that missed talking points, the
interviewer asks the probe of the most important missed point, and records
the candidate's answer to it like any answer.

"Most important" is the missed point with the highest ``weight`` in the
bank (1 to 5, default 1); among equal weights, the first listed, since a
bank lists points in the order its guidance gives them. A point is missed
while neither the answer nor an earlier follow-up holds one of its cues;
an "unclear" point (its cue heard only in words Whisper was unsure of) is
probed after every missed one. Points without a probe are never chosen,
and no point is probed twice.

Choosing is pure. Asking goes through the interview's own speaking,
recording and transcribing, so this module, like the core, knows no
hardware and no Click.
"""

from __future__ import annotations

from voice_interview.records.session import Answer, FollowUp, Transcript


def _tokens(transcript: Transcript | None):
    from voice_interview.analysis.tokens import tokenize

    if transcript is None:
        return []
    return tokenize(transcript.text, [w for w in transcript.words if w.word.strip()])


def point_states(answer: Answer, language: str) -> list[str]:
    """"covered", "unclear" or "missed" for each of the question's talking
    points, over the answer and its follow-ups together (the thresholds
    the answer was analysed with, or the defaults)."""
    from voice_interview.analysis.talking_points import talking_points
    from voice_interview.analysis.thresholds import Thresholds

    limits = {**Thresholds().as_dict(), **((answer.analysis or {}).get("thresholds") or {})}
    points = answer.question.talking_points
    states = ["missed"] * len(points)
    for transcript in [answer.transcript, *(f.transcript for f in answer.follow_ups)]:
        result = talking_points(_tokens(transcript), points, language, int(limits["talking_point_min_cues"]),
                                float(limits["low_confidence_below"]))
        for i, point in enumerate(result["points"]):
            if point["status"] == "covered" or states[i] == "missed":
                states[i] = point["status"]
    return states


def next_probe(answer: Answer, language: str) -> tuple[int, dict] | None:
    """(index, talking point) to probe next, or None when nothing is left,
    or when the answer (or a follow-up) was silent: probing what was never
    said would make no sense; the candidate can retake the answer."""
    heard = [answer.transcript, *(f.transcript for f in answer.follow_ups)]
    if not all(t is not None and t.text.strip() for t in heard):
        return None
    states = point_states(answer, language)
    probed = {f.point for f in answer.follow_ups}
    candidates = [
        (index, point)
        for index, point in enumerate(answer.question.talking_points)
        if states[index] != "covered" and point.get("probe") and point.get("label") not in probed
    ]
    if not candidates:
        return None
    # Missed before unclear, then the heaviest; max() keeps the first of equals.
    return max(candidates, key=lambda item: (states[item[0]] == "missed", item[1].get("weight", 1)))


def ask_follow_ups(interview, session, answer: Answer) -> bool:
    """Ask up to ``settings.follow_ups`` probes after ``answer``; True if
    Ctrl-C stopped one (the caller then asks whether to go on)."""
    settings = interview.settings
    for number in range(1, (settings.follow_ups or 0) + 1):
        choice = next_probe(answer, settings.language)
        if choice is None:
            return False
        recorder = _follow_up_recorder(interview.edges.recorder, settings.answer_source)
        if recorder is False:
            return False  # answers from files, and no follow-up file for this one
        _, point = choice
        follow_up = FollowUp(point=point["label"], text=point["probe"])
        answer.follow_ups.append(follow_up)
        interrupted = _ask(interview, session, answer, follow_up, number, recorder)
        if follow_up.stopped_by == "end-of-input":
            answer.follow_ups.remove(follow_up)
            return False
        if interview.analyze is not None:
            answer.analysis = interview.analyze(session, answer)
        interview.files.save(session)
        interview.ui.follow_up_answered(answer, follow_up)
        if interrupted:
            return True
    return False


def _follow_up_recorder(recorder, answer_source: str):
    """The recorder for a follow-up's answer: the same microphone; for
    answers from files, the follow-up file of the answer just fed (False
    when there is none)."""
    if answer_source == "typed":
        return None
    pick = getattr(recorder, "follow_up_recorder", None)
    if pick is None:
        return recorder
    return pick() or False


def _ask(interview, session, answer: Answer, follow_up: FollowUp, number: int, recorder) -> bool:
    interview.ui.follow_up(answer, follow_up)
    if interview.settings.speak and interview.edges.speaker is not None:
        interview._speak_question(follow_up, interview.files.question_audio(answer.index, number), follow_up.text)
    follow_up.answer_start_s = interview._now()
    if interview.settings.answer_source == "typed":
        interview._type_answer(answer, follow_up)
        return False
    dest = interview.files.answer_audio(answer.index, number)
    return interview._record_and_transcribe(session, follow_up, dest, recorder)
