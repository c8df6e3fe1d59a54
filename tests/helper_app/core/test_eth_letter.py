"""The Icelandic eth (Ð/ð, U+00D0/U+00F0), a look-alike of Đ/đ (issue 11 #7d).

CSV files from other tools carry it where Vietnamese has Đ. Search folds it to "d" everywhere
(residents FTS, including names stored before the fix; the dossier list's SQL fold), and the CSV
import stores Đ/đ instead, with a warning in its report.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from helper_app.cli import main
from helper_app.resident_import import import_residents
from helper_app.residents import ResidentDirectory, ResidentRecord
from helper_app.store.db import Store, create_store_engine
from helper_app.store.migrations import migrate
from tests.helpers.commands import PLAIN_ENV

ETH_NAME = "\u00d0ặng Thị \u00d0ào"  # Ðặng Thị Ðào, with U+00D0
ETH_LOWER = "Nguyễn Văn \u00f0ức"  # ð, lower case, as a careless tool writes it


def test_the_import_stores_d_with_stroke_and_warns(store: Store, tmp_path: Path) -> None:
    csv_file = tmp_path / "other_tool.csv"
    csv_file.write_text(
        f"ho_ten,so_dinh_danh\n{ETH_NAME},027150001234\n{ETH_LOWER},027090004815\n"
        "Trần Văn Bình,027080001111\n",
        encoding="utf-8",
    )
    report = import_residents(store, csv_file, actor="t")
    assert (report.imported, report.rejected) == (3, [])
    assert [(w.row, w.column, w.code) for w in report.warnings] == [
        (2, "full_name", "name.eth"),
        (3, "full_name", "name.eth"),
    ]
    assert "Đ/đ" in report.warnings[0].message_en and "Đ/đ" in report.warnings[0].message_vi
    assert ETH_NAME not in report.warnings[0].message_vi  # the note names no one
    with store.read() as session:
        names = sorted(r[0] for r in session.execute(text("SELECT full_name FROM residents")))
    assert names == ["Nguyễn Văn đức", "Trần Văn Bình", "Đặng Thị Đào"]
    assert [r.full_name for r in ResidentDirectory(store).search("dang thi dao")] == [
        "Đặng Thị Đào"
    ]


def test_a_name_stored_with_the_eth_is_found_by_d(store: Store) -> None:
    ResidentDirectory(store).save(ResidentRecord(ETH_NAME, personal_id="027150001234"))
    for query in ("dang thi dao", "Đặng", "dao"):
        assert [r.full_name for r in ResidentDirectory(store).search(query)] == [ETH_NAME]
    with store.read() as session:  # the dossier list searches with the store's SQL fold
        folded = session.execute(text("SELECT helper_fold(:n)"), {"n": ETH_NAME}).scalar_one()
    assert folded == "dang thi dao"


def test_names_folded_before_the_fix_are_folded_again(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_store_engine(path)
    with engine.connect() as conn:
        migrate(conn, path, target=(1, 4))
    engine.dispose()
    raw = sqlite3.connect(path)
    now = "2025-08-01T00:00:00.000000+00:00"
    raw.execute(
        "INSERT INTO residents (id, full_name, name_folded, personal_id, address, created_at, "
        "updated_at) VALUES ('r1', ?, 'ðang thi ðao', '027150001234', '{}', ?, ?)",
        (ETH_NAME, now, now),  # the key the old fold() stored: the eth kept
    )
    raw.commit()
    raw.close()
    store = Store.open(path)
    try:
        assert [r.id for r in ResidentDirectory(store).search("dang thi dao")] == ["r1"]
    finally:
        store.close()


def test_the_cli_report_says_the_name_was_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, value in PLAIN_ENV.items():
        monkeypatch.setenv(key, value)
    csv_file = tmp_path / "other_tool.csv"
    csv_file.write_text(f"ho_ten\n{ETH_NAME}\n", encoding="utf-8")
    data_dir = str(tmp_path / "data")
    assert main(["--data-dir", data_dir, "residents", "import", str(csv_file)]) == 0
    out = capsys.readouterr().out
    assert "imported 1" in out
    assert "lưu ý / note: dòng / row 2, cột / column full_name: Họ tên có chữ Ð/ð" in out
