"""One consistent archive of a duban site, and its restoration into an empty one.

The archive (a .tar.gz) holds:

- ``database.sqlite3`` (SQLite's online backup API: consistent while the site runs) or
  ``database.pgdump`` (``pg_dump --format=custom``: one snapshot transaction);
- ``media/…``: uploaded evidence and the frozen files of every publication;
- ``manifest.json``: when, from which database, and the SHA-256 and size of every other
  member, so a damaged or altered archive is refused before anything is written.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = "duban-backup"
VERSION = 1


class BackupError(Exception):
    """A one-line reason; nothing was written."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> dict:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _dump_database(into: Path) -> Path:
    if connection.vendor == "sqlite":
        target = into / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target
    target = into / "database.pgdump"
    name = settings.DATABASES["default"]["NAME"]
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), name],  # noqa: S607
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip().splitlines()[-1:]}")
    return target


def write_backup(out: Path) -> dict:
    """Write the archive to ``out`` (via a temporary file, so a failure leaves nothing)."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        database = _dump_database(work_dir)
        members = [(database, database.name)]
        if media.exists():
            members += [
                (path, "media/" + path.relative_to(media).as_posix())
                for path in sorted(media.rglob("*"))
                if path.is_file()
            ]
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "files": [
                {"name": name, "sha256": _sha256(path), "size": path.stat().st_size}
                for path, name in members
            ],
        }
        partial = out.with_name(out.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
                for path, name in members:
                    archive.add(path, arcname=name, recursive=False)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError, AttributeError):
        raise BackupError("not a duban backup: no readable manifest.json") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a duban backup: wrong format in manifest.json")
    files = manifest.get("files")
    well_formed = (
        isinstance(manifest.get("database"), str)
        and isinstance(files, list)
        and all(
            isinstance(e, dict)
            and isinstance(e.get("name"), str)
            and isinstance(e.get("sha256"), str)
            and isinstance(e.get("size"), int)
            and e["size"] >= 0
            for e in files
        )
    )
    if not well_formed:
        raise BackupError("the backup is corrupted: manifest.json lacks database or files")
    return manifest


def _target_is_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the target database is not empty ({len(tables)} tables): "
            "restore only into a new, empty database"
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        raise BackupError(f"the target file store {media} is not empty")


def _safe_path(root: Path, name: str) -> Path:
    """Where a member goes: only the database file or under media/, never outside ``root``
    (the archive may have been tampered with; Debian 12's Python has no tarfile filters)."""
    parts = Path(name).parts
    allowed = name in ("database.sqlite3", "database.pgdump") or (
        len(parts) > 1 and parts[0] == "media"
    )
    if not allowed or Path(name).is_absolute() or ".." in parts:
        raise BackupError(f"the backup is corrupted: unexpected member {name}")
    return root / name


def restore_backup(source: Path) -> dict:
    """Check every member against the manifest, then load the database and the files."""
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {source}: {exc}") from None
    try:
        with archive, tempfile.TemporaryDirectory() as work:
            manifest = _read_manifest(archive)
            if manifest["database"] != connection.vendor:
                raise BackupError(
                    f"the backup is of a {manifest['database']} database; "
                    f"the target is {connection.vendor}"
                )
            _target_is_empty()
            work_dir = Path(work)
            _unpack_checked(archive, manifest, work_dir)
            _load_database(work_dir)
            media = Path(settings.MEDIA_ROOT)
            if (work_dir / "media").exists():
                shutil.copytree(work_dir / "media", media, dirs_exist_ok=True)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"the backup is truncated or damaged: {exc}") from None
    return manifest


def _unpack_checked(archive: tarfile.TarFile, manifest: dict, work_dir: Path) -> None:
    """Every member as the manifest lists it: its size checked before a byte is written,
    no more than that many bytes copied, then its SHA-256."""
    listed = {entry["name"]: entry for entry in manifest["files"]}
    members = {m.name: m for m in archive.getmembers() if m.isfile()}
    members.pop("manifest.json", None)
    if set(members) != set(listed):
        extra = sorted(set(members) ^ set(listed))[:3]
        raise BackupError(f"the backup is corrupted: members differ from the manifest {extra}")
    for name, entry in listed.items():
        target = _safe_path(work_dir, name)
        if members[name].size != entry["size"]:
            raise BackupError(f"the backup is corrupted: {name} is not the size listed")
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(members[name]) as member, target.open("wb") as out:
            left = entry["size"]
            while left > 0:
                chunk = member.read(min(left, 1 << 20))
                if not chunk:
                    raise BackupError(f"the backup is truncated: {name} ends early")
                out.write(chunk)
                left -= len(chunk)
        if _sha256(target) != entry["sha256"]:
            raise BackupError(f"the backup is corrupted: {name} does not match its SHA-256")


def _load_database(work_dir: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(work_dir / "database.sqlite3") as saved:
            saved.backup(connection.connection)
        saved.close()
        return
    name = settings.DATABASES["default"]["NAME"]
    connection.close()
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    command += ["--dbname", name, str(work_dir / "database.pgdump")]
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        command,
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip().splitlines()[-1:]}")
