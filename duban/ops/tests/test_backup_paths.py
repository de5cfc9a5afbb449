"""A tampered archive cannot write outside the restore's work directory."""

from pathlib import Path

import pytest

from duban.ops.backup import BackupError, _safe_path


@pytest.mark.parametrize(
    "name", ["../etc/passwd", "/etc/passwd", "media/../../x", "settings.py", "media"]
)
def test_a_member_outside_the_database_and_media_is_refused(name):
    with pytest.raises(BackupError, match="unexpected member"):
        _safe_path(Path("/w"), name)


def test_the_database_and_media_files_are_placed_under_the_work_directory():
    assert _safe_path(Path("/w"), "database.pgdump") == Path("/w/database.pgdump")
    assert _safe_path(Path("/w"), "media/evidence/2023/a.pdf") == Path(
        "/w/media/evidence/2023/a.pdf"
    )
