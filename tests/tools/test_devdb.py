import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import dj_database_url
import psutil
import pytest

from tools import devdb


def test_socket_url_gives_django_the_socket_directory_unchanged():
    url = devdb.socket_url(Path("/Users/Ann Lee/qbank/var/postgres"), 5432, "qbank")
    parsed = dj_database_url.parse(url)
    assert parsed["HOST"] == "/Users/Ann Lee/qbank/var/postgres"
    assert parsed["PORT"] == 5432
    assert parsed["NAME"] == "qbank"
    assert parsed["USER"] == "postgres"


def test_handles_of_dead_processes_are_forgotten(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(finished.stdout)
    (tmp_path / ".handle_pids.json").write_text(f"[{dead}, {os.getpid()}]")
    devdb.forget_dead_handles(tmp_path)
    assert (tmp_path / ".handle_pids.json").read_text() == f"[{os.getpid()}]"


def test_no_handles_file_is_fine(tmp_path):
    devdb.forget_dead_handles(tmp_path)
    assert not (tmp_path / ".handle_pids.json").exists()


def test_command_is_required():
    with pytest.raises(SystemExit):
        devdb.parse_args(["--temp"])


def test_exit_status_is_the_commands():
    assert devdb.run_command([sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ)) == 3
    assert devdb.run_command(["/nonexistent/qbank-command"], dict(os.environ)) == 127


def test_a_command_killed_by_a_signal_reports_it_as_a_shell_would():
    kill_self = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    assert devdb.run_command([sys.executable, "-c", kill_self], dict(os.environ)) == 128 + signal.SIGKILL


def test_sigterm_is_passed_on_to_the_command():
    # The command signals its parent until the signal comes back to it; it
    # exits 7 only if it was passed on.
    command = textwrap.dedent("""
        import os, signal, sys, time
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(7))
        for _ in range(100):
            os.kill(os.getppid(), signal.SIGTERM)
            time.sleep(0.05)
    """)
    before = signal.signal(signal.SIGTERM, lambda *_: None)  # never kill the test runner
    try:
        assert devdb.run_command([sys.executable, "-c", command], dict(os.environ)) == 7
        assert signal.getsignal(signal.SIGTERM) is not devdb.run_command
    finally:
        signal.signal(signal.SIGTERM, before)


def test_with_database_url_set_the_command_just_runs(monkeypatch, capfd):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example/qbank")
    status = devdb.main(["--", sys.executable, "-c", "import os; print(os.environ['DATABASE_URL'])"])
    assert status == 0
    assert capfd.readouterr().out.strip() == "postgres://someone@db.example/qbank"


def test_throwaway_server_serves_the_command_then_is_gone(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    report = tmp_path / "report"
    command = textwrap.dedent(f"""
        import os, psycopg
        with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
            row = conn.execute(
                "SELECT current_database(), current_setting('data_directory'), current_setting('fsync'),"
                " current_setting('server_version_num')::int"
            ).fetchone()
        open({str(report)!r}, "w").write("\\n".join(map(str, row)))
    """)
    assert devdb.main(["--temp", "--database", "qbank_probe", "--", sys.executable, "-c", command]) == 0

    database, data_dir, fsync, version = report.read_text().splitlines()
    assert database == "qbank_probe"
    assert fsync == "off"
    assert int(version) >= 180000
    assert not Path(data_dir).exists()
    assert not [p for p in psutil.process_iter(["cmdline"]) if data_dir in (p.info["cmdline"] or [])]
