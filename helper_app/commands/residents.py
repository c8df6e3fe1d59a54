"""``helper-app residents ...`` commands: import a CSV file, search the directory.

``residents import FILE.csv [--json]`` exits 0 when every row was imported, 1 when some rows were
rejected (the others are imported), 2 when the file is unusable (nothing imported). Warnings
(a stored value cleared by an empty cell, a name's Ð changed to Đ) are listed with their row and
column and do not change the exit code.
``residents search TEXT [--limit N] [--json]`` prints the matches (exit 0, even with none).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from helper_app.commands.local import local_storage
from helper_app.resident_import import ImportFileError, ImportReport, import_residents
from helper_app.residents import ResidentDirectory, ResidentView
from helper_app.store.errors import StorageError


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the residents commands to the top-level parser."""
    parser = sub.add_parser("residents", help="residents directory: import, search")
    commands = parser.add_subparsers(dest="residents_command", metavar="ACTION", required=True)

    imp = commands.add_parser("import", help="import residents from a UTF-8 CSV file")
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.add_argument("--actor", default="cli", help="name recorded in the audit trail")
    imp.set_defaults(handler=run_import)

    search = commands.add_parser("search", help="search by name (accents optional), ID or phone")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help="print the matches as JSON")
    search.set_defaults(handler=run_search)


def _print_report(report: ImportReport) -> None:
    out = sys.stdout
    out.write(
        f"{report.file}: nhập mới / imported {report.imported}, cập nhật / updated "
        f"{report.updated}, từ chối / rejected {report.rejected_rows} dòng / rows\n"
    )
    for issue in report.rejected:
        out.write(
            f"  dòng / row {issue.row}, cột / column {issue.column}: "
            f"{issue.message_vi} / {issue.message_en}\n"
        )
    for note in report.warnings:
        out.write(
            f"  lưu ý / note: dòng / row {note.row}, cột / column {note.column}: "
            f"{note.message_vi} / {note.message_en}\n"
        )
    if report.ignored_columns:
        out.write(f"  cột bỏ qua / ignored columns: {', '.join(report.ignored_columns)}\n")


def run_import(args: argparse.Namespace) -> int:
    """Import the CSV file in one transaction and print the report."""
    with local_storage(args) as local:
        try:
            report = import_residents(local.store, args.file, actor=args.actor)
        except (ImportFileError, StorageError) as exc:
            sys.stderr.write(f"{exc}\n")
            return 2
    if args.json:
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_report(report)
    return 1 if report.rejected else 0


def _line(r: ResidentView) -> str:
    cells = [
        r.full_name,
        r.birth_date or "-",
        r.gender or "-",
        r.personal_id or "-",
        r.phone or "-",
    ]
    return "  ".join(cells)


def run_search(args: argparse.Namespace) -> int:
    """Print the residents matching TEXT."""
    with local_storage(args) as local:
        found = ResidentDirectory(local.store).search(args.text, limit=args.limit)
    if args.json:
        rows = [r.__dict__ for r in found]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        for r in found:
            sys.stdout.write(_line(r) + "\n")
        if not found:
            sys.stdout.write("Không tìm thấy / no match\n")
    return 0
