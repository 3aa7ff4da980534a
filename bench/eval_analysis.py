"""Measure the analysis against hand labels (bench/data): talking points,
STAR parts, text fillers and hedges, and acoustic hesitations.

    .venv/bin/python bench/eval_analysis.py            # everything
    .venv/bin/python bench/eval_analysis.py --text     # text only (no Whisper)
    .venv/bin/python bench/eval_analysis.py --json     # figures as JSON

Text labels: bench/data/analysis_eval.toml (fillers and hedges are marked
inline: {um} a filler, [I think] a hedge). Audio labels:
bench/data/hesitations/labels.json (made by make_hesitation_audio.py);
each clip is transcribed with the embedded Whisper model, then the
hesitation detector looks for voiced sound between the words. A detection
is right when it overlaps a spliced hesitation, each hesitation counted
once. tests/data/jfk.wav (real speech, no hesitations) counts false alarms.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import tomllib
import wave
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from voice_interview.analysis import Thresholds  # noqa: E402
from voice_interview.analysis.fillers import find_fillers_and_hedges  # noqa: E402
from voice_interview.analysis.star import PARTS, star_cues  # noqa: E402
from voice_interview.analysis.talking_points import talking_points  # noqa: E402
from voice_interview.analysis.tokens import normalize, tokenize  # noqa: E402
from voice_interview.banks.bank import load_bank  # noqa: E402

MARK = re.compile(r"\{([^}]*)\}|\[([^\]]*)\]")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: set, wanted: set, where: str) -> None:
        self.tp += len(predicted & wanted)
        self.fp += len(predicted - wanted)
        self.fn += len(wanted - predicted)
        self.misses += [f"{where}: missed {x}" for x in sorted(map(str, wanted - predicted))]
        self.misses += [f"{where}: false {x}" for x in sorted(map(str, predicted - wanted))]

    def row(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


def unmark(text: str) -> tuple[str, set, set]:
    """Plain text, and the token spans (first, last) marked as fillers and
    as hedges, counted the way ``tokenize`` counts words."""
    plain, marks, position = "", [], 0
    for match in MARK.finditer(text):
        plain += text[position : match.start()]
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        marks.append((len(plain), len(plain) + len(inner), "filler" if match.group(1) is not None else "hedge"))
        plain += inner
        position = match.end()
    plain += text[position:]
    words = [m for m in re.finditer(r"\S+", plain) if normalize(m.group())]
    spans: dict[str, set] = {"filler": set(), "hedge": set()}
    for start, end, kind in marks:
        inside = [i for i, w in enumerate(words) if w.start() < end and w.end() > start]
        spans[kind].add((inside[0], inside[-1]))
    return plain, spans["filler"], spans["hedge"]


def evaluate_text(manifest: dict) -> dict:
    banks = {lang: {q.id: q for q in load_bank(None, lang).questions} for lang in ("en", "nb")}
    demo = tomllib.loads((ROOT / "question_data" / "demo_answers.toml").read_text(encoding="utf-8"))["answers"]
    scores = {name: Score() for name in ("talking_points", "star", "fillers", "hedges")}
    by_language: dict[str, dict[str, Score]] = {}
    subsets: dict[str, Score] = {}
    for item in manifest["answers"]:
        lang, qid = item["language"], item["question"]
        question = banks[lang][qid]
        text = demo[qid][lang] if item.get("source") == "demo" else item["text"]
        plain, filler_spans, hedge_spans = unmark(text)
        tokens = tokenize(plain)
        where = item["id"]
        points = [{"label": p.label, "cues": list(p.cues)} for p in question.talking_points]
        result = talking_points(tokens, points, lang)
        predicted = {i for i, p in enumerate(result["points"]) if p["covered"]}
        wanted = set(item["covered"])
        for score in (scores["talking_points"], by_language.setdefault(lang, {}).setdefault("talking_points", Score()),
                      subsets.setdefault(item.get("kind", "scripted"), Score())):
            score.add(predicted, wanted, where)
        if "star" in item:
            star = star_cues(tokens, lang)
            predicted = {p for p in PARTS if star["parts"][p]["found"]}
            scores["star"].add(predicted, set(item["star"]), where)
        found = find_fillers_and_hedges(tokens, lang)
        for kind, spans, name in (("filler", filler_spans, "fillers"), ("hedge", hedge_spans, "hedges")):
            predicted = {(f.first, f.last) for f in found if f.kind == kind}
            scores[name].add(predicted, spans, where)
            by_language[lang].setdefault(name, Score()).add(predicted, spans, where)
    return {
        "answers": len(manifest["answers"]),
        "overall": {name: s.row() for name, s in scores.items()},
        "by_language": {lang: {n: s.row() for n, s in d.items()} for lang, d in by_language.items()},
        "talking_points_by_kind": {k: s.row() for k, s in subsets.items()},
        "errors": {name: s.misses for name, s in scores.items()},
    }


def read_clip(path: Path):
    from faster_whisper import decode_audio
    import numpy as np

    return np.round(decode_audio(str(path), sampling_rate=16000) * 32768).astype("<i2")


def write_wav(samples, dest: Path) -> Path:
    with wave.open(str(dest), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(samples.tobytes())
    return dest


def overlaps(a: dict, b) -> bool:
    return min(a["end_s"], b.end_s) > max(a["start_s"], b.start_s)


def evaluate_audio(limits: Thresholds) -> dict:
    from make_hesitation_audio import with_noise

    from voice_interview.analysis.fillers import PURE_FILLERS
    from voice_interview.analysis.hesitations import detect_hesitations
    from voice_interview.edges.whisper import WhisperTranscriber

    labels = json.loads((BENCH / "data" / "hesitations" / "labels.json").read_text())
    transcriber = WhisperTranscriber()
    acoustic, combined = Score(), Score()
    transcribed_as_words = breath_alarms = 0
    detect_s = 0.0
    clips = []
    with tempfile.TemporaryDirectory() as tmp:
        for clip in labels["clips"]:
            wav = write_wav(with_noise(read_clip(BENCH / "data" / "hesitations" / clip["file"]), clip["noise"]),
                            Path(tmp) / "clip.wav")
            words = transcriber.transcribe(wav, "en").words
            started = time.perf_counter()
            found = detect_hesitations(wav, words, limits)
            detect_s += time.perf_counter() - started
            wanted = clip["hesitations"]
            hit = {i for i, h in enumerate(wanted) if any(overlaps(h, d) for d in found)}
            right = {j for j, d in enumerate(found) if any(overlaps(h, d) for h in wanted)}
            acoustic.tp += len(hit)
            acoustic.fn += len(wanted) - len(hit)
            acoustic.fp += len(found) - len(right)
            breath_alarms += sum(1 for b in clip["breaths"] if any(overlaps(b, d) for d in found))
            filler_words = [w for w in words if w.word.strip(" ,.!?").lower() in PURE_FILLERS["en"]]
            as_words = {i for i, h in enumerate(wanted) if any(overlaps(h, w) for w in words)}
            transcribed_as_words += len(as_words)
            either = hit | {i for i, h in enumerate(wanted) if any(overlaps(h, w) for w in filler_words)}
            combined.tp += len(either)
            combined.fn += len(wanted) - len(either)
            clips.append({"file": clip["file"], "labelled": len(wanted), "found": len(found), "hit": len(hit),
                          "covered_by_a_word": len(as_words),
                          "missed": [wanted[i] for i in sorted(set(range(len(wanted))) - hit)],
                          "false": [(d.start_s, d.end_s) for j, d in enumerate(found) if j not in right]})
        jfk = ROOT / "tests" / "data" / "jfk.wav"
        jfk_found = detect_hesitations(jfk, transcriber.transcribe(jfk, "en").words, limits)
        clean_s, clean_found = clean_speech_alarms(transcriber, limits, Path(tmp))
    total = sum(c["labelled"] for c in clips)
    return {
        "clips": len(clips),
        "hesitations": total,
        "audio_s": round(sum(c["duration_s"] for c in labels["clips"]), 1),
        "acoustic": acoustic.row(),
        "text_or_acoustic_recall": round(combined.tp / total, 3) if total else None,
        "covered_by_a_transcribed_word": transcribed_as_words,
        "false_alarms_on_breaths": breath_alarms,
        "breaths": sum(len(c["breaths"]) for c in labels["clips"]),
        "false_alarms_on_jfk": len(jfk_found),
        "clean_speech_s": round(clean_s, 1),
        "false_alarms_on_clean_speech": clean_found,
        "detector_time_s": round(detect_s, 3),
        "per_clip": clips,
    }


def clean_speech_alarms(transcriber, limits: Thresholds, tmp: Path) -> tuple[float, int]:
    """Detections on the 27 scripted demo answers spoken by eSpeak NG with no
    hesitation at all: every one is a false alarm."""
    import numpy as np

    from voice_interview.analysis.hesitations import detect_hesitations
    from voice_interview.records.wavfile import read_wav_samples
    from voice_interview.edges.tts import Pyttsx3Speaker

    demo = tomllib.loads((ROOT / "question_data" / "demo_answers.toml").read_text(encoding="utf-8"))["answers"]
    speaker = Pyttsx3Speaker()
    seconds, alarms = 0.0, 0
    for index, answer in enumerate(demo.values()):
        samples, rate = read_wav_samples(speaker.render(answer["en"], "en", tmp / "clean.wav"))
        resampled = np.interp(np.arange(0, samples.size, rate / 16000), np.arange(samples.size), samples)
        noisy = resampled + np.random.default_rng(index).standard_normal(resampled.size) * 32768 * 10 ** (-55 / 20)
        wav = write_wav(np.clip(noisy, -32768, 32767).astype("<i2"), tmp / "clean16k.wav")
        seconds += resampled.size / 16000
        alarms += len(detect_hesitations(wav, transcriber.transcribe(wav, "en").words, limits))
    return seconds, alarms


def use_silero(threshold: float = 0.5) -> None:
    """Swap the voicing detector for faster-whisper's bundled Silero VAD
    (speech probability per 32 ms window), for comparison."""
    import numpy as np
    from faster_whisper.vad import get_vad_model

    import voice_interview.analysis.hesitations as acoustic

    model = get_vad_model()

    def silero_frames(samples, rate, limits, regions=None):
        padded = np.pad(samples.astype(np.float32), (0, (512 - samples.size % 512) % 512))
        probabilities = np.asarray(model(padded)).reshape(-1)
        win, hop = int(acoustic.FRAME_S * rate), int(acoustic.HOP_S * rate)
        centres = (np.arange(1 + (samples.size - win) // hop) * hop + win // 2) // 512
        return probabilities[np.minimum(centres, probabilities.size - 1)] >= threshold

    acoustic.voiced_frames = silero_frames


def print_report(text: dict | None, audio: dict | None, verbose: bool) -> None:
    if text:
        print(f"Text: {text['answers']} labelled answers")
        print(f"  {'measure':<16} {'precision':>9} {'recall':>7} {'F1':>6}   tp/fp/fn")
        rows = [(n, r) for n, r in text["overall"].items()]
        rows += [(f"  {lang} {n}", r) for lang, d in text["by_language"].items() for n, r in d.items()]
        rows += [(f"  points ({k})", r) for k, r in text["talking_points_by_kind"].items()]
        for name, r in rows:
            print(f"  {name:<16} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f}   "
                  f"{r['tp']}/{r['fp']}/{r['fn']}")
        if verbose:
            for name, errors in text["errors"].items():
                for line in errors:
                    print(f"    {name}: {line}")
    if audio:
        a = audio["acoustic"]
        print(f"Audio: {audio['clips']} clips ({audio['audio_s']} s), {audio['hesitations']} spliced hesitations")
        print(f"  acoustic hesitations  precision {a['precision']:.3f}  recall {a['recall']:.3f}  "
              f"F1 {a['f1']:.3f}  ({a['tp']}/{a['fp']}/{a['fn']})")
        print(f"  text filler or acoustic recall {audio['text_or_acoustic_recall']:.3f}; "
              f"{audio['covered_by_a_transcribed_word']} hesitations lay under a transcribed word")
        print(f"  false alarms: {audio['false_alarms_on_breaths']} of {audio['breaths']} breaths, "
              f"{audio['false_alarms_on_jfk']} on jfk.wav (real speech, 11 s), "
              f"{audio['false_alarms_on_clean_speech']} in {audio['clean_speech_s']:.0f} s of "
              "eSpeak NG answers with no hesitations")
        print(f"  detector time {audio['detector_time_s']:.2f} s for {audio['audio_s']} s of audio")
        if verbose:
            for clip in audio["per_clip"]:
                if clip["missed"] or clip["false"]:
                    print(f"    {clip['file']}: missed {clip['missed']} false {clip['false']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", action="store_true", help="text measures only (no Whisper)")
    parser.add_argument("--audio", action="store_true", help="acoustic hesitations only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    parser.add_argument("--silero", action="store_true", help="use Silero VAD instead of the voicing detector")
    args = parser.parse_args()
    text = None
    if not args.audio:
        manifest = tomllib.loads((BENCH / "data" / "analysis_eval.toml").read_text(encoding="utf-8"))
        text = evaluate_text(manifest)
    if args.silero:
        use_silero()
    audio = None if args.text else evaluate_audio(Thresholds())
    if args.json:
        print(json.dumps({"text": text, "audio": audio}, indent=1, ensure_ascii=False))
    else:
        print_report(text, audio, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
