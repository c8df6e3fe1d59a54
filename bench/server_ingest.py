"""Server ingest benchmark: mutations/s and push latency with many concurrent volunteers.

Starts a real ``helper-server serve`` (SQLite, and PostgreSQL when ``--pg URL`` or
``HELPER_TEST_PG_URL`` is given, in a fresh database), signs in ``--clients`` volunteers spread
over ``--wards`` wards, and has each push batches of ``--batch`` new, valid submissions (with an
uploaded attachment) in a closed loop for ``--duration`` seconds. Prints applied mutations per
second, p50/p99 push latency, the count of 5xx answers, and the CPU seconds the clients and the
server processes used (Linux ``/proc``; the clients share the machine with the server, as the
target is stated). A second run offers twice the load (twice the clients) against a server with
a low in-flight cap: the cap must answer 503 with Retry-After, never another 5xx. ``--repeat N``
runs each configuration N times (the machine is noisy: report the spread).

    .venv/bin/python bench/server_ingest.py [--duration 15] [--pg URL] [--workers 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helper_server.world import mutation, upload, write_forms  # noqa: E402
from tests.helpers.live_server import LiveServer, fresh_pg_database, live_server  # noqa: E402


@dataclass
class Tally:
    """What the client threads measured."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    applied: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client_loop(
    client: httpx.Client,
    ref: dict[str, object],
    batch: int,
    interval: float,
    stop: float,
    tally: Tally,
) -> None:
    """One volunteer: a batch every ``interval`` seconds (open loop; late batches go at once)."""
    next_send = time.monotonic() + random.uniform(0, interval)
    try:
        while time.monotonic() < stop:
            pause = next_send - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            next_send = max(next_send + interval, time.monotonic())
            body = {
                "device_id": "bench",
                "mutations": [mutation(attachments=[ref]) for _ in range(batch)],
            }
            started = time.perf_counter()
            try:
                response = client.post("/api/v1/sync/push", json=body)
            except httpx.HTTPError:
                with tally.lock:
                    tally.statuses[0] += 1
                continue
            elapsed = time.perf_counter() - started
            applied = 0
            if response.status_code == 200:
                applied = sum(r["outcome"] == "applied" for r in response.json()["results"])
            with tally.lock:
                tally.statuses[response.status_code] += 1
                tally.applied += applied
                if response.status_code == 200:
                    tally.latencies.append(elapsed)
    finally:
        client.close()


def tree_cpu_seconds(pid: int) -> float:
    """User+system CPU seconds of process ``pid`` and its live descendants (0.0 off Linux)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    wanted = {pid}
    grew = True
    while grew:
        more = {p for p, parent in parents.items() if parent in wanted} - wanted
        grew = bool(more)
        wanted |= more
    return sum(times.get(p, 0.0) for p in wanted)


def _self_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_load(
    server: LiveServer, *, clients: int, wards: int, batch: int, rate: float, duration: float
) -> dict[str, float]:
    """``clients`` volunteers together offering ``rate`` mutations/s for ``duration`` s."""
    interval = clients * batch / rate
    # Every volunteer's client is made (and connected) before the clock starts: building 50
    # httpx clients (an SSL context each) inside the timed loop measured the bench, not the server.
    volunteers: list[tuple[httpx.Client, dict[str, object]]] = []
    for i in range(clients):
        user = server.create_user(role="volunteer", ward=f"bench{i % wards:03d}")
        client = server.client(server.login(user))
        ref = upload(client, f"scan of client {i} {uuid.uuid4()}".encode() * 50)
        volunteers.append((client, ref))
    tally = Tally()
    stop = time.monotonic() + duration
    threads = [
        threading.Thread(target=_client_loop, args=(c, ref, batch, interval, stop, tally))
        for c, ref in volunteers
    ]
    server_cpu = tree_cpu_seconds(server.process.pid)
    client_cpu = _self_cpu_seconds()
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    server_cpu = tree_cpu_seconds(server.process.pid) - server_cpu
    client_cpu = _self_cpu_seconds() - client_cpu
    lat = sorted(tally.latencies) or [0.0]
    five = sum(n for s, n in tally.statuses.items() if s >= 500)
    return {
        "offered_per_s": rate,
        "mutations_per_s": tally.applied / wall,
        "p50_ms": statistics.median(lat) * 1000,
        "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000,
        "requests": sum(tally.statuses.values()),
        "status_503": tally.statuses.get(503, 0),
        "other_5xx": five - tally.statuses.get(503, 0),
        "errors": tally.statuses.get(0, 0),
        "server_cpu_s": server_cpu / wall,
        "client_cpu_s": client_cpu / wall,
    }


def _print(label: str, figures: dict[str, float]) -> None:
    print(
        f"{label:<40} offered {figures['offered_per_s']:>5.0f}"
        f"  applied {figures['mutations_per_s']:>6.0f} mut/s"
        f"  p50 {figures['p50_ms']:>5.0f} ms  p99 {figures['p99_ms']:>5.0f} ms"
        f"  requests {figures['requests']:>5.0f}  503 {figures['status_503']:>4.0f}"
        f"  other 5xx {figures['other_5xx']:>2.0f}  conn errors {figures['errors']:>2.0f}"
        f"  CPU/s server {figures['server_cpu_s']:.2f} clients {figures['client_cpu_s']:.2f}"
    )


def bench_backend(name: str, db_url: str | None, args: argparse.Namespace, work: Path) -> None:
    """Both runs (the target load, then twice the load with a low cap) on one backend."""
    for run in range(1, args.repeat + 1):
        if db_url is None:
            _bench_once(name, None, args, work / f"run{run}")
            continue
        with fresh_pg_database(db_url) as url:  # each run starts from empty tables
            _bench_once(name, url, args, work / f"run{run}")


def _bench_once(name: str, db_url: str | None, args: argparse.Namespace, work: Path) -> None:
    forms = write_forms(work / "forms")
    base = ["--workers", str(args.workers), "--max-in-flight", str(args.max_in_flight)]
    with live_server(work / f"{name}-1", db_url=db_url, forms_dir=forms, args=base) as server:
        figures = run_load(
            server,
            clients=args.clients,
            wards=args.wards,
            batch=args.batch,
            rate=args.rate,
            duration=args.duration,
        )
    _print(f"{name}: {args.clients} clients x {args.batch}/batch", figures)
    capped = ["--workers", str(args.workers), "--max-in-flight", str(args.overload_cap)]
    with live_server(work / f"{name}-2", db_url=db_url, forms_dir=forms, args=capped) as server:
        figures = run_load(
            server,
            clients=args.clients * 2,
            wards=args.wards,
            batch=args.batch,
            rate=args.rate * 2,
            duration=args.duration,
        )
    _print(f"{name}: 2x offered, cap {args.overload_cap}/worker", figures)


def main() -> int:
    """Parse options, run SQLite then PostgreSQL (when given)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--wards", type=int, default=10)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--rate", type=float, default=1000.0, help="offered mutations/s")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--max-in-flight", type=int, default=64)
    parser.add_argument("--overload-cap", type=int, default=8)
    parser.add_argument("--pg", default=os.environ.get("HELPER_TEST_PG_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each configuration")
    args = parser.parse_args()
    print(
        f"server ingest: {os.cpu_count()} CPUs, {args.duration:.0f} s per run,"
        f" workers {args.workers}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.skip_sqlite:
            bench_backend("sqlite", None, args, work)
        if args.pg:
            bench_backend("postgresql", args.pg, args, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
