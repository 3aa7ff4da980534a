"""Reading a session never rewrites its record: `show`, `report`, `export`
and `progress` recompute a stale analysis (older code) in memory and leave
the file byte for byte as it was."""

from __future__ import annotations

from tests.test_private_files import edit_record, recorded_session
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
