"""The `duban` command: a thin front on Django management commands."""

import os
import signal
import sys

USAGE = """usage: duban COMMAND [ARGS]

commands:
  demo        create the demo bureaus, load the five seed documents, print the logins
  serve       run the site (gunicorn) on 127.0.0.1:$PORT (default 8000)
  import      read documents into a bureau: duban import PATH... [--org NAME] [--dry-run] [--json]
  export      write a document from data: duban export KIND --org NAME --year Y
              [--period P] --format html|docx|xlsx|pdf|csv|json -o FILE
  check       check settings, the database connection and migrations
  createuser  create an account with a role: duban createuser NAME --org ORG --role ROLE
  migrate     apply database migrations
  status      every task of a bureau with its status: duban status --org NAME [--date D] [--json]
  generate    a province-size data set for benchmarks: duban generate [--bureaus 100] …
  remind      send the reminders of reporting periods that are due (run daily by a timer)
  channel     a bureau's message channels: duban channel add|list|test --org NAME …
  tally       count every bureau's task statuses for the day ahead of the overview (nightly)
  worker      run the background tasks queued in the database (DUBAN_TASK_QUEUE=database)
  backup      one archive of the database and the files: duban backup -o FILE
  restore     load a backup into an empty database: duban restore FILE
  manage      any Django management command: duban manage COMMAND [ARGS]
"""

COMMANDS = {
    "demo": "demo",
    "import": "import_documents",
    "export": "export",
    "check": "doctor",
    "createuser": "createuser",
    "migrate": "migrate",
    "remind": "remind",
    "tally": "tally",
    "channel": "channel",
    "status": "status",
    "generate": "generate_province",
    "worker": "worker",
    "backup": "backup",
    "restore": "restore",
}


def _fail(message: str) -> int:
    print(f"duban: {message}", file=sys.stderr)
    return 1


def _setup() -> str | None:
    """Set Django up and reach the database; a one-line reason when that fails."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        return str(exc).splitlines()[0]
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"DATABASE_URL: cannot connect to the database: {first}"
    return None


def serve(args: list[str]) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    port = os.environ.get("PORT", "8000")
    host = os.environ.get("HOST", "127.0.0.1")
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "duban.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        os.environ.get("WEB_CONCURRENCY", "2"),
        "--access-logfile",
        "-",
        *args,
    ]
    print(f"duban: serving on http://{host}:{port}/", flush=True)
    run()
    return 0


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `duban status … | head` ends quietly, as Unix tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE, end="")
        return 0 if argv else 2
    command, args = argv[0], argv[1:]
    if command not in COMMANDS and command not in {"serve", "manage"}:
        print(f"duban: unknown command '{command}'\n", file=sys.stderr)
        print(USAGE, end="", file=sys.stderr)
        return 2
    problem = _setup()
    if problem:
        return _fail(problem)
    if command == "serve":
        return serve(args)
    if command == "manage":
        from django.core.management import execute_from_command_line

        execute_from_command_line(["duban", *args])
        return 0
    return _run(COMMANDS[command], args)


def _run(name: str, argv: list[str]) -> int:
    """Run a management command; its CommandError becomes one line and exit 1."""
    from django.core.management import CommandError, get_commands, load_command_class

    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("duban", name)
    options = vars(parser.parse_args(argv))  # bad arguments: argparse's usage, exit 2
    positional = options.pop("args", ())
    try:
        command.execute(*positional, **options)
    except CommandError as exc:
        return _fail(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
