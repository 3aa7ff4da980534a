"""Whisper's encoder at the length of the speech against padded to 30 s.

Three tables, each against the padded baseline measured in the same run:

- frames: ``model.model.encode`` of N log-Mel frames (real speech: the JFK
  clip, tiled), median of the repeats (taken in rounds over every size);
- margin: chunks as the live path hands them to Whisper (bench/common.py
  answers of 4-24 s, and the JFK clip), each transcribed padded and with
  every margin: WER pooled over the chunks, *incidents* (results
  short_encode.looks_wrong rejects, which the transcriber then redoes
  padded), word times against the padded pass (matched words), and time;
- whole file: a 2-minute answer transcribed as `transcribe` does
  (``WhisperTranscriber.transcribe``): padded, short (faster-whisper's
  windows, each at its own length) and VAD chunks (edges/vad_chunks.py).

    .venv/bin/python bench/short_encode.py                 # all three
    .venv/bin/python bench/short_encode.py --only margin --chunks 12
    .venv/bin/python bench/short_encode.py --only whole --whole short --whole "vad chunks" --whole "vad chunks, beam 1"
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import JFK, build_answer, command, normalized, spoken_sentences, word_error_rate, write_wav  # noqa: E402

from tests.conftest import JFK_REFERENCE  # noqa: E402

MARGINS = (0.0, 1.0, 2.0, 4.0)
FRAMES = (3000, 2400, 2000, 1500, 1100, 600, 300)


def frames_table(transcriber, repeat: int) -> None:
    import numpy as np

    from voice_interview.edges.audiofile import load_audio

    model = transcriber._model
    audio = load_audio(JFK).astype(np.float32) / 32768
    features = model.feature_extractor(np.tile(audio, 3))
    times = {frames: [] for frames in FRAMES}
    for _ in range(repeat):  # rounds over every size, so a change of load hits them all
        for frames in FRAMES:
            started = time.perf_counter()
            model.encode(np.ascontiguousarray(features[:, :frames]))
            times[frames].append(time.perf_counter() - started)
    rows = [(frames, statistics.median(times[frames])) for frames in FRAMES]
    print("| frames (s of audio) | encode | × faster than 3000 (baseline) |\n|---|---|---|")
    for frames, seconds in rows:
        print(f"| {frames} ({frames / 100:g} s) | {seconds:.3f} s | {rows[0][1] / seconds:.1f} |")


def matched_deltas(base_words, words) -> list[float]:
    """|start| and |end| differences of the words both passes heard alike."""
    a = [normalized(w.word) for w in base_words]
    b = [normalized(w.word) for w in words]
    deltas = []
    for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks():
        for i in range(block.size):
            x, y = base_words[block.a + i], words[block.b + i]
            deltas += [abs(x.start_s - y.start_s), abs(x.end_s - y.end_s)]
    return deltas


def margin_table(transcriber, chunks) -> None:
    from voice_interview.edges import short_encode
    from voice_interview.edges.whisper import _segment

    short_encode.install()
    rows = {}
    for margin in (None, *MARGINS):
        rows[margin] = {"errors": 0.0, "words": 0, "incidents": [], "deltas": [], "time": 0.0, "loops": 0}
    for number, (samples, reference) in enumerate(chunks):
        words = len(normalized(reference).split())
        base_words = None
        for margin in (None, *MARGINS):
            row = rows[margin]
            started = time.perf_counter()
            if margin is None:
                raw, info = transcriber._passed(samples, "en")
            else:
                with short_encode.shorter_windows(margin):
                    raw, info = transcriber._passed(samples, "en")
            row["time"] += time.perf_counter() - started
            text = " ".join(s.text for s in raw)
            row["errors"] += word_error_rate(reference, text) * words
            row["words"] += words
            reason = short_encode.looks_wrong(raw, info.duration, info.duration_after_vad)
            if reason:
                row["incidents"].append(f"#{number} {reason}")
            row["loops"] += short_encode.repeated_run(text) >= short_encode.REPEATS_LIMIT
            segment_words = [w for s in raw for w in _segment(s).words]
            if margin is None:
                base_words = segment_words
            else:
                row["deltas"] += matched_deltas(base_words, segment_words)
    base = rows[None]
    print(f"{len(chunks)} chunks, {base['words']} reference words.\n")
    print("| encoder | WER | Δ WER vs padded | incidents (looks_wrong) | word times within 0.1 s of padded | "
          "max word-time Δ | time | × faster than padded |\n|---|---|---|---|---|---|---|---|")
    for margin, row in rows.items():
        wer = row["errors"] / row["words"]
        deltas = row["deltas"]
        within = f"{sum(d <= 0.1 for d in deltas) / len(deltas):.3f}" if deltas else "(baseline)"
        largest = f"{max(deltas):.2f} s" if deltas else "–"
        name = "padded (baseline)" if margin is None else f"short +{margin:g} s"
        incidents = f"{len(row['incidents'])} {' '.join(row['incidents'])}".strip()
        print(f"| {name} | {wer:.3f} | {wer - base['errors'] / base['words']:+.3f} | {incidents} | {within} | "
              f"{largest} | {row['time']:.2f} s | {base['time'] / row['time']:.2f} |")


WHOLE_VARIANTS = {
    "padded": {"encoder_margin_s": None},
    "short": {"chunked": False},
    "vad chunks": {},
    "vad chunks, beam 1": {"beam_size": 1},
}


def whole_file_table(folder: Path, spoken, repeat: int, variants: list[str]) -> None:
    from voice_interview.edges.whisper import WhisperTranscriber

    transcribers = {name: WhisperTranscriber(**WHOLE_VARIANTS[name]) for name in ["padded", *variants]}
    for transcriber in transcribers.values():
        transcriber.prepare()
    answer = build_answer(120, spoken, end_pause_s=1.0, seed=1)
    path = write_wav(answer.samples, folder / "whole.wav")
    times = {name: [] for name in transcribers}
    texts = {}
    for _ in range(repeat):
        for name, transcriber in transcribers.items():  # alternating, so a change of load hits every row
            transcript = transcriber.transcribe(path, "en")
            times[name].append(transcript.transcription_time_s)
            texts[name] = transcript
    print(f"A {answer.duration_s:.0f} s answer, {repeat} runs, alternating; medians.\n")
    print("| path | transcribe | × faster | WER | Δ WER | loops | path recorded |\n|---|---|---|---|---|---|---|")
    base = statistics.median(times["padded"])
    base_wer = word_error_rate(answer.reference, texts["padded"].text)
    for name in transcribers:
        median = statistics.median(times[name])
        wer = word_error_rate(answer.reference, texts[name].text)
        loops = short_encode_loops(texts[name].text)
        print(f"| {name}{' (baseline)' if name == 'padded' else ''} | {median:.2f} s | {base / median:.2f} | "
              f"{wer:.3f} | {wer - base_wer:+.3f} | {loops} | {texts[name].encoder} |")


def short_encode_loops(text: str) -> int:
    from voice_interview.edges import short_encode

    return int(short_encode.repeated_run(text) >= short_encode.REPEATS_LIMIT)


def live_chunks(spoken, count: int):
    """JFK, then answers of 4-24 s (float32 samples, reference)."""
    import numpy as np

    from voice_interview.edges.audiofile import load_audio

    chunks = [(load_audio(JFK).astype(np.float32) / 32768, JFK_REFERENCE)]
    lengths = (4, 8, 12, 16, 20, 24)
    for index in range(count - 1):
        answer = build_answer(lengths[index % len(lengths)], spoken, end_pause_s=0.5, seed=index)
        chunks.append((answer.samples.astype(np.float32) / 32768, answer.reference))
    return chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("frames", "margin", "whole"), action="append")
    parser.add_argument("--chunks", type=int, default=19, help="chunks in the margin table (JFK + answers)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--whole", action="append", choices=[v for v in WHOLE_VARIANTS if v != "padded"],
                        help="whole-file rows against padded (repeatable; default: short, vad chunks)")
    args = parser.parse_args()
    tables = args.only or ["frames", "margin", "whole"]

    from voice_interview.edges.whisper import WhisperTranscriber

    transcriber = WhisperTranscriber(encoder_margin_s=None)
    transcriber.prepare()
    print(command())
    print(f"Model: {transcriber.name}, int8, beam 5, VAD on, word timestamps (as `transcribe` uses it).\n")
    with tempfile.TemporaryDirectory(prefix="voice-interview-bench-") as tmp:
        spoken = spoken_sentences(Path(tmp)) if {"margin", "whole"} & set(tables) else None
        if "frames" in tables:
            frames_table(transcriber, args.repeat)
            print()
        if "margin" in tables:
            margin_table(transcriber, live_chunks(spoken, args.chunks))
            print()
        if "whole" in tables:
            whole_file_table(Path(tmp), spoken, args.repeat, args.whole or ["short", "vad chunks"])


if __name__ == "__main__":
    main()
