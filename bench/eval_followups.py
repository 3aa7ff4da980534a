"""Measure the issue-15 feedback against hand labels: which probe the
interviewer picks, how well specificity is found, and how voice variety
reads on real against synthetic speech.

    .venv/bin/python bench/eval_followups.py           # everything (~1 min: eSpeak renders)
    .venv/bin/python bench/eval_followups.py --text    # probe choice and specificity only (1 s)
    .venv/bin/python bench/eval_followups.py -v        # ... listing every error

Probe choice uses bench/data/analysis_eval.toml (78 answers whose covered
talking points a person labelled by meaning): the right probe is the one
the interviewer would ask from those labels (the heaviest missed point,
then the first listed; none when every point was made); the chosen probe
is voice_interview.core.followups.next_probe on the answer's words. Specificity
uses bench/data/specificity_eval.toml (35 answers, 19 freely worded, every
number, result, name and example marked): a found item is right when it
overlaps a marked one of its kind; a marked one is found when a found item
of its kind overlaps it. Voice variety: tests/data/jfk.wav (real speech)
against eSpeak NG speaking each demo answer (question_data/demo_answers.toml)
in English and Norwegian.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import tomllib
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from eval_analysis import Score, unmark  # noqa: E402

from voice_interview.analysis.specificity import KINDS, specificity  # noqa: E402
from voice_interview.analysis.tokens import normalize, tokenize  # noqa: E402
from voice_interview.banks.bank import load_bank  # noqa: E402
from voice_interview.core.followups import next_probe  # noqa: E402
from voice_interview.core.interview import asked  # noqa: E402
from voice_interview.records.session import Answer, Transcript  # noqa: E402

LABEL = re.compile(r"\[([ntre]):([^\]]*)\]")
KIND_OF = {"n": "numbers", "r": "results", "t": "named", "e": "examples"}
DEMO = ROOT / "question_data" / "demo_answers.toml"


def expected_probe(question, covered: set[int]) -> int | None:
    missed = [(i, p) for i, p in enumerate(question.talking_points) if i not in covered and p.probe]
    return max(missed, key=lambda item: item[1].weight)[0] if missed else None


def evaluate_probes(verbose_errors: list[str]) -> dict:
    manifest = tomllib.loads((BENCH / "data" / "analysis_eval.toml").read_text(encoding="utf-8"))
    demo = tomllib.loads(DEMO.read_text(encoding="utf-8"))["answers"]
    banks = {lang: {q.id: q for q in load_bank(None, lang).questions} for lang in ("en", "nb")}
    by_kind: dict[str, list[tuple[bool, bool]]] = {}  # (a person would probe, the same probe chosen)
    for item in manifest["answers"]:
        lang, question = item["language"], banks[item["language"]][item["question"]]
        text = demo[question.id][lang] if item.get("source") == "demo" else item["text"]
        plain = unmark(text)[0]
        answer = Answer(index=1, question=asked(question), transcript=Transcript(plain, lang))
        chosen = next_probe(answer, lang)
        got = None if chosen is None else chosen[0]
        want = expected_probe(question, set(item["covered"]))
        by_kind.setdefault(item.get("kind", "scripted"), []).append((want is not None, got == want))
        if got != want:
            verbose_errors.append(f"probe {item['id']}: chose point {got}, a person would probe {want}")
    by_kind["all"] = [x for v in list(by_kind.values()) for x in v]
    return {kind: _probe_row(v) for kind, v in by_kind.items()}


def _probe_row(results: list[tuple[bool, bool]]) -> dict:
    needed = [right for wanted, right in results if wanted]
    not_needed = [right for wanted, right in results if not wanted]
    return {
        "answers": len(results),
        "right": sum(right for _, right in results),
        "accuracy": round(sum(right for _, right in results) / len(results), 3),
        "probe_needed": len(needed),
        "same_probe": sum(needed),
        "nothing_to_probe": len(not_needed),
        "probed_anyway": len(not_needed) - sum(not_needed),
    }


def labelled_spans(text: str) -> tuple[str, dict[str, set]]:
    """Plain text and the token spans (first, last) marked for each kind."""
    plain, marks, position = "", [], 0
    for match in LABEL.finditer(text):
        plain += text[position : match.start()]
        marks.append((len(plain), len(plain) + len(match.group(2)), KIND_OF[match.group(1)]))
        plain += match.group(2)
        position = match.end()
    plain += text[position:]
    words = [m for m in re.finditer(r"\S+", plain) if normalize(m.group())]
    spans: dict[str, set] = {kind: set() for kind in KINDS}
    for start, end, kind in marks:
        inside = [i for i, w in enumerate(words) if w.start() < end and w.end() > start]
        spans[kind].add((inside[0], inside[-1]))
    return plain, spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def evaluate_specificity(verbose_errors: list[str]) -> dict:
    manifest = tomllib.loads((BENCH / "data" / "specificity_eval.toml").read_text(encoding="utf-8"))
    scores: dict[str, dict[str, Score]] = {}
    for item in manifest["answers"]:
        plain, wanted = labelled_spans(item["text"])
        tokens = tokenize(plain)
        found = specificity(tokens, item["language"])
        for kind in KINDS:
            spans = set()
            for entry in found["kinds"][kind]:
                # Items carry text, not indexes: find their tokens again by time-free text.
                spans |= _spans_of(tokens, entry["text"])
            for group in (kind, "all"):
                for subset in (item["kind"], "all"):
                    score = scores.setdefault(subset, {}).setdefault(group, Score())
                    score.tp += sum(1 for s in spans if any(_overlap(s, w) for w in wanted[kind]))
                    score.fp += sum(1 for s in spans if not any(_overlap(s, w) for w in wanted[kind]))
                    score.fn += sum(1 for w in wanted[kind] if not any(_overlap(s, w) for s in spans))
            if subset_errors := sorted({f"{item['id']} {kind}: found {_text(tokens, s)!r}, not marked"
                                        for s in spans if not any(_overlap(s, w) for w in wanted[kind])}
                                       | {f"{item['id']} {kind}: missed {_text(tokens, w)!r}"
                                          for w in wanted[kind] if not any(_overlap(s, w) for s in spans)}):
                verbose_errors += subset_errors
    return {subset: {kind: s.row() for kind, s in rows.items()} for subset, rows in scores.items()}


def _spans_of(tokens, text: str) -> set[tuple[int, int]]:
    words = [normalize(w) for w in text.split()]
    n = len(words)
    return {(i, i + n - 1) for i in range(len(tokens) - n + 1)
            if [t.text for t in tokens[i : i + n]] == words}


def _text(tokens, span: tuple[int, int]) -> str:
    return " ".join(t.text for t in tokens[span[0] : span[1] + 1])


def evaluate_voice() -> dict:
    from voice_interview.analysis.thresholds import Thresholds
    from voice_interview.analysis.voice import voice_variety
    from voice_interview.edges.tts import Pyttsx3Speaker

    limits = Thresholds()
    rows = {"real (tests/data/jfk.wav)": [voice_variety(ROOT / "tests" / "data" / "jfk.wav", limits)]}
    demo = tomllib.loads(DEMO.read_text(encoding="utf-8"))["answers"]
    speaker = Pyttsx3Speaker()
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "nb"):
            results = []
            for qid, texts in demo.items():
                audio = speaker.render(texts[lang], lang, Path(tmp) / f"{qid}-{lang}.wav")
                results.append(voice_variety(audio, limits))
            rows[f"eSpeak NG {lang} (27 demo answers)"] = results
    summary = {}
    for name, results in rows.items():
        measured = [r for r in results if r["available"]]
        sds = sorted(r["pitch_sd_st"] for r in measured)
        summary[name] = {
            "answers": len(results),
            "monotone": sum(r["monotone"] for r in measured),
            "pitch_sd_st_median": sds[len(sds) // 2],
            "pitch_sd_st_max": sds[-1],
            "pitch_range_st_median": sorted(r["pitch_range_st"] for r in measured)[len(measured) // 2],
            "loudness_sd_db_median": sorted(r["loudness_sd_db"] for r in measured)[len(measured) // 2],
        }
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", action="store_true", help="probe choice and specificity only")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    args = parser.parse_args()
    errors: list[str] = []
    result = {"probe_choice": evaluate_probes(errors), "specificity": evaluate_specificity(errors)}
    if not args.text:
        result["voice_variety"] = evaluate_voice()
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    print("Probe chosen as a person would (bench/data/analysis_eval.toml):")
    for kind, row in result["probe_choice"].items():
        print(f"  {kind:<12} {row['right']:>3} of {row['answers']:<3} right ({row['accuracy'] * 100:.1f} %); "
              f"the same probe {row['same_probe']} of {row['probe_needed']} where a person would probe; "
              f"a probe anyway {row['probed_anyway']} of {row['nothing_to_probe']} where every point was made")
    print("Specificity (bench/data/specificity_eval.toml): precision / recall / F1")
    for subset, rows in result["specificity"].items():
        for kind, row in rows.items():
            print(f"  {subset:<9} {kind:<9} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
                  f"  (tp {row['tp']}, fp {row['fp']}, fn {row['fn']})")
    for name, row in (result.get("voice_variety") or {}).items():
        print(f"Voice, {name}: monotone {row['monotone']} of {row['answers']}; pitch s.d. median "
              f"{row['pitch_sd_st_median']} st (max {row['pitch_sd_st_max']}), range median "
              f"{row['pitch_range_st_median']} st; loudness s.d. median {row['loudness_sd_db_median']} dB")
    if args.verbose:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
