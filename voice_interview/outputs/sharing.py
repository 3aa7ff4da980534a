"""Sharing a session: Markdown, JSON, SRT/VTT subtitles, and the portable
zip archive that ``import`` restores on another machine (``archive.py``;
its entry points are re-exported here, where the exports live).

Subtitle timing: the answers are laid back to back in question order, as if
the answer files were played one after another — answer 2's first cue starts
where answer 1's audio ends. Each cue is up to 8 words of one segment, timed
from Whisper's word timestamps.
"""

from __future__ import annotations

import json

from voice_interview.outputs.archive import (
    AUDIO_FORMATS, audio_files, import_archive, unpackable_audio, write_archive)
from voice_interview.outputs.views import session_json, timings
from voice_interview.records.review import reviews_for_answer
from voice_interview.records.session import Session
from voice_interview.records.timefmt import seconds_text, subtitle_time

__all__ = ["AUDIO_FORMATS", "audio_files", "import_archive", "subtitle_cues", "to_json", "to_markdown",
           "to_srt", "to_vtt", "unpackable_audio", "write_archive"]

CUE_WORDS = 8


# --- subtitles --------------------------------------------------------------

def subtitle_cues(session: Session) -> list[tuple[float, float, str]]:
    cues = []
    offset = 0.0
    for answer in session.answers:
        transcript = answer.transcript
        if transcript is None:
            continue
        for segment in transcript.segments:
            words = segment.words
            for start in range(0, len(words), CUE_WORDS):
                group = words[start : start + CUE_WORDS]
                cues.append((offset + group[0].start_s, offset + group[-1].end_s,
                             " ".join(w.word for w in group)))
        last_word_end = transcript.words[-1].end_s if transcript.words else 0.0
        offset += max(answer.answer_audio_duration_s or 0.0, last_word_end)
    return cues


def to_srt(session: Session) -> str:
    blocks = [
        f"{n}\n{subtitle_time(start, ',')} --> {subtitle_time(end, ',')}\n{text}\n"
        for n, (start, end, text) in enumerate(subtitle_cues(session), 1)
    ]
    return "\n".join(blocks)


def to_vtt(session: Session) -> str:
    blocks = [
        f"{subtitle_time(start, '.')} --> {subtitle_time(end, '.')}\n{text}\n"
        for start, end, text in subtitle_cues(session)
    ]
    return "WEBVTT\n\n" + "\n".join(blocks)


# --- Markdown ------------------------------------------------------------------

def to_markdown(session: Session, analysis_markdown=None) -> str:
    out = [f"# Interview session {session.id}", ""]
    out.append(f"- Started: {session.started_at} ({session.status})")
    out.append(f"- Bank: {session.bank_title} · language {session.language} · model {session.model or '—'}")
    out.append(f"- Answered: {len(session.answered)} of {len(session.question_ids)} · "
               f"{session.speaking_time_s:.1f} s of speech")
    for answer in session.answers:
        q = answer.question
        t = timings(answer)
        out += ["", f"## {answer.index}. {q.text}", "", f"*{q.category_name} · question {q.number}*", ""]
        out.append(f"Think {seconds_text(t['think_time_s'])} · latency {seconds_text(t['response_latency_s'])} · "
                   f"answer {seconds_text(t['answer_duration_s'])} ({t['stopped_by'] or '—'})")
        out += ["", "### Transcript", "", (answer.transcript.text if answer.transcript else "") or "*(no speech)*"]
        if answer.attempts:
            earlier = len(answer.attempts)
            out += ["", f"*Take {earlier + 1} ({earlier} earlier take{'' if earlier == 1 else 's'} kept in the record)*"]
        out += _follow_up_markdown(answer)
        out += ["", "### What to listen for", "", q.guidance, ""]
        out += [f"- {p['label']}" for p in q.talking_points]
        if analysis_markdown and answer.analysis:
            out += ["", "### Analysis", "", analysis_markdown(answer.analysis)]
        reviews = reviews_for_answer(session, answer.index)
        if reviews:
            out += ["", "### Coach review", ""]
            for review in reviews:
                scores = ", ".join(f"{name} {score}/5" for name, score in review.rubric_scores())
                out.append(f"- **{review.reviewer}**: {scores or 'no scores'}"
                           + (f" — {review.notes}" if review.notes else ""))
    return "\n".join(out) + "\n"


def _follow_up_markdown(answer) -> list[str]:
    out = []
    for number, follow_up in enumerate(answer.follow_ups, 1):
        said = (follow_up.transcript.text if follow_up.transcript else "") or "*(not answered)*"
        out += ["", f"### Follow-up {number} · {follow_up.point}", "", f"> {follow_up.text}", "", said]
        if follow_up.answer_duration_s is not None:
            out.append(f"\n*{seconds_text(follow_up.answer_duration_s)} ({follow_up.stopped_by or '—'})*")
    return out


def to_json(session: Session) -> str:
    return json.dumps(session_json(session), ensure_ascii=False, indent=2) + "\n"
