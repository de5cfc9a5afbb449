"""Backup and restore as a bureau's IT staff run them: demo data and published files →
`duban backup` → `duban restore` into a new database and file store → every row of every
table and every file equal. A damaged archive or a target in use is refused, untouched."""

import hashlib
import io
import os
import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest

from tests.test_cli import duban

PUBLISH = (
    "from duban.orgs.models import Organization; from duban.publishing import services as s;"
    "org = Organization.objects.get(name='宣城市宣州区民政局');"
    "p = s.compose_publication(org, actor=None, kind='task_list', year=2023);"
    "s.publish_publication(p, actor=None)"
)


class Site:
    """One installation: its database (SQLite file, or a PostgreSQL database of its own
    when the suite runs on PostgreSQL) and its file store."""

    def __init__(self, root: Path, name: str):
        self.var = root / name
        self.var.mkdir()
        server = os.environ.get("DATABASE_URL", "")
        if server.startswith("postgres"):
            import psycopg

            self.db = f"duban_{name}_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.db}"')
            self.url = server.rsplit("/", 1)[0] + "/" + self.db
        else:
            self.db, self.url = None, f"sqlite:///{self.var / 'duban.sqlite3'}"

    def run(self, *args):
        return duban(*args, env={"DUBAN_VAR_DIR": str(self.var), "DATABASE_URL": self.url})

    def rows(self) -> dict[str, list]:
        if self.db is None:
            db = sqlite3.connect(self.var / "duban.sqlite3")
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            query = db.execute
        else:
            import psycopg

            db = psycopg.connect(self.url)
            tables = [
                r[0]
                for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
            ]
            query = db.execute
        found = {
            t: sorted(map(repr, query(f'SELECT * FROM "{t}"').fetchall()))  # noqa: S608 - our own table names
            for t in tables
        }
        db.close()
        return found

    def files(self) -> dict[str, str]:
        media = self.var / "media"
        return {
            p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in media.rglob("*")
            if p.is_file()
        }

    def drop(self):
        if self.db is not None:
            import psycopg

            with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')


@pytest.fixture
def sites(tmp_path):
    made = []

    def site(name):
        made.append(Site(tmp_path, name))
        return made[-1]

    yield site
    for site_ in made:
        site_.drop()


def test_a_backup_restores_every_row_and_every_file(tmp_path, sites):
    source = sites("source")
    assert source.run("migrate").returncode == 0
    assert source.run("demo").returncode == 0
    assert source.run("manage", "shell", "--no-imports", "-c", PUBLISH).returncode == 0
    archive = tmp_path / "duban-backup.tar.gz"
    made = source.run("backup", "-o", str(archive))
    assert made.returncode == 0, made.stderr
    # the five seeds the demo publishes and the published list, each frozen in six formats
    assert len(source.files()) == 36

    target = sites("target")
    restored = target.run("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    before, after = source.rows(), target.rows()
    assert set(before) == set(after)
    for table in before:
        assert before[table] == after[table], table
    assert sum(len(rows) for rows in after.values()) > 1000
    assert target.files() == source.files()
    assert target.run("check").returncode == 0

    again = target.run("restore", str(archive))
    assert again.returncode == 1
    assert again.stderr.startswith("duban: the target database is not empty")


def test_a_damaged_archive_is_refused_and_nothing_is_written(tmp_path, sites):
    source = sites("source")
    source.run("migrate")
    source.run("demo")
    source.run("manage", "shell", "--no-imports", "-c", PUBLISH)
    archive = tmp_path / "duban-backup.tar.gz"
    source.run("backup", "-o", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as good, tarfile.open(damaged, "w:gz") as bad:
        for member in good.getmembers():
            data = good.extractfile(member).read()
            if member.name.endswith(".csv"):
                data = data.replace("社会救助".encode(), "社会保障".encode())  # one changed word
                member.size = len(data)
            bad.addfile(member, io.BytesIO(data))

    target = sites("target")
    refused = target.run("restore", str(damaged))
    assert refused.returncode == 1
    assert "the backup is corrupted: media/publications/" in refused.stderr
    assert refused.stderr.strip().endswith(".csv does not match its SHA-256")
    assert target.rows() == {} and not (target.var / "media").exists()
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(b"not a tar at all")
    assert target.run("restore", str(not_a_backup)).stderr.startswith("duban: cannot read")
