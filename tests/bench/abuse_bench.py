"""`make bench-abuse`: can one person stall the site? (issue 18)

A real gunicorn, DEBUG=0, on a scratch database of its own (created here
with a unique name and dropped at the end: it never touches another).
While an editor attacks —

- 20 concurrent slow previews (`[` × 15,000), each sent again as soon as
  the last is answered (after --attack-pause seconds),
- 2 readers of the history page of the 2,000-line diff pair (an answer saved
  as `"a\\n" * 2000`, then `"a\\nb\\n" * 1000`),
- an upload of a 40-question article whose answers are each `[` × 1,300
  (the admin's import preview), again and again —

three innocent bystanders are timed one request after another: an anonymous
question page, another editor's trivial preview and a candidate's practice
page. Printed for each: p50 / p95 / max and errors (a non-2xx answer, a
timeout or a dropped connection), with the target p95 ≤ 300 ms and 0 errors,
for the shipped configuration (`gunicorn qbank.wsgi -c gunicorn.conf.py`)
beside the previous one (`gunicorn qbank.wsgi --workers 2`: sync workers),
with /proc/loadavg before and after each run; then the shipped one again
without the diff attack (what is left once the line diff is bounded) and
with no attack at all (what the shared machine gives meanwhile). The
application is this checkout's in every row: the rows differ in the server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python tests/bench/abuse_bench.py
"""

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import harness  # noqa: E402  (after the path)

SLOW_PREVIEW = "[" * 15_000
SLOW_ANSWER = "[" * 1_300
TARGET_P95_MS = 300
SHIPPED = ["-c", str(ROOT / "gunicorn.conf.py")]
ALL_ATTACKS = {"slow preview", "diff history", "slow import"}
# label → (gunicorn's arguments, the attacks run meanwhile)
CONFIGURATIONS = {
    # The docs' command before issue 18, as the attack found it: two sync
    # workers. An empty config file, or gunicorn reads ./gunicorn.conf.py.
    "before: --workers 2 (sync)": (["--workers", "2", "-c", "{empty}"], ALL_ATTACKS),
    "shipped: -c gunicorn.conf.py": (SHIPPED, ALL_ATTACKS),
    # What is left once the history's line diff is bounded (a branch of its own).
    "shipped, without the diff attack": (SHIPPED, ALL_ATTACKS - {"diff history"}),
    # What the machine itself gives the bystanders meanwhile (it is shared).
    "shipped, no attack": (SHIPPED, set()),
}


def _log(message):
    print(message, file=sys.stderr, flush=True)


# --- The site's content and people ---------------------------------------------


def _article(questions: int) -> bytes:
    parts = ["# 压测文章\n\n#### 引言\n\n一篇用来压测的文章。\n"]
    for n in range(1, questions + 1):
        parts.append(f"**问题{n}：第 {n} 题？**\n\n**答案：** {SLOW_ANSWER}\n\n**解析：** 解析 {n}。\n")
    return "\n".join(parts).encode()


