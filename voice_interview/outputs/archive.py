"""The portable zip of a session: its record and all its audio (follow-ups
and earlier takes included), converted to another format if asked, and
``import``, which restores it on another machine: audio back to WAV, unsafe
paths and unexpected names refused, nothing half-written on failure.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import wave
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from voice_interview.errors import AudioFileError, BadInputError, SessionFormatError, StorageError
from voice_interview.records import paths, store
from voice_interview.records.locks import session_writer
from voice_interview.records.privatefile import private_atomic
from voice_interview.records.session import SESSION_ID_PATTERN, Session
from voice_interview.records.wavfile import read_wav

ARCHIVE_FORMAT = "voice-interview-export"
ARCHIVE_VERSION = 1
MANIFEST = "manifest.json"
AUDIO_FORMATS = ("wav", "flac", "mp3", "ogg")
MAX_ARCHIVE_BYTES = 4 * 1024**3
# An audio file's name inside audio/<id>/ (the exporter writes q01-answer.wav and the like).
AUDIO_MEMBER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(?:wav|flac|mp3|ogg)")

AUDIO_KEYS = ("question_audio", "answer_audio")


def _audio_holders(item: dict) -> list[dict]:
    """A record's answer and every part of it that names audio of its own:
    its follow-ups and its earlier takes (with their follow-ups)."""
    holders = [item]
    for key in ("follow_ups", "attempts"):
        parts = item.get(key)
        for part in parts if isinstance(parts, list) else []:
            if isinstance(part, dict):
                holders += _audio_holders(part)
    return holders


def _audio_refs(record: dict) -> list[tuple[dict, str]]:
    """(holder, key) for every audio path a session record names."""
    return [(holder, key) for answer in record["answers"] if isinstance(answer, dict)
            for holder in _audio_holders(answer) for key in AUDIO_KEYS if holder.get(key)]


def audio_files(session: Session) -> list[str]:
    return list(dict.fromkeys(holder[key] for holder, key in _audio_refs(session.to_dict())))


def unpackable_audio(session: Session) -> list[str]:
    """The session's audio files that ``write_archive`` leaves out, each with
    why: what ``import`` would refuse (not there, not a 16-bit WAV)."""
    return [f"{relative} ({problem})" for relative in audio_files(session)
            if (problem := audio_problem(store.data_path(relative)))]


def audio_problem(path: Path) -> str | None:
    try:
        return None if read_wav(path, header_only=True).format.bits == 16 else "not 16-bit audio"
    except FileNotFoundError:
        return "missing"
    except (wave.Error, EOFError, OSError):
        return "not readable audio"


def write_archive(session: Session, dest: Path, audio_format: str = "wav") -> Path:
    """The portable zip of a session at ``dest``, owner-only, written under a
    temporary name and renamed when complete. Audio that is missing or not
    readable (``unpackable_audio``) is left out and its record names none,
    so ``import`` takes the rest."""
    record = session.to_dict()
    with private_atomic(dest) as handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        packed: dict[str, str | None] = {}  # path in the record -> member name (None: left out)
        for holder, key in _audio_refs(record):
            relative = holder[key]
            if relative not in packed:
                packed[relative] = _pack_audio(archive, session.id, relative, audio_format)
            holder[key] = packed[relative]
        archive.writestr(f"sessions/{session.id}.json", json.dumps(record, ensure_ascii=False, indent=1))
        archive.writestr(MANIFEST, json.dumps(
            {"format": ARCHIVE_FORMAT, "format_version": ARCHIVE_VERSION, "session_id": session.id,
             "audio_format": audio_format}))
    return dest


def _pack_audio(archive: zipfile.ZipFile, session_id: str, relative: str, audio_format: str) -> str | None:
    """Put one audio file in the archive, under its own name (q01-answer,
    q01-follow-up1-question, q01-answer-take2...); None if it is unusable."""
    source = store.data_path(relative)
    if audio_problem(source):
        return None
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", PurePosixPath(relative).stem).lstrip("._-") or "audio"
    name = f"audio/{session_id}/{stem}.{audio_format}"
    if audio_format == "wav":
        archive.write(source, name)
    else:
        archive.writestr(name, _convert(source, audio_format))
    return name


def _convert(source: Path, audio_format: str) -> bytes:
    from voice_interview.edges.audiofile import export_audio

    return export_audio(source, audio_format)


def import_archive(archive_path: Path, force: bool = False) -> Session:
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError):
        raise BadInputError(f"{archive_path}: not a voice-interview archive (not a readable zip file)") from None
    with archive:
        names = archive.namelist()
        for name in names:
            parts = PurePosixPath(name).parts
            if name.startswith(("/", "\\")) or ".." in parts or "\\" in name or (parts and ":" in parts[0]):
                raise BadInputError(f"{archive_path}: refusing the unsafe path {name!r} inside the archive")
        if sum(info.file_size for info in archive.infolist()) > MAX_ARCHIVE_BYTES:
            raise BadInputError(f"{archive_path}: the archive unpacks to over 4 GB; refusing it")
        manifest = _read_json(archive, MANIFEST, archive_path)
        if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
            raise BadInputError(f"{archive_path}: not a voice-interview archive (no manifest)")
        if not isinstance(manifest.get("format_version"), int) or manifest["format_version"] > ARCHIVE_VERSION:
            raise SessionFormatError(f"{archive_path}: made by a newer voice-interview; upgrade to import it")
        session_id = manifest.get("session_id")
        if not isinstance(session_id, str) or not SESSION_ID_PATTERN.match(session_id):
            raise BadInputError(f"{archive_path}: the archive names no valid session id")
        if store.session_path(session_id).exists() and not force:
            raise BadInputError(f"session {session_id} already exists here; pass --force to replace it")
        record = _read_json(archive, f"sessions/{session_id}.json", archive_path)
        try:
            with tempfile.TemporaryDirectory(prefix=".import-", dir=paths.private_dir(paths.data_dir())) as tmp:
                session = _restore(archive, record, session_id, Path(tmp), archive_path)
        except OSError as exc:
            raise StorageError(f"could not import {archive_path} into {paths.data_dir()} ({exc.strerror}); "
                               "free some disk space or check its permissions") from None
    return session


def _read_member(archive: zipfile.ZipFile, name: str, archive_path: Path) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise BadInputError(f"{archive_path}: the archive has no {name}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError):
        # truncated, corrupted, encrypted or compressed in a way zipfile cannot read
        raise BadInputError(f"{archive_path}: {name} inside the archive is damaged") from None


def _read_json(archive: zipfile.ZipFile, name: str, archive_path: Path):
    try:
        return json.loads(_read_member(archive, name, archive_path).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadInputError(f"{archive_path}: {name} inside the archive is damaged") from None


def _restore(archive: zipfile.ZipFile, record, session_id: str, tmp: Path, archive_path: Path) -> Session:
    """Unpack into ``tmp``, convert audio back to WAV, then move into place,
    so a failed import leaves nothing half-written."""
    if not isinstance(record, dict) or not isinstance(record.get("answers"), list):
        raise SessionFormatError(f"{archive_path}: the session record inside is damaged")
    if record.get("id") != session_id:  # else it could replace another session, unasked
        raise SessionFormatError(f"{archive_path}: the session record inside is not session {session_id}")
    prefix = f"audio/{session_id}/"
    staged: dict[str, Path] = {}  # wav name -> unpacked file; one file may serve twice
    if not all(isinstance(answer, dict) for answer in record["answers"]):
        raise SessionFormatError(f"{archive_path}: the session record inside is damaged")
    for holder, key in _audio_refs(record):
        name = holder[key]
        if (not isinstance(name, str) or not name.startswith(prefix)
                or not AUDIO_MEMBER_NAME.fullmatch(name[len(prefix):])):
            raise BadInputError(f"{archive_path}: unexpected audio path {name!r} in the session record")
        wav_name = str(PurePosixPath(name).with_suffix(".wav"))
        holder[key] = wav_name
        if wav_name not in staged:
            staged[wav_name] = _unpack_audio(archive, name, tmp / PurePosixPath(wav_name).name, archive_path)
    session = store.session_from_record(record, archive_path)
    with session_writer(session_id):  # --force: not while an interview writes it
        store.session_audio_dir(session_id)
        for wav_name, target in staged.items():
            destination = store.data_path(wav_name)
            shutil.move(str(target), destination)
            paths.make_private(destination)
        store.save_session(session, replace_reviews=True)
    return session


def _unpack_audio(archive: zipfile.ZipFile, name: str, target: Path, archive_path: Path) -> Path:
    """The member ``name`` as a 16-bit WAV file at ``target``."""
    data = _read_member(archive, name, archive_path)
    try:
        if name.endswith(".wav"):
            target.write_bytes(data)
        else:
            packed = target.with_name("packed-" + PurePosixPath(name).name)
            packed.write_bytes(data)
            _to_wav(packed, target)
        if read_wav(target, header_only=True).format.bits != 16:
            raise wave.Error("not 16-bit")
    except (AudioFileError, wave.Error, EOFError):
        raise AudioFileError(f"{archive_path}: {name} inside the archive is not readable audio") from None
    return target


def _to_wav(source: Path, target: Path) -> None:
    from voice_interview.edges.audiofile import export_audio

    target.write_bytes(export_audio(source, "wav"))
