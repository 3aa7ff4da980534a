"""Property-based tests (Hypothesis) over the three readers of outside data:
the bank loader, the session loader and the archive importer. Every input
gives a usable result or a clean ``VoiceInterviewError`` of one line; any
other exception is a bug. Inputs are random text and bytes, and random
mutations of real data (the shipped bank, a saved session, an exported
archive), which reach far deeper than random bytes do."""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import tomllib
import wave
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from voice_interview.banks import bank as bank_module
from voice_interview.outputs import sharing
from voice_interview.records import store
from voice_interview.banks.bank import Bank, default_bank_path, load_bank
from voice_interview.cli import cli
from voice_interview.edges.fakes import write_silence
from voice_interview.errors import VoiceInterviewError
from voice_interview.records.review import set_answer_review
from voice_interview.records.session import Session
from voice_interview.outputs.views import answer_lines, header_lines, session_json

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 120)),
    deadline=None,
    database=None,  # failures print their example; nothing is written to the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)
LANGUAGES = st.sampled_from(["en", "nb", "sv"])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def locations(node, prefix=()):
    """Every path to a value inside nested dicts and lists."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from locations(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from locations(value, prefix + (index,))


def mutations(data):
    """Lists of (location, operation, value) edits of ``data``."""
    edit = st.tuples(st.sampled_from(list(locations(data))[1:]), st.sampled_from(["set", "delete", "copy"]),
                     json_values)
    return st.lists(edit, min_size=1, max_size=3)


def mutated(data, edits):
    data = copy.deepcopy(data)
    for where, operation, value in edits:
        parent = data
        try:
            for key in where[:-1]:
                parent = parent[key]
            if operation == "set":
                parent[where[-1]] = value
            elif operation == "delete":
                del parent[where[-1]]
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(parent[where[-1]]))
        except (KeyError, IndexError, TypeError):
            pass  # an earlier edit removed the place
    return data


def assert_clean(error: VoiceInterviewError) -> None:
    message = str(error)
    assert message and "\n" not in message


# --- the bank loader ------------------------------------------------------------------

SHIPPED_TEXT = default_bank_path().read_text(encoding="utf-8")
SHIPPED_RAW = tomllib.loads(SHIPPED_TEXT)
TOML_PIECES = st.sampled_from(
    ["[", "]", "[[", "]]", "{", "}", "=", ",", '"', "'", '"""', ".", "\n", " ", "questions", "categories",
     "id", "en", "nb", "x", "1", "-1", "true", "1979-05-27", "inf", "nan", "#", "\\", "\x00", "é"]
)
bank_texts = st.one_of(
    st.lists(TOML_PIECES, max_size=40).map("".join),
    st.text(max_size=80),
    st.tuples(st.integers(0, len(SHIPPED_TEXT)), st.integers(0, 40), st.text(max_size=6)).map(
        lambda cut: SHIPPED_TEXT[: cut[0]] + cut[2] + SHIPPED_TEXT[cut[0] + cut[1]:]),
)


def assert_usable(bank: Bank, language: str) -> None:
    assert bank.language == language
    for question in bank.select(()):
        assert question.text and question.guidance and question.category in bank.category_slugs()


@FUZZ
@given(content=st.one_of(bank_texts.map(str.encode), st.binary(max_size=80)), language=LANGUAGES)
@example(content=b"a = " + b"[" * 20_000, language="en")
def test_bank_text_loads_or_says_what_is_wrong(tmp_path, content, language):
    path = tmp_path / "bank.toml"
    path.write_bytes(content)
    try:
        bank = load_bank(path, language)
    except VoiceInterviewError as error:
        assert_clean(error)
        assert str(path) in str(error)
        return
    assert_usable(bank, language)


@FUZZ
@given(edits=mutations(SHIPPED_RAW), language=LANGUAGES)
def test_mutated_bank_data_loads_or_names_the_problem(tmp_path, edits, language):
    raw = mutated(SHIPPED_RAW, edits)
    path = tmp_path / "bank.toml"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bank_module, "read_bank_file", lambda _: raw)  # no TOML writer needed
        try:
            bank = load_bank(path, language)
        except VoiceInterviewError as error:
            assert_clean(error)
            assert str(error).startswith(f"{path}: ")
            return
    assert_usable(bank, language)


# --- the session loader ------------------------------------------------------------------

SESSION_ID = "20261126-093000-ab12"


def real_record() -> dict:
    from tests.test_store import sample_session

    session = sample_session(SESSION_ID)
    session.answers[0].question.talking_points = [{"label": "Reasons", "cues": ["because", "why"]}]
    set_answer_review(session, "ana", 1, {"structure": 4}, "Clear.")
    return session.to_dict()


REAL_RECORD = real_record()


def assert_readable(session: Session) -> None:
    """What `show`, `export` and `sessions` do with a loaded session."""
    header_lines(session)
    for answer in session.answers:
        answer_lines(session, answer)
    json.dumps(session_json(session))
    sharing.to_markdown(session)
    sharing.to_srt(session)
    sharing.to_vtt(session)


def load_saved(data_home: Path, content: bytes):
    folder = data_home / "sessions"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / f"{SESSION_ID}.json"
    path.write_bytes(content)
    try:
        session = store.load_session_file(path)
    except VoiceInterviewError as error:
        assert_clean(error)
        session = None
    else:
        assert isinstance(session, Session)
        assert_readable(session)
    listing = CliRunner().invoke(cli, ["sessions"], catch_exceptions=False)
    assert listing.exit_code == 0, listing.output
    assert SESSION_ID in listing.output
    return session


