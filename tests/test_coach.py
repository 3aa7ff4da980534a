"""The coach's side over a session recorded by the real pipeline:
sessions, show, replay, review, export and import."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import pytest

from tests.conftest import run_command
from voice_interview.records import indexes, store
from voice_interview.edges.fakes import ClockPlayback
from voice_interview.outputs.replay import TICK_S, Replayer, word_index_at

pytestmark = pytest.mark.slow


@pytest.fixture
def session(recorded_home, data_home):
    shutil.copytree(recorded_home, data_home, dirs_exist_ok=True)
    return store.load_session("latest")


def test_the_recorded_session_is_real(session, data_home):
    assert len(session.answers) == 2 and session.status == "completed"
    for answer in session.answers:
        assert "linkedin" in answer.transcript.text.lower()
        assert answer.question_audio_end_s > answer.question_audio_start_s
        assert answer.transcript.words


def test_sessions_lists_newest_first(invoke, session):
    older = store.load_session(session.id)
    older.id = "20200101-000000-abcd"
    store.save_session(older)
    result = invoke("sessions")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1].startswith(session.id) and lines[2].startswith(older.id)
    assert "2/2" in lines[1] and "strategy" in lines[1]
    data = json.loads(invoke("sessions", "--json").output)
    assert [s["id"] for s in data] == [session.id, older.id]
    assert data[0]["answered"] == 2 and data[0]["speaking_time_s"] > 5


def test_sessions_index_follows_changes_and_survives_damage(invoke, session):
    invoke("sessions")
    index = store.session_path(session.id).parent / indexes.INDEX_NAME
    assert index.is_file()
    index.write_text("{broken")
    assert json.loads(invoke("sessions", "--json").output)[0]["id"] == session.id
    store.session_path(session.id).write_text("{not json")
    assert json.loads(invoke("sessions", "--json").output)[0]["status"] == "damaged"


def test_show_puts_transcript_beside_guidance_at_80_columns(invoke, session):
    result = invoke("show", "latest")
    assert result.exit_code == 0
    out = result.output
    assert "TRANSCRIPT" in out and "WHAT TO LISTEN FOR" in out
    assert session.answers[0].question.text[:40] in out.replace("\n", " ")
    assert "latency" in out and "think" in out
    assert "LinkedIn" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    one = invoke("show", session.id, "--question", "2").output
    assert "Question 2/2" in one and "Question 1/2" not in one


def test_show_json_has_timings(invoke, session):
    data = json.loads(invoke("show", "latest", "--json").output)
    timing = data["answers"][0]["timings"]
    assert timing["answer_duration_s"] > 5 and timing["response_latency_s"] >= 0


@pytest.mark.parametrize("reference", ["../../etc/passwd", "nope", "20261126-093000-zzzz"])
def test_bad_session_ids_are_one_line(invoke, session, reference):
    for command in ("show", "replay", "export", "review"):
        args = [command, reference] + (["--format", "md"] if command == "export" else [])
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and result.output.startswith("Error: ")


def test_question_out_of_range(invoke, session):
    result = invoke("show", "latest", "--question", "5")
    assert result.exit_code == 2 and "pick --question 1 to 2" in result.output


def parse_subtitles(text: str) -> list[tuple[float, float, str]]:
    pattern = re.compile(r"(\d+):(\d+):(\d+)[,.](\d+) --> (\d+):(\d+):(\d+)[,.](\d+)\n(.+)")
    cues = []
    for m in pattern.finditer(text):
        h1, m1, s1, ms1, h2, m2, s2, ms2 = map(int, m.groups()[:8])
        cues.append((h1 * 3600 + m1 * 60 + s1 + ms1 / 1000, h2 * 3600 + m2 * 60 + s2 + ms2 / 1000, m.group(9)))
    return cues


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_subtitles_follow_the_word_timings(invoke, session, tmp_path, fmt):
    target = tmp_path / f"s.{fmt}"
    assert invoke("export", "latest", "--format", fmt, "-o", target).exit_code == 0
    text = target.read_text()
    assert text.startswith("WEBVTT") == (fmt == "vtt")
    cues = parse_subtitles(text)
    first_words = session.answers[0].transcript.words
    second_words = session.answers[1].transcript.words
    offset = session.answers[0].answer_audio_duration_s
    expected_words = [w.word for w in first_words + second_words]
    assert " ".join(c[2] for c in cues).split() == expected_words
    assert cues[0][0] == pytest.approx(first_words[0].start_s, abs=0.001)
    second_start = next(c for c in cues if c[0] >= offset)
    assert second_start[0] == pytest.approx(offset + second_words[0].start_s, abs=0.001)
    assert all(a[0] <= a[1] <= b[0] + 1e-6 for a, b in zip(cues, cues[1:]))


def test_markdown_export_is_a_review_document(invoke, session, tmp_path):
    target = tmp_path / "review.md"
    invoke("review", "latest", "--reviewer", "ana", "--scores", "-",
           input=json.dumps({"answers": [{"question": 1, "scores": {"structure": 4}, "notes": "Good hook."}]}))
    assert invoke("export", "latest", "--format", "md", "-o", target).exit_code == 0
    text = target.read_text()
    assert text.startswith(f"# Interview session {session.id}")
    assert "### What to listen for" in text and "LinkedIn" in text
    assert "**ana**: structure 4/5 — Good hook." in text


@pytest.mark.parametrize("audio_format", ["wav", "flac"])
def test_zip_round_trip_gives_an_identical_show(invoke, session, tmp_path, data_home, monkeypatch, audio_format):
    archive = tmp_path / "s.zip"
    result = invoke("export", "latest", "--format", "zip", "-o", archive, "--audio-format", audio_format)
    assert result.exit_code == 0 and "4 audio files" in result.output
    with zipfile.ZipFile(archive) as zipped:
        assert sum(n.endswith("." + audio_format) for n in zipped.namelist()) == 4
    before = invoke("show", "latest", "--json").output
    other_home = tmp_path / "elsewhere"
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(other_home))
    imported = invoke("import", archive)
    assert imported.exit_code == 0, imported.output
    assert invoke("show", session.id, "--json").output == before
    for answer in store.load_session(session.id).answers:
        assert (other_home / answer.answer_audio).stat().st_size > 1000
    again = invoke("import", archive)
    assert again.exit_code == 2 and "--force" in again.output
    assert invoke("import", archive, "--force").exit_code == 0


def make_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("bad_name", ["../evil.json", "/etc/evil", "audio/../../x.wav"])
def test_import_refuses_unsafe_paths(invoke, tmp_path, bad_name):
    archive = make_zip(tmp_path / "bad.zip", {"manifest.json": b"{}", bad_name: b"x"})
    result = invoke("import", archive)
    assert result.exit_code == 2 and "unsafe path" in result.output
    assert not (tmp_path / "evil.json").exists()


def test_import_refuses_what_is_not_an_archive(invoke, tmp_path):
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("hello")
    assert "not a readable zip" in invoke("import", not_zip).output
    empty = make_zip(tmp_path / "e.zip", {"a.txt": b"x"})
    assert "no manifest.json" in invoke("import", empty).output


def test_reviews_from_several_coaches_are_kept_apart_and_editable(invoke, session):
    def score(reviewer, value, notes):
        payload = {"answers": [{"question": 1, "scores": {"structure": value, "delivery": 3}, "notes": notes}]}
        return invoke("review", "latest", "--reviewer", reviewer, "--scores", "-", input=json.dumps(payload))

    assert score("ana", 4, "Clear.").exit_code == 0
    assert score("bo", 2, "Rambling.").exit_code == 0
    assert score("ana", 5, "Clear, improved.").exit_code == 0
    reviews = json.loads(invoke("review", "latest", "--json").output)["reviews"]
    assert [r["reviewer"] for r in reviews] == ["ana", "bo"]
    assert reviews[0]["answers"]["1"] == {"scores": {"structure": 5, "delivery": 3}, "notes": "Clear, improved."}
    shown = invoke("show", "latest", "-q", "1").output
    assert "Coach ana: structure 5 · delivery 3" in shown and "Coach bo: structure 2" in shown


@pytest.mark.parametrize(
    "payload, message",
    [
        ('{"answers": [{"question": 1, "scores": {"structure": 9}}]}', "from 1 to 5"),
        ('{"answers": [{"question": 7, "scores": {}}]}', "has no answer 7"),
        ('{"answers": [{"question": 1, "scores": {"charm": 3}}]}', "unknown rubric score"),
        ("not json", "not valid JSON"),
    ],
)
def test_bad_scores_are_refused(invoke, session, payload, message):
    result = invoke("review", "latest", "--scores", "-", input=payload)
    assert result.exit_code == 2 and message in result.output
    assert store.load_session("latest").reviews == []


def test_interactive_review_needs_a_terminal(invoke, session):
    result = invoke("review", "latest")
    assert result.exit_code == 2 and "--scores" in result.output


class RecordingView:
    def __init__(self):
        self.highlights: list[tuple[str, int | None, float]] = []
        self.part_name = ""

    def begin(self, answer, total):
        pass

    def part(self, label):
        self.part_name = label

    def highlight(self, words, index, position_s, duration_s, paused):
        self.highlights.append((self.part_name, index, position_s))

    def end_part(self):
        pass


class ScriptedKeys:
    """Advances a fake clock on every read; presses keys at given times."""

    def __init__(self, clock, presses=()):
        self.clock = clock
        self.presses = dict(presses)

    def read(self, timeout_s):
        self.clock.now += timeout_s
        for at in list(self.presses):
            if self.clock.now >= at:
                return self.presses.pop(at)
        return None


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_replay_highlight_follows_the_word_timestamps(session):
    from voice_interview.records.wavfile import read_wav_samples

    clock = FakeClock()
    view = RecordingView()

    def start(path):
        samples, rate = read_wav_samples(path)
        return ClockPlayback(len(samples) / rate, clock)

    Replayer(session, start, store.data_path, view, ScriptedKeys(clock)).run(first=1, only_one=True)
    words = session.answers[0].transcript.words
    answer_highlights = [(i, t) for part, i, t in view.highlights if part == "answer"]
    indices = [i for i, _ in answer_highlights if i is not None]
    assert indices == sorted(indices) and indices[-1] == len(words) - 1
    # Every word that is on screen for longer than one tick was highlighted.
    starts = [w.start_s for w in words] + [words[-1].end_s]
    lasting = {i for i in range(len(words)) if starts[i + 1] - starts[i] > TICK_S}
    assert lasting <= set(indices)
    for index, position in answer_highlights:
        assert index == word_index_at(words, position)
        if index is not None:
            assert words[index].start_s <= position


def test_replay_keys_pause_next_and_quit(session):
    from voice_interview.records.wavfile import read_wav_samples

    clock = FakeClock()
    view = RecordingView()
    started = []

    def start(path):
        started.append(path.name)
        samples, rate = read_wav_samples(path)
        return ClockPlayback(len(samples) / rate, clock)

    keys = ScriptedKeys(clock, {0.5: " ", 2.5: " ", 3.0: "n", 3.5: "q"})
    Replayer(session, start, store.data_path, view, keys).run()
    assert started == ["q01-question.wav", "q02-question.wav"]
    paused_positions = [t for part, _, t in view.highlights if 0.5 < t < 0.6]
    assert paused_positions  # the position held still while paused


def test_replay_through_the_real_audio_device(session, data_home, tmp_path):
    import os

    alsa = tmp_path / "alsa"
    alsa.mkdir()
    (alsa / ".asoundrc").write_text(
        f'pcm.!default {{ type plug slave.pcm "out" }}\npcm.out {{ type file slave.pcm "nullsink" '
        f'file "{alsa}/speaker.raw" format "raw" }}\npcm.nullsink {{ type null }}\n'
    )
    result = run_command(["replay", "latest", "--question", "1"], env={**os.environ, "HOME": str(alsa)})
    assert result.returncode == 0, result.stderr
    words = [w.word for w in session.answers[0].transcript.words]
    assert " ".join(words) in result.stdout
    assert (alsa / "speaker.raw").stat().st_size > 16000


def test_replay_without_a_speaker_prints_the_timed_transcript(session, tmp_path):
    import os

    result = run_command(["replay", "latest"], env={**os.environ, "HOME": str(tmp_path)})
    if "no speaker" not in result.stderr:
        pytest.skip("this machine has a real speaker")
    assert result.returncode == 0
    first = session.answers[0].transcript.segments[0]
    assert f"[{first.start_s:6.2f}–{first.end_s:6.2f} s]" in result.stdout
