"""Tasks the worker tests queue: one that fails a given number of times, one that always
fails. Their counters live in the process, as the worker runs in the test's process."""

from django_tasks import task

CALLS: dict[str, int] = {}


@task()
def flaky(name: str, failures: int, org_id: int | None = None) -> int:
    CALLS[name] = CALLS.get(name, 0) + 1
    if CALLS[name] <= failures:
        raise ConnectionError(f"{name}: the mail server did not answer (call {CALLS[name]})")
    return CALLS[name]
