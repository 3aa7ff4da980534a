"""The folders' arrows point one way, and the core knows no hardware and no
Click (README, "How it is built"). Every import counts, also one inside a
function: a lazy import is still an arrow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "voice_interview"
SHARED = {"errors", "status", "interrupts"}  # root modules every layer may use
# What each folder may import from the others (besides itself and SHARED).
ALLOWED = {
    "records": set(),
    "analysis": {"records"},
    "banks": {"records"},
    "edges": {"records"},
    "core": {"edges.base", "records", "banks", "analysis"},
    "outputs": {"records", "analysis", "edges", "banks"},
    "commands": {"core", "edges", "records", "banks", "analysis", "outputs", "cli"},
}
HARDWARE_OR_CLI = {"click", "sounddevice", "pyttsx3", "faster_whisper", "ctranslate2", "pydub", "onnxruntime"}


def _is_package(dotted: str) -> bool:
    return (PACKAGE.parent / dotted.replace(".", "/")).is_dir()


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports, dotted (``from pkg import mod`` names ``pkg.mod``)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _is_package(node.module):
                names += [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                names.append(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _inside(name: str) -> str | None:
    """``voice_interview.edges.base`` -> ``edges.base``; None outside the package."""
    return name.removeprefix("voice_interview.") if name.startswith("voice_interview.") else None


def _allowed(folder: str, target: str) -> bool:
    rules = ALLOWED[folder] | SHARED | {folder, "__version__"}
    return any(target == rule or target.startswith(rule + ".") for rule in rules)


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_each_folder_imports_only_what_lies_below_it(folder):
    wrong = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in _modules(folder) for name in _imports(path)
             if _inside(name) is not None and not _allowed(folder, _inside(name))]
    assert not wrong, "\n".join(wrong)


def test_the_core_imports_no_hardware_and_no_click():
    found = [f"{path.relative_to(PACKAGE)}: {name}"
             for path in _modules("core") for name in _imports(path)
             if name.split(".")[0] in HARDWARE_OR_CLI]
    assert not found, found


def test_the_core_reaches_the_edges_only_through_their_ports():
    found = [f"{path.relative_to(PACKAGE)}: {name}"
             for path in _modules("core") for name in _imports(path)
             if name.startswith("voice_interview.edges") and not name.startswith("voice_interview.edges.base")]
    assert not found, found


def test_the_shared_root_modules_import_nothing_of_the_layers():
    for name in SHARED:
        for imported in _imports(PACKAGE / f"{name}.py"):
            inside = _inside(imported)
            assert inside is None or inside in SHARED, f"{name}.py imports {imported}"
