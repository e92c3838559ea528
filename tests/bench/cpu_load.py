"""CPU time per request and the machine's load, for `make bench-http`.

On a shared machine req/s moves with the neighbours; the CPU a request costs
does not. A round's CPU is read from /proc before and after it: the gunicorn
workers (children of the master) and the Postgres backends serving them
(pg_stat_activity of the bench's database, when Postgres runs on this
machine), divided by the requests wrk made. The load average (1 minute) is
read at the end of each round.
"""

import os
from pathlib import Path

_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _cpu_ms(pid: int) -> float:
    """User + system CPU of a process so far, ms (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command's ")": state is field 3, utime 14 and stime 15.
    return (int(fields[11]) + int(fields[12])) * _TICK_MS


def _children(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


class CpuMeter:
    """CPU ms of gunicorn's workers and of their database backends."""

    def __init__(self, master_pid: int, database_url: str):
        import psycopg

        self.master_pid = master_pid
        self.connection = psycopg.connect(database_url, autocommit=True)

    def _backends(self) -> list[int]:
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ).fetchall()
        return [pid for (pid,) in rows]

    def sample(self) -> dict[int, tuple[str, float]]:
        app = {pid: ("app", _cpu_ms(pid)) for pid in _children(self.master_pid)}
        database = {pid: ("db", _cpu_ms(pid)) for pid in self._backends()}
        return {**app, **database}

    @staticmethod
    def spent(before: dict, after: dict) -> tuple[float, float | None]:
        """(app ms, database ms or None when no backend is visible here)
        between two samples; a process that started in between counts whole."""
        totals: dict[str, float] = {"app": 0.0, "db": 0.0}
        visible = False
        for pid, (kind, ms) in after.items():
            totals[kind] += ms - before.get(pid, (kind, 0.0))[1]
            visible |= kind == "db" and Path(f"/proc/{pid}").exists()
        return totals["app"], totals["db"] if visible else None

    def close(self):
        self.connection.close()


def load_average() -> float:
    return os.getloadavg()[0]
