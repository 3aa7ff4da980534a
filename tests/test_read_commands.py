"""Reading a session never rewrites its record: `show`, `report`, `export`
and `progress` recompute a stale analysis (older code), keep it in a cache
beside the records, and leave the record byte for byte as it was."""

from __future__ import annotations

import json

from tests.test_private_files import edit_record, recorded_session
from voice_interview import analysis
from voice_interview.analysis import ANALYSIS_VERSION


def test_read_commands_leave_a_record_with_an_old_analysis_unchanged(invoke, data_home, jfk_path, tmp_path):
    path = recorded_session(data_home, jfk_path)
    stale = {"version": ANALYSIS_VERSION - 1}
    edit_record(path, lambda record: [a.update(analysis=stale) for a in record["answers"]])
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    out = tmp_path / "out"
    out.mkdir()
    for args in (["show", "latest"], ["progress"], ["progress", "--json"],
                 ["report", "latest", "-o", out / "report.html"],
                 ["export", "latest", "-f", "md", "-o", out / "s.md"],
                 ["export", "latest", "-f", "zip", "-o", out / "s.zip"]):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == (before, stamp), args
    assert "Progress over 1 session" in invoke("progress").output
    # What was recomputed is kept beside the records, for this version of the record only.
    cached = data_home / "sessions" / ".cache" / f"{path.stem}.json"
    assert sorted(json.loads(cached.read_text())["answers"]) == ["1", "2"]


def test_a_recomputed_analysis_is_read_from_the_cache_until_the_record_changes(invoke, data_home, jfk_path,
                                                                               monkeypatch):
    path = recorded_session(data_home, jfk_path)
    first = invoke("show", "latest").output
    calls = []
    monkeypatch.setattr(analysis, "analyze_answer", lambda *a, **k: calls.append(a) or {"version": 0})
    assert invoke("show", "latest").output == first and calls == []
    edit_record(path, lambda record: record.update(status="interrupted"))  # a new stamp: the cache is stale
    invoke("show", "latest")
    assert len(calls) == 2
