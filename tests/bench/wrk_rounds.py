"""wrk against gunicorn for `make bench-http`: a server per cache mode, and
rounds of a page each right after a round of the trivial view, with the CPU
each request cost and the load average (tests/bench/cpu_load.py)."""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.cpu_load import CpuMeter, load_average

ROOT = Path(__file__).resolve().parents[2]


def header_args(headers: dict) -> list[str]:
    return [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]


class Gunicorn:
    """gunicorn, 2 sync workers, with the cache of `cache_mode` (locmem,
    redis: a throwaway redis-server, none); yields (port, CPU meter)."""

    def __init__(self, cache_mode):
        self.cache_mode = cache_mode
        self.redis = None

    def __enter__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = dict(os.environ, BENCH_CACHE=self.cache_mode)
        if self.cache_mode == "redis":
            from tests.redis_server import redis_server

            self.redis = redis_server()
            env["REDIS_URL"] = self.redis.__enter__()
        self.process = subprocess.Popen(
            # -c /dev/null: the figures above were taken without gunicorn.conf.py.
            [str(Path(sys.executable).with_name("gunicorn")), "qbank.wsgi", "-c", os.devnull, "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(self.port, "/bench/ok")
                self.meter = CpuMeter(self.process.pid, os.environ["DATABASE_URL"])
                return self.port, self.meter
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.meter.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        if self.redis is not None:
            self.redis.__exit__(None, None, None)


def get(port, url, headers=None, header=None):
    """GET `url`: its status, or the value of its response header `header`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", url, headers={"Accept-Language": "zh-hans", **(headers or {})})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.getheader(header) if header else response.status


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def side_by_side(port, meter, pages, args) -> dict:
    """wrk on each page, every round right after a round of the trivial
    view: a page's share is the median of its rounds' shares, each taken
    beside the trivial view a few seconds apart, so a slower spell of a
    shared machine lowers both sides of a share rather than one of them."""
    trivial_url = pages["trivial view"][0]
    trivial_rounds = []
    runs = {}
    for name, (url, headers) in pages.items():
        if name == "trivial view":
            continue
        rounds, shares = [], []
        for _ in range(args.rounds):
            trivial_rounds.append(_wrk_round(port, meter, trivial_url, {}, args))
            rounds.append(_wrk_round(port, meter, url, headers, args))
            trivial = trivial_rounds[-1]["rps"]
            shares.append(rounds[-1]["rps"] / trivial if trivial else 0.0)
        runs[name] = {**_medians(rounds), "share": statistics.median(shares)}
    return {"trivial view": {**_medians(trivial_rounds), "share": 1.0}, **runs}


def _medians(rounds) -> dict:
    medians = {
        key: statistics.median(r[key] for r in rounds) for key in ("rps", "p50", "p99", "app_ms", "load")
    }
    db = [r["db_ms"] for r in rounds if r["db_ms"] is not None]
    return {
        **medians,
        "db_ms": statistics.median(db) if db else None,
        "errors": sum(r["errors"] for r in rounds),
    }


def _wrk_round(port, meter, url, headers, args) -> dict:
    before = meter.sample()
    output = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{args.duration}s", "--latency", "--timeout", "30s",
         "-H", "Accept-Language: zh-hans", *header_args(headers), f"http://127.0.0.1:{port}{url}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    app_ms, db_ms = CpuMeter.spent(before, meter.sample())
    requests = max(int(re.search(r"(\d+) requests in", output)[1]), 1)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output)[1])
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output)[1])
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx[1]) if non_2xx else 0
    return {
        "rps": rps, "p50": p50, "p99": p99, "errors": errors, "load": load_average(),
        "app_ms": app_ms / requests, "db_ms": None if db_ms is None else db_ms / requests,
    }  # fmt: skip
