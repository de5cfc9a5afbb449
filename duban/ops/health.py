"""Is the site able to serve: the database reachable, every migration applied."""

from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor


@dataclass
class Health:
    ok: bool
    reason: str = ""


def pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def database_health() -> Health:
    try:
        connection.ensure_connection()
        pending = pending_migrations()
    except DatabaseError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return Health(False, f"database unreachable: {first}")
    if pending:
        return Health(False, f"{pending} migrations not applied")
    return Health(True)