@FUZZ
@given(content=st.binary(max_size=200))
@example(content=b"[" * 3_000)
def test_session_bytes_load_or_are_damaged(data_home, content):
    load_saved(data_home, content)


@FUZZ
@given(record=json_values)
def test_session_json_of_any_shape(data_home, record):
    load_saved(data_home, json.dumps(record).encode())


@FUZZ
@given(edits=mutations(REAL_RECORD))
@example(edits=[(("answers", 0, "transcript", "segments", 0, "words", 0, "start_s"), "set", float("inf"))])
@example(edits=[(("reviews", 0, "answers", "1", "notes"), "set", 5)])
def test_mutated_session_records(data_home, edits):
    session = load_saved(data_home, json.dumps(mutated(REAL_RECORD, edits)).encode())
    if session is not None:
        shown = CliRunner().invoke(cli, ["show", SESSION_ID], catch_exceptions=False)
        assert shown.exit_code == 0, shown.output


# --- the archive importer ------------------------------------------------------------------

def real_archive(folder: Path) -> Path:
    """An exported archive of a session with a question and an answer recording."""
    from tests.test_store import sample_session

    home = folder / "exporter"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VOICE_INTERVIEW_HOME", str(home))
        session = sample_session(SESSION_ID)
        answer = session.answers[0]
        answer.question_audio = f"audio/{SESSION_ID}/q01-question.wav"
        answer.answer_audio = f"audio/{SESSION_ID}/q01-answer.wav"
        for relative in (answer.question_audio, answer.answer_audio):
            write_silence(home / relative, 0.05)
        return sharing.write_archive(session, folder / "real.zip")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return real_archive(tmp_path_factory.mktemp("archive"))


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def members_of(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def import_into_empty_home(data_home: Path, tmp_path: Path, archive: bytes) -> None:
    """Import ``archive``; a success gives a session that loads with its
    audio inside the data directory, a failure leaves no file behind."""
    for child in data_home.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    path = tmp_path / "archive.zip"
    path.write_bytes(archive)
    try:
        session = sharing.import_archive(path, force=True)
    except VoiceInterviewError as error:
        assert_clean(error)
        assert [p for p in data_home.rglob("*") if p.is_file()] == []
        return
    assert store.load_session(session.id) == session
    for file in (p for p in data_home.rglob("*") if p.is_file()):
        relative = file.relative_to(data_home).as_posix()
        assert relative == f"sessions/{session.id}.json" or relative.startswith(f"audio/{session.id}/")
        if relative.endswith(".wav"):
            with wave.open(str(file), "rb") as wav:
                assert wav.getsampwidth() == 2


@FUZZ
@given(content=st.binary(max_size=300))
def test_random_bytes_are_not_an_archive(data_home, tmp_path, content):
    import_into_empty_home(data_home, tmp_path, content)


@FUZZ
@given(changes=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=4))
def test_corrupted_archives(data_home, tmp_path, exported, changes):
    data = bytearray(exported.read_bytes())
    for position, value in changes:
        data[position % len(data)] = value
    import_into_empty_home(data_home, tmp_path, bytes(data))


MEMBER_NAMES = st.one_of(
    st.sampled_from([
        "manifest.json", f"sessions/{SESSION_ID}.json", f"audio/{SESSION_ID}/q01-answer.wav",
        f"audio/{SESSION_ID}/q01-answer.ogg", f"audio/{SESSION_ID}/", f"audio/{SESSION_ID}/.", "../x.wav",
        "/etc/x", "C:/x", "a\\b", "audio/../../x", f"sessions/{SESSION_ID}.json/..",
    ]),
    st.text(min_size=1, max_size=16).filter(lambda name: name.split("\x00")[0]),  # zip cuts at NUL
)
AUDIO_REFERENCES = st.sampled_from([
    f"audio/{SESSION_ID}/q01-answer.wav", f"audio/{SESSION_ID}/q01-question.wav", f"audio/{SESSION_ID}/",
    f"audio/{SESSION_ID}/.", f"audio/{SESSION_ID}/q01-answer.ogg", f"audio/{SESSION_ID}/../x.wav",
    "audio/20200101-000000-bbbb/q01-answer.wav", "/etc/passwd",
])


@FUZZ
@given(
    data=st.data(),
    keep_real_members=st.booleans(),
    extra=st.dictionaries(MEMBER_NAMES, st.binary(max_size=64), max_size=3),
)
def test_archives_with_odd_members_and_records(data_home, tmp_path, exported, data, keep_real_members, extra):
    members = members_of(exported.read_bytes()) if keep_real_members else {}
    record_name = f"sessions/{SESSION_ID}.json"
    if record_name in members:
        record = json.loads(members[record_name])
        edits = data.draw(st.lists(st.tuples(st.sampled_from(list(locations(record))[1:]),
                                             st.one_of(json_values, AUDIO_REFERENCES)), max_size=2))
        record = mutated(record, [(where, "set", value) for where, value in edits])
        members[record_name] = json.dumps(record).encode()
    import_into_empty_home(data_home, tmp_path, zip_of({**members, **extra}))
