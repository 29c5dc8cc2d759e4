"""How fast `wi3 serve` answers the growth board and an initiative page under concurrent clients.

A simulated organisation (`--initiatives`, `--people`, `--months` of usage) is diagnosed at
every quarter's end, so the board reads the newest of about two years of snapshots. Then
`wi3 serve` runs in a process of its own (`--workers`), and `--clients` threads, each signed in
with its own session, ask for the board (and every `--initiative-every`-th request an
initiative page) for `--seconds`, over loopback. The load generator shares the machine with the
server: on two cores it takes some of the CPU the server would have.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

from bench._measure import MeasureError
from bench._report import RESULTS, machine, markdown_table, write_json
from wi3.service import add_user, diagnose, init_workspace, initiatives, simulate

DESCRIPTION = "latency of the growth board and an initiative page with concurrent clients"
PASSWORD = "a benchmark password"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--initiatives", type=int, default=50)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long they ask")
    parser.add_argument("--workers", type=int, default=1, help="wi3 serve --workers")
    parser.add_argument(
        "--initiative-every",
        type=int,
        default=5,
        help="every n-th request of a client is an initiative page (0: the board only)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "web.json")


def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="wi3-bench-web-") as folder:
        workspace = Path(folder) / "ws"
        built = time.perf_counter()
        slugs, snapshots = _build(workspace, args)
        print(f"organisation built and diagnosed {snapshots} times in "
              f"{time.perf_counter() - built:.0f} s")  # fmt: skip
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if k != "WI3_DATABASE_URL"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "wi3",
                "-w",
                str(workspace),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base, server)
            timings = _load(base, slugs, args.clients, args.seconds, args.initiative_every)
        finally:
            server.terminate()
            server.wait(timeout=30)
    rows = []
    summary: dict[str, Any] = {}
    for name, found in timings.items():
        if not found:
            continue
        ordered = sorted(found)
        figures = {
            "requests": len(ordered),
            "per_second": len(ordered) / args.seconds,
            "p50_ms": 1000 * statistics.median(ordered),
            "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
            "max_ms": 1000 * ordered[-1],
        }
        summary[name] = figures
        rows.append([name, str(figures["requests"]), f"{figures['per_second']:.1f}",
                     f"{figures['p50_ms']:.0f}", f"{figures['p95_ms']:.0f}",
                     f"{figures['max_ms']:.0f}"])  # fmt: skip
    print(f"{args.clients} clients, {args.workers} worker(s), {args.seconds:.0f} s; "
          f"load {os.getloadavg()[0]:.2f}\n")  # fmt: skip
    print(markdown_table(["page", "requests", "per s", "p50 ms", "p95 ms", "max ms"], rows))
    write_json(
        args.output,
        {
            "machine": machine(),
            "arguments": {k: str(v) for k, v in vars(args).items()},
            "snapshots": snapshots,
            "pages": summary,
        },  # fmt: skip
    )
    return 0


def _build(workspace: Path, args: argparse.Namespace) -> tuple[list[str], int]:
    ws = init_workspace(workspace)
    try:
        simulate(ws, "bench", people=args.people, initiatives=args.initiatives,
                 months=args.months, seed=11)  # fmt: skip
        today = date.today()
        ends = [date(y, m, 30 if m in (6, 9) else 31) for y in range(today.year - 2, today.year + 1)
                for m in (3, 6, 9, 12)]  # fmt: skip
        days = [d for d in ends if d < today][-(args.months // 3) :]
        for day in days:
            diagnose(ws, "bench", day)
        add_user(ws, "bench@example.org", "viewer", "bench", PASSWORD)
        return [i.slug for i in initiatives(ws, "bench")], len(days)
    finally:
        ws.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise MeasureError("wi3 serve stopped before it answered")
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise MeasureError("wi3 serve did not answer within 60 s")


def _signed_in(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    if token is None:
        raise MeasureError("the sign-in page has no CSRF token")
    data = {"email": "bench@example.org", "password": PASSWORD, "csrf_token": token.group(1)}
    opener.open(f"{base}/login", data=urllib.parse.urlencode(data).encode()).read()
    return opener


def _load(
    base: str, slugs: list[str], clients: int, seconds: float, every: int
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"board": [], "initiative": []}
    failures: list[str] = []
    lock = threading.Lock()
    openers = [_signed_in(base) for _ in range(clients)]
    start = threading.Barrier(clients)
    stop_at: list[float] = []

    def client(number: int) -> None:
        opener = openers[number]
        start.wait()
        if not stop_at:
            stop_at.append(time.perf_counter() + seconds)
        n = 0
        while time.perf_counter() < stop_at[0]:
            n += 1
            page, url = ("board", f"{base}/orgs/bench")
            if every and n % every == 0:
                page, url = "initiative", f"{base}/orgs/bench/initiatives/{slugs[n % len(slugs)]}"
            began = time.perf_counter()
            try:
                with opener.open(url, timeout=60) as answer:
                    answer.read()
                    ok = answer.status == 200 and "/login" not in answer.geturl()
            except OSError as exc:
                ok = False
                failures.append(f"{url}: {exc}")
            took = time.perf_counter() - began
            with lock:
                if ok:
                    timings[page].append(took)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise MeasureError(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return timings
