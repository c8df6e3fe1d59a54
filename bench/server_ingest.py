"""Server ingest benchmark: mutations/s and push latency with many concurrent volunteers.

Starts a real ``helper-server serve`` (SQLite, and PostgreSQL when ``--pg URL`` or
``HELPER_TEST_PG_URL`` is given, in a fresh database), signs in ``--clients`` volunteers spread
over ``--wards`` wards, and has each push batches of ``--batch`` new, valid submissions (with an
uploaded attachment) in a closed loop for ``--duration`` seconds. Prints applied mutations per
second, p50/p99 push latency and the count of 5xx answers. A second run offers twice the load
(twice the clients) against a server with a low in-flight cap: the cap must answer 503 with
Retry-After, never another 5xx.

    .venv/bin/python bench/server_ingest.py [--duration 15] [--pg URL] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import random
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
    server: LiveServer,
    token: str,
    ref: dict[str, object],
    batch: int,
    interval: float,
    stop: float,
    tally: Tally,
) -> None:
    """One volunteer: a batch every ``interval`` seconds (open loop; late batches go at once)."""
    headers = {"Authorization": f"Bearer {token}", "X-Helper-Protocol": "1"}
    next_send = time.monotonic() + random.uniform(0, interval)
    with httpx.Client(base_url=server.url, headers=headers, timeout=60) as client:
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


def run_load(
    server: LiveServer, *, clients: int, wards: int, batch: int, rate: float, duration: float
) -> dict[str, float]:
    """``clients`` volunteers together offering ``rate`` mutations/s for ``duration`` s."""
    interval = clients * batch / rate
    tokens: list[tuple[str, dict[str, object]]] = []
    for i in range(clients):
        user = server.create_user(role="volunteer", ward=f"bench{i % wards:03d}")
        token = server.login(user)
        with server.client(token) as c:
            ref = upload(c, f"scan of client {i} {uuid.uuid4()}".encode() * 50)
        tokens.append((token, ref))
    tally = Tally()
    stop = time.monotonic() + duration
    threads = [
        threading.Thread(target=_client_loop, args=(server, t, ref, batch, interval, stop, tally))
        for t, ref in tokens
    ]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
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
    }


def _print(label: str, figures: dict[str, float]) -> None:
    print(
        f"{label:<40} offered {figures['offered_per_s']:>5.0f}"
        f"  applied {figures['mutations_per_s']:>6.0f} mut/s"
        f"  p50 {figures['p50_ms']:>5.0f} ms  p99 {figures['p99_ms']:>5.0f} ms"
        f"  requests {figures['requests']:>5.0f}  503 {figures['status_503']:>4.0f}"
        f"  other 5xx {figures['other_5xx']:>2.0f}  conn errors {figures['errors']:>2.0f}"
    )


def bench_backend(name: str, db_url: str | None, args: argparse.Namespace, work: Path) -> None:
    """Both runs (the target load, then twice the load with a low cap) on one backend."""
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
            with fresh_pg_database(args.pg) as url:
                bench_backend("postgresql", url, args, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
