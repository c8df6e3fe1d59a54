"""Benchmark of the local store at the design's scale: 100,000 residents and 50,000 dossiers.

Builds (or reuses, with ``--dir``) a store in a temporary directory, then prints p50/p95/max of:
accent-insensitive resident search (queries typed without accents, often partial), opening a
dossier (load + parse its data and attachments), and finalizing a draft (normalize + validate
with the bundled birth-registration definition, then queued + outbox + audit in one transaction,
``synchronous=FULL``). Targets (issue 2): search p95 < 20 ms, finalize p95 < 10 ms.

    .venv/bin/python bench/local_scale.py [--dir DIR] [--residents N] [--dossiers N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from helper_app.dossiers import DossierService
from helper_app.forms import Catalog, ProcedureDefinition
from helper_app.residents import ResidentDirectory
from helper_app.security.vault import DataKey
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.store.models import Attachment, AuditEvent, Dossier, OutboxEntry, Resident, utc_now
from helper_app.text import fold

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 2),
    ("Phan", 4),
    ("Vũ", 3),
    ("Võ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trịnh", 1),
    ("Đào", 1),
    ("Mai", 1),
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Công", "Đình", "Ngọc", "Trọng"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Kim", "Minh", "Phương", "Mai"]
GIVEN_M = [
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khánh",
    "Khôi",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Quân",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Trung",
    "Tú",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hòa",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Nguyệt",
    "Nga",
    "Hòa",
    "Diệp",
    "Quỳnh",
]
STATUSES = [
    ("draft", 15),
    ("queued", 5),
    ("submitted", 30),
    ("received", 15),
    ("processing", 10),
    ("completed", 20),
    ("withdrawn", 3),
    ("supplement_requested", 2),
]
BATCH = 5000


def _name(rng: random.Random) -> tuple[str, str]:
    family = rng.choices([f for f, _ in FAMILY], [w for _, w in FAMILY])[0]
    if rng.random() < 0.5:
        parts = [family, rng.choice(MIDDLE_M), rng.choice(GIVEN_M)]
        gender = "Nam"
    else:
        parts = [family, rng.choice(MIDDLE_F), rng.choice(GIVEN_F)]
        gender = "Nữ"
    if rng.random() < 0.15:
        parts.insert(2, rng.choice(GIVEN_M if gender == "Nam" else GIVEN_F))
    return " ".join(parts), gender


def _residents(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    now = utc_now()
    for i in range(n):
        name, gender = _name(rng)
        year = rng.randint(1930, 2024)
        century = (0 if year < 2000 else 2) + (1 if gender == "Nữ" else 0)
        yield {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "full_name": name,
            "name_folded": fold(name),
            "birth_date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "gender": gender,
            "personal_id": f"027{century}{year % 100:02d}{i:06d}",
            "phone": f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.7 else None,
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "address": {"detail": f"Thôn {rng.randint(1, 20)}", "province_code": "24"},
            "created_at": now,
            "updated_at": now,
        }


def _dossier_rows(
    n: int, definition: ProcedureDefinition, rng: random.Random
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any]]]:
    example = definition.examples[0]
    statuses = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES], k=n)
    for i, status in enumerate(statuses):
        now = utc_now()
        data = {**example.data, "child_full_name": _name(rng)[0].upper()}
        row = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "procedure": definition.code,
            "form_version": definition.version,
            "status": status,
            "data": data,
            "warnings": [],
            "server_rev": None if status in ("draft", "queued") else i + 1,
            "created_by": "bench",
            "created_at": now,
            "updated_at": now,
        }
        entry = None
        if status == "queued":
            entry = {
                "op_id": str(uuid.uuid4()),
                "dossier_id": row["id"],
                "kind": "submit",
                "payload": {"procedure": definition.code, "form_version": 1, "data": data},
                "state": "pending",
                "created_at": now,
                "updated_at": now,
            }
        event = {
            "at": now,
            "actor": "bench",
            "action": "dossier.create",
            "object_type": "dossier",
            "object_id": row["id"],
            "details": {},
        }
        yield row, entry, event


def build(store: Store, n_residents: int, n_dossiers: int, definition: ProcedureDefinition) -> None:
    """Fill the store (bulk inserts through the same engine, triggers keep FTS in sync)."""
    rng = random.Random(20250701)
    rows = list(_residents(n_residents, rng))
    for start in range(0, len(rows), BATCH):
        with store.write() as session:
            session.execute(insert(Resident), rows[start : start + BATCH])
    sha = "0" * 64
    items = list(_dossier_rows(n_dossiers, definition, rng))
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        with store.write() as session:
            session.execute(insert(Dossier), [d for d, _, _ in chunk])
            entries = [e for _, e, _ in chunk if e is not None]
            if entries:
                session.execute(insert(OutboxEntry), entries)
            session.execute(insert(AuditEvent), [a for _, _, a in chunk])
            session.execute(
                insert(Attachment),
                [
                    {
                        "id": str(uuid.uuid4()),
                        "dossier_id": d["id"],
                        "slot": "birth_certificate_medical",
                        "sha256": sha,
                        "size": 1000,
                        "mime": "image/png",
                        "filename": "scan.png",
                        "created_at": d["created_at"],
                    }
                    for d, _, _ in chunk
                ],
            )


def _percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p50 = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * len(ms))) - 1)]
    return f"p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {ms[-1]:7.2f} ms   (n={len(ms)})"


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _queries(store: Store, n: int, rng: random.Random) -> list[str]:
    with store.read() as session:
        names = [
            r[0]
            for r in session.execute(
                text("SELECT name_folded FROM residents ORDER BY random() LIMIT :n"), {"n": n}
            )
        ]
    queries = []
    for folded in names:
        words = folded.split()
        kind = rng.randrange(5)
        if kind == 0:
            queries.append(folded)  # whole name, no accents
        elif kind == 1:
            queries.append(" ".join(words[:2]))  # "nguyen van"
        elif kind == 2:
            queries.append(" ".join(w[: max(1, len(w) - 2)] for w in words))  # "ngu va a"
        elif kind == 3:
            queries.append(words[-1])  # given name only: many matches
        else:
            queries.append(f"{words[0]} {words[-1][:2]}")  # "tran ho"
    return queries


def main() -> None:
    """Build or reuse the store, then measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="keep the store here (reused when present)")
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--dossiers", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=400)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--encrypted", action="store_true", help="SQLCipher + sealed attachments")
    mode.add_argument("--plain", action="store_true", help="plain SQLite (the default)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="helper-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    catalog = Catalog.bundled()
    definition = catalog.get("birth_registration")
    # A fixed bench key: what matters is the cost of encryption, not where the key is kept.
    key = DataKey(bytes(range(32))) if args.encrypted else None
    name = "helper-encrypted.sqlite3" if key else "helper.sqlite3"
    store = Store.open(work / name, key=key.database_key() if key else None)
    print(f"mode: {'encrypted (SQLCipher, AES-GCM attachments)' if key else 'plain'}")
    directory = ResidentDirectory(store)
    if directory.count() < args.residents:
        started = time.perf_counter()
        build(store, args.residents, args.dossiers, definition)
        print(
            f"built {args.residents} residents + {args.dossiers} dossiers "
            f"in {time.perf_counter() - started:.1f} s"
        )
    rng = random.Random(7)
    files = AttachmentStore(
        work / ("attachments-encrypted" if key else "attachments"),
        cipher=key.attachment_cipher() if key else None,
    )
    # Consent is a separate, earlier step (a checkbox); finalize only checks it was recorded.
    service = DossierService(store, catalog, files, actor="bench", require_consent=False)

    queries = _queries(store, args.samples, rng)
    for q in queries[:20]:  # warm the page cache like a running app would be
        directory.search(q)
    search = [_time(lambda q=q: directory.search(q, limit=20)) for q in queries]  # type: ignore[misc]

    with store.read() as session:
        pids = [
            r[0]
            for r in session.execute(
                text("SELECT personal_id FROM residents ORDER BY random() LIMIT :n"),
                {"n": args.samples},
            )
        ]
    numbers = [p if i % 2 else p[:6] for i, p in enumerate(pids)]  # whole ID or a prefix
    by_number = [_time(lambda q=q: directory.search(q, limit=20)) for q in numbers]  # type: ignore[misc]

    with store.read() as session:
        ids = [
            r[0]
            for r in session.execute(
                text("SELECT id FROM dossiers ORDER BY random() LIMIT :n"), {"n": args.samples}
            )
        ]
    opened = [_time(lambda i=i: service.get(i)) for i in ids]  # type: ignore[misc]

    scan = work / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    example = definition.examples[0]
    drafts = []
    for _ in range(args.samples):
        draft = service.create_draft(definition.code, data=example.data)
        for slot in example.documents:
            service.attach(draft.id, slot, scan)
        drafts.append(draft.id)
    finalize = [_time(lambda d=d: service.finalize(d)) for d in drafts]  # type: ignore[misc]
    big = work / "scan-2mb.pdf"
    big.write_bytes(b"%PDF-1.4\n" + random.Random(1).randbytes(2_000_000))
    stored = [files.ingest(big) for _ in range(3)][0]
    ingest = [_time(lambda: files.ingest(big)) for _ in range(20)]
    read = [_time(lambda: files.read_bytes(stored.sha256)) for _ in range(20)]
    store.close()

    size = sum(p.stat().st_size for p in work.glob(name + "*"))
    print(f"store: {work / name}  ({size / 1e6:.1f} MB with WAL)")
    print(f"residents {args.residents}, dossiers {args.dossiers}")
    print(f"search (accent-insensitive, partial)  {_percentiles(search)}   target p95 < 20 ms")
    print(f"search by ID number (whole/prefix)    {_percentiles(by_number)}")
    print(f"open a dossier                        {_percentiles(opened)}")
    print(f"finalize (validate + queue + outbox)  {_percentiles(finalize)}   target p95 < 10 ms")
    print(f"attach a 2 MB scan (copy, hash, seal) {_percentiles(ingest)}")
    print(f"read a 2 MB scan (open, check)        {_percentiles(read)}")


if __name__ == "__main__":
    main()
