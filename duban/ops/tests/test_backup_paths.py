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


def _archive(path: Path, manifest, members: dict[str, bytes]) -> Path:
    import io
    import json
    import tarfile

    with tarfile.open(path, "w:gz") as archive:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(
    "manifest",
    [
        {"format": "duban-backup-1"},
        {"format": "duban-backup-1", "database": "sqlite"},
        {"format": "duban-backup-1", "database": "sqlite", "files": [{"name": "x"}]},
        ["not", "a", "dict"],
    ],
)
def test_a_manifest_missing_its_keys_is_one_line(tmp_path, manifest):
    from duban.ops.backup import FORMAT, restore_backup

    if isinstance(manifest, dict):
        manifest["format"] = FORMAT
    with pytest.raises(BackupError) as refused:
        restore_backup(_archive(tmp_path / "b.tar.gz", manifest, {}))
    assert "\n" not in str(refused.value)


def test_a_truncated_archive_is_one_line(tmp_path, db):
    from duban.ops.backup import FORMAT, restore_backup

    whole = _archive(
        tmp_path / "b.tar.gz",
        {"format": FORMAT, "database": "sqlite", "files": []},
        {"media/a.bin": bytes(range(256)) * 4000},
    ).read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BackupError) as refused:
        restore_backup(cut)
    assert "\n" not in str(refused.value)


def test_a_member_larger_than_listed_is_refused_before_it_is_written(tmp_path, monkeypatch):
    from duban.ops import backup

    monkeypatch.setattr(backup, "_target_is_empty", lambda: None)
    monkeypatch.setattr(backup, "_load_database", lambda work: None)
    from django.db import connection

    listed = [{"name": "media/big.bin", "sha256": "0" * 64, "size": 10}]
    written = []
    real_open = Path.open

    def watch(self, mode="r", *args, **kwargs):
        if "w" in mode:
            written.append(self.name)
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", watch)
    path = _archive(
        tmp_path / "b.tar.gz",
        {"format": backup.FORMAT, "database": connection.vendor, "files": listed},
        {"media/big.bin": b"x" * 5_000_000},
    )
    with pytest.raises(BackupError, match="not the size listed"):
        backup.restore_backup(path)
    assert "big.bin" not in written