def _prepare() -> dict:
    """People, a published question, the diff pair; each person's cookies."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from questions.models import Question
    from questions.roles import EDITOR
    from tests.factories import QuestionFactory, StaffFactory, SuperuserFactory, UserFactory

    attacker = SuperuserFactory(username="attacker")
    bystander = StaffFactory(username="bystander")
    bystander.groups.add(Group.objects.get(name=EDITOR))
    candidate = UserFactory(username="candidate")
    published = [
        QuestionFactory(status=Question.Status.PUBLISHED, answer=f"**{n}** `code`") for n in range(20)
    ]
    pair = QuestionFactory(author=attacker, status=Question.Status.DRAFT, answer="a\n" * 2000)
    pair.answer = "a\nb\n" * 1000
    pair.save()

    def cookies(user):
        client = Client()
        client.force_login(user)
        client.get("/admin/", follow=True)  # a page with a form: sets the CSRF cookie
        return {name: morsel.value for name, morsel in client.cookies.items()}

    return {
        "question": published[0].get_absolute_url(),
        "history": f"/admin/questions/question/{pair.pk}/history/",
        "attacker": cookies(attacker),
        "bystander": cookies(bystander),
        "candidate": cookies(candidate),
    }


# --- HTTP ---------------------------------------------------------------------


def _request(port, method, url, *, cookies=None, form=None, files=None, timeout=30.0) -> int:
    headers = {"Accept-Language": "zh-hans", "Host": "127.0.0.1"}
    body = None
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if "csrftoken" in cookies:
            headers["X-CSRFToken"] = cookies["csrftoken"]
    if files:
        boundary = uuid.uuid4().hex
        chunks = []
        for name, value in (form or {}).items():
            chunks.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, data) in files.items():
            chunks.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: text/markdown\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body = b"".join(chunks) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif form is not None:
        body = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, url, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class _Server:
    def __init__(self, arguments, scratch: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        empty = scratch / "empty.conf.py"
        empty.write_text("")
        self.arguments = [a.replace("{empty}", str(empty)) for a in arguments]

    def __enter__(self):
        env = dict(os.environ, HOST="127.0.0.1", PORT=str(self.port))
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [
                gunicorn,
                "qbank.wsgi",
                *self.arguments,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=env,
            # A group of its own: the workers and render children go with it.
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                _request(self.port, "GET", "/bench/ok", timeout=5)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc_info):
        # The whole group at once, master, workers and render children: a
        # worker still in the attack's diff would outlive a gentler stop.
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


# --- The run --------------------------------------------------------------------


def _loop(stop: threading.Event, pause: float, send, answers: Counter):
    while not stop.is_set():
        try:
            answers[send()] += 1
        except OSError as error:
            answers[type(error).__name__] += 1
        stop.wait(pause)


def _probe(stop: threading.Event, results: list, send):
    """One request after another, each timed; (ms, ok) per request."""
    while not stop.is_set():
        started = time.perf_counter()
        try:
            ok = 200 <= send() < 300
        except OSError:
            ok = False
        results.append(((time.perf_counter() - started) * 1000, ok))
        stop.wait(0.05)


def run(configuration: str, site: dict, args, scratch: Path) -> dict:
    article = _article(40)
    arguments, attacks = CONFIGURATIONS[configuration]
    with _Server(arguments, scratch) as server:
        port = server.port
        attacker, bystander, candidate = site["attacker"], site["bystander"], site["candidate"]
        # Warm each worker's templates and render children, as traffic would.
        for _ in range(8):
            _request(port, "GET", site["question"])
            _request(port, "GET", "/practice/", cookies=candidate)
            _request(port, "POST", "/markdownx/markdownify/", cookies=bystander, form={"content": "*w*"})
        load_before = Path("/proc/loadavg").read_text().strip()
        stop_attack, stop_probes = threading.Event(), threading.Event()
        attack = [
            *(
                (
                    "slow preview",
                    lambda: _request(
                        port,
                        "POST",
                        "/markdownx/markdownify/",
                        cookies=attacker,
                        form={"content": SLOW_PREVIEW},
                    ),
                )
                for _ in range(20)
            ),
            *(
                ("diff history", lambda: _request(port, "GET", site["history"], cookies=attacker, timeout=60))
                for _ in range(2)
            ),
            (
                "slow import",
                lambda: _request(
                    port,
                    "POST",
                    "/admin/questions/question/import/",
                    cookies=attacker,
                    form={"status": "draft", "reason": ""},
                    files={"file": ("slow.md", article)},
                    timeout=60,
                ),
            ),
        ]
        attack = [(kind, send) for kind, send in attack if kind in attacks]
        answers = {kind: Counter() for kind, _send in attack}
        threads = [
            threading.Thread(
                target=_loop, args=(stop_attack, args.attack_pause, send, answers[kind]), daemon=True
            )
            for kind, send in attack
        ]
        probes = {
            "anonymous question page": lambda: _request(port, "GET", site["question"]),
            "another editor's trivial preview": lambda: _request(
                port, "POST", "/markdownx/markdownify/", cookies=bystander, form={"content": "**hello**"}
            ),
            "candidate's practice page": lambda: _request(port, "GET", "/practice/", cookies=candidate),
        }
        results = {name: [] for name in probes}
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)  # the attack in full swing first
        probe_threads = [
            threading.Thread(target=_probe, args=(stop_probes, results[name], send), daemon=True)
            for name, send in probes.items()
        ]
        for thread in probe_threads:
            thread.start()
        time.sleep(args.duration)
        stop_probes.set()
        for thread in probe_threads:
            thread.join()
        load_after = Path("/proc/loadavg").read_text().strip()
        stop_attack.set()
    _log(f"  the attack's answers: { {kind: dict(counts) for kind, counts in answers.items()} }")
    return {"results": results, "load": (load_before, load_after), "answers": answers}


def _figures(samples) -> tuple:
    times = sorted(ms for ms, _ok in samples)
    errors = sum(1 for _ms, ok in samples if not ok)
    if not times:
        return 0, 0.0, 0.0, 0.0, 0
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return len(times), statistics.median(times), p95, times[-1], errors


def table(runs: dict, args) -> str:
    lines = [
        f"### make bench-abuse — {args.duration} s of timed requests per configuration, after {args.warmup} s "
        f"of attack; attackers pause {args.attack_pause} s between requests",
        "",
        "| configuration | bystander | requests | p50 ms | p95 ms | max ms | errors | p95 ≤ 300 ms, 0 errors |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for configuration, run_ in runs.items():
        for name, samples in run_["results"].items():
            count, p50, p95, worst, errors = _figures(samples)
            met = "met" if p95 <= TARGET_P95_MS and errors == 0 and count else "NOT MET"
            lines.append(
                f"| {configuration} | {name} | {count} | {p50:.0f} | {p95:.0f} | {worst:.0f} | {errors} | {met} |"
            )
    lines.append("")
    for configuration, run_ in runs.items():
        before, after = run_["load"]
        lines.append(f"- /proc/loadavg, {configuration}: before `{before}`, after `{after}`")
        answered = "; ".join(
            f"{kind}: " + ", ".join(f"{code} × {n}" for code, n in sorted(counts.items(), key=str))
            for kind, counts in run_["answers"].items()
        )
        lines.append(f"  - the attack's answers (status × count): {answered or 'no attack'}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duration", type=float, default=40, help="seconds of timed requests per configuration"
    )
    parser.add_argument("--warmup", type=float, default=5, help="seconds of attack before timing")
    parser.add_argument(
        "--attack-pause", type=float, default=0.2, help="each attacker's pause between requests"
    )
    parser.add_argument("--output", help="also write the table to this file")
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="'LABEL=ARGS'",
        help="another configuration to run after these, e.g. 'sync x5=-c gunicorn.conf.py -k sync -w 5'",
    )
    parser.add_argument(
        "--only", action="append", default=[], help="run only the configurations with these labels"
    )
    args = parser.parse_args()
    for extra in args.also:
        label, _, arguments = extra.partition("=")
        CONFIGURATIONS[label] = (arguments.split(), ALL_ATTACKS)
    if args.only:
        for label in list(CONFIGURATIONS):
            if label not in args.only and label not in [extra.partition("=")[0] for extra in args.also]:
                del CONFIGURATIONS[label]
    # A name nobody else uses: two runs on one server never meet.
    name = f"qbank_bench_abuse_{uuid.uuid4().hex[:8]}"
    scratch = Path(tempfile.mkdtemp(prefix="qbank-bench-abuse-"))
    started = time.perf_counter()
    try:
        with harness.scratch_databases(harness.server_url(), name) as (database_url,):
            os.environ.update(
                BENCH_STATIC_ROOT=str(scratch / "static"),
                DOWNLOADS_CACHE_DIR=str(scratch / "downloads"),
                MEDIA_ROOT=str(scratch / "media"),
            )
            harness.use(database_url, settings="tests.bench.http_settings")
            # The servers started below inherit this environment: the attack's
            # refusals are expected, so only what is worse gets logged.
            os.environ["LOG_LEVEL"] = "CRITICAL"
            from django.core.management import call_command
            from django.db import connections

            call_command("migrate", verbosity=0)
            call_command("collectstatic", "--noinput", verbosity=0)
            site = _prepare()
            connections.close_all()
            runs = {}
            for configuration in CONFIGURATIONS:
                _log(f"{configuration}: attacking for {args.warmup + args.duration:.0f} s")
                runs[configuration] = run(configuration, site, args, scratch)
                _log(table({configuration: runs[configuration]}, args))
                time.sleep(3)  # let the last attack's render children die
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    text = table(runs, args) + f"\n\nTotal bench time {time.perf_counter() - started:.0f} s."
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n")


if __name__ == "__main__":
    main()
