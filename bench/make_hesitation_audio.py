"""Build the acoustic part of the analysis evaluation set (run once; the
output is committed):

    .venv/bin/python bench/make_hesitation_audio.py

Each clip is the start of a scripted demo answer spoken by eSpeak NG, one
phrase at a time, with hesitation sounds spliced between phrases at known
times: a formant-synthesised "uh"/"er"/"um" (a voice-like buzz with a
wandering pitch) or an eSpeak NG vowel held long ("[[@::::]]"). Between
other phrases there are plain silent pauses, and in some clips breaths
(unvoiced noise bursts) that must not count. Background noise (and in some
clips a 50 Hz mains hum) is added by ``with_noise`` when the clip is
evaluated. Writes bench/data/hesitations/*.flac (16 kHz mono) and
labels.json with each sound's start and end.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "hesitations"
RATE = 16_000
SEED = 20261126
CLIPS = 14
VOICES = ["en-us", "en-us+f3", "en-gb", "en-us+m3", "en-us+f2", "en-gb-x-rp+f4"]
ESPEAK_VOWELS = {"espeak-uh": "[[@::::]]", "espeak-um": "[[@:::m::]]", "espeak-ah": "[[V::::]]", "espeak-er": "[[3::::]]"}
FORMANTS = {  # (frequency Hz, bandwidth Hz) of a neutral adult voice
    "synth-uh": [(640, 90), (1190, 110), (2390, 160)],
    "synth-er": [(490, 90), (1350, 110), (1690, 160)],
    "synth-um": [(600, 90), (1200, 110), (2400, 160)],
}


def espeak(text: str, voice: str, speed_wpm: int, dest: Path) -> np.ndarray:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed_wpm), "-w", str(dest), text], check=True)
    with wave.open(str(dest), "rb") as wav:
        rate = wav.getframerate()
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float64)
    samples = np.interp(np.arange(0, len(samples), rate / RATE), np.arange(len(samples)), samples)
    loud = np.nonzero(np.abs(samples) > 200)[0]
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples


def synth_hesitation(kind: str, duration_s: float, f0_hz: float, rng) -> np.ndarray:
    """A held vowel: harmonics of a wandering pitch shaped by three formants;
    "um" closes into a low nasal murmur halfway."""
    n = int(duration_s * RATE)
    t = np.arange(n) / RATE
    drift = np.cumsum(rng.standard_normal(n)) / np.sqrt(RATE) * 0.02
    f0 = f0_hz * (1 - 0.1 * t / duration_s) * (1 + drift)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    vowel = np.zeros(n)
    for k in range(1, int(4000 / f0_hz)):
        amplitude = sum(1 / (1 + ((k * f0_hz - f) / b) ** 2) for f, b in FORMANTS[kind]) / np.sqrt(k)
        vowel += amplitude * np.sin(k * phase)
    if kind == "synth-um":
        murmur = sum(np.sin(k * phase) / k**2 for k in range(1, 5))
        closing = np.clip((t - duration_s * 0.45) / 0.06, 0, 1)
        vowel = vowel * (1 - closing) + murmur * closing * np.abs(vowel).max() * 0.6
    shimmer = 1 + 0.05 * np.sin(2 * np.pi * rng.uniform(3, 7) * t)
    envelope = np.minimum(1, np.minimum(t / 0.04, (duration_s - t) / 0.1)) * shimmer
    return vowel * envelope


def breath(duration_s: float, rng) -> np.ndarray:
    n = int(duration_s * RATE)
    noise = rng.standard_normal(n)
    hiss = noise - np.convolve(noise, np.ones(6) / 6, mode="same")  # keep the hiss, drop the rumble
    t = np.arange(n) / n
    return hiss * np.sin(np.pi * t) ** 2


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x**2))) if x.size else 0.0


def phrases(text: str, count: int) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[,.;])\s+", text) if p.strip()]
    return parts[:count]


def build_clip(number: int, text: str, rng, tmp: Path) -> tuple[np.ndarray, dict]:
    voice = VOICES[number % len(VOICES)]
    female = "+f" in voice
    speed = int(rng.integers(145, 180))
    chunks = phrases(text, int(rng.integers(4, 6)))
    spoken = [espeak(c, voice, speed, tmp / f"c{i}.wav") for i, c in enumerate(chunks)]
    speech_rms = np.mean([rms(s) for s in spoken])
    boundaries = list(range(len(spoken) - 1))
    with_hesitation = set(rng.choice(boundaries, size=min(len(boundaries), int(rng.integers(3, 5))), replace=False))
    with_breath = {b for b in boundaries if b not in with_hesitation and rng.random() < 0.5}
    pieces, labels, breaths, clock = [], [], [], 0.0

    def add(samples: np.ndarray) -> tuple[float, float]:
        nonlocal clock
        start = clock
        pieces.append(samples)
        clock += len(samples) / RATE
        return round(start, 3), round(clock, 3)

    def silence(seconds: float) -> None:
        add(np.zeros(int(seconds * RATE)))

    silence(float(rng.uniform(0.3, 0.8)))
    for i, speech in enumerate(spoken):
        add(speech)
        if i not in boundaries:
            continue
        if i in with_hesitation:
            silence(float(rng.uniform(0.05, 0.4)))
            kind = str(rng.choice(list(FORMANTS) + list(ESPEAK_VOWELS)))
            if kind in FORMANTS:
                f0 = float(rng.uniform(170, 230) if female else rng.uniform(95, 135))
                sound = synth_hesitation(kind, float(rng.uniform(0.3, 0.9)), f0, rng)
            else:
                sound = espeak(ESPEAK_VOWELS[kind], voice, speed, tmp / "vowel.wav")
            gain_db = float(rng.uniform(-12, -3))
            sound = sound / (rms(sound) + 1e-9) * speech_rms * 10 ** (gain_db / 20)
            start, end = add(sound)
            labels.append({"start_s": start, "end_s": end, "sound": kind, "gain_db": round(gain_db, 1)})
            silence(float(rng.uniform(0.05, 0.4)))
        elif i in with_breath:
            silence(float(rng.uniform(0.1, 0.3)))
            sound = breath(float(rng.uniform(0.3, 0.6)), rng)
            sound = sound / rms(sound) * speech_rms * 10 ** (float(rng.uniform(-26, -18)) / 20)
            start, end = add(sound)
            breaths.append({"start_s": start, "end_s": end})
            silence(float(rng.uniform(0.1, 0.3)))
        else:
            silence(float(rng.uniform(0.15, 0.7)))
    silence(float(rng.uniform(0.4, 1.0)))
    audio = np.concatenate(pieces)
    peak = np.abs(audio).max()
    if peak > 28000:
        audio *= 28000 / peak
    meta = {
        "voice": voice,
        "speed_wpm": speed,
        "text": " ".join(chunks),
        "noise": {"dbfs": round(float(rng.uniform(-62, -48)), 1), "mains_hum": number % 4 == 3, "seed": number},
        "duration_s": round(audio.size / RATE, 3),
        "hesitations": labels,
        "breaths": breaths,
    }
    return np.clip(audio, -32768, 32767).astype("<i2"), meta


def with_noise(samples: np.ndarray, noise: dict) -> np.ndarray:
    """The clip as evaluated: background noise (and a 50 Hz hum with its
    third harmonic) added at eval time, seeded, so the committed files stay
    small (digital silence compresses; noise does not)."""
    rng = np.random.default_rng(noise["seed"])
    audio = samples.astype(np.float64)
    audio += rng.standard_normal(audio.size) * 32768 * 10 ** (noise["dbfs"] / 20)
    if noise["mains_hum"]:
        t = np.arange(audio.size) / RATE
        audio += 32768 * 10 ** (-50 / 20) * (np.sin(2 * np.pi * 50 * t) + 0.3 * np.sin(2 * np.pi * 150 * t))
    return np.clip(audio, -32768, 32767).astype("<i2")


def write_flac(samples: np.ndarray, dest: Path) -> None:
    import av

    with av.open(str(dest), "w", format="flac") as container:
        stream = container.add_stream("flac", rate=RATE, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def main() -> int:
    if not shutil.which("espeak-ng"):
        print("needs the espeak-ng command (apt install espeak-ng)", file=sys.stderr)
        return 1
    answers = tomllib.loads((ROOT / "question_data" / "demo_answers.toml").read_text())["answers"]
    texts = [a["en"] for a in answers.values()]
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    clips = []
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(CLIPS):
            samples, meta = build_clip(number, texts[(number * 2) % len(texts)], rng, Path(tmp))
            name = f"h{number + 1:02d}.flac"
            write_flac(samples, OUT / name)
            clips.append({"file": name, **meta})
            print(f"{name}: {meta['duration_s']:.1f} s, {len(meta['hesitations'])} hesitations, "
                  f"{len(meta['breaths'])} breaths, voice {meta['voice']}")
    labels = {
        "about": "Spliced hesitations at known times; see bench/make_hesitation_audio.py. Times in seconds.",
        "rate_hz": RATE,
        "clips": clips,
    }
    (OUT / "labels.json").write_text(json.dumps(labels, indent=1) + "\n")
    total = sum(len(c["hesitations"]) for c in clips)
    print(f"{len(clips)} clips, {total} hesitations -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
