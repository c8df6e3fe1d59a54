"""Re-importing residents (issue 11 #6): a missing column keeps, an empty cell clears and says so.

A second CSV with fewer columns used to set every absent field to null and report "updated 1".
Now an update touches only the columns the file has; an empty cell in one of them clears the
stored value and the report names the row and column (never the value) in the CLI and the JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helper_app.cli import main
from helper_app.resident_import import import_residents
from helper_app.residents import ResidentDirectory, ResidentRecord, ResidentView
from helper_app.store.db import Store
from tests.helpers.commands import PLAIN_ENV

FULL = (
    "ho_ten,ngay_sinh,gioi_tinh,so_dinh_danh,so_dien_thoai,dan_toc,dia_chi,ma_xa,ma_tinh,ma_ho\n"
    "Nguyễn Văn An,15/03/1990,Nam,027090004815,0912345678,Kinh,Số 5 ngõ 3,00004,01,HK1\n"
)


def _write(tmp_path: Path, content: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _an(store: Store) -> ResidentView:
    [an] = ResidentDirectory(store).search("027090004815")
    return an


def test_a_file_with_fewer_columns_keeps_what_it_does_not_mention(
    store: Store, tmp_path: Path
) -> None:
    import_residents(store, _write(tmp_path, FULL, "full.csv"), actor="t")
    slim = "ho_ten,so_dinh_danh\nNguyễn Văn Ân,027090004815\n"
    report = import_residents(store, _write(tmp_path, slim, "slim.csv"), actor="t")
    assert (report.imported, report.updated, report.rejected) == (0, 1, [])
    an = _an(store)
    assert an.full_name == "Nguyễn Văn Ân"  # the name column is there: it is updated
    assert (an.birth_date, an.gender, an.phone, an.ethnicity) == (
        "1990-03-15",
        "Nam",
        "0912345678",
        "Kinh",
    )
    assert an.address == {"detail": "Số 5 ngõ 3", "commune_code": "00004", "province_code": "01"}
    assert an.household_id is not None
    assert report.warnings == []


def test_an_empty_cell_clears_the_value_and_the_report_says_which(
    store: Store, tmp_path: Path
) -> None:
    import_residents(store, _write(tmp_path, FULL, "full.csv"), actor="t")
    again = (
        "ho_ten,so_dinh_danh,so_dien_thoai,dia_chi,ngay_sinh,ma_ho\n"
        "Nguyễn Văn An,027090004815,,,,\n"
    )
    report = import_residents(store, _write(tmp_path, again, "again.csv"), actor="t")
    assert (report.imported, report.updated) == (0, 1)
    assert [(w.row, w.column, w.code) for w in report.warnings] == [
        (2, "birth_date", "value.cleared"),
        (2, "phone", "value.cleared"),
        (2, "address_detail", "value.cleared"),
        (2, "household_code", "value.cleared"),
    ]
    assert report.cleared == report.warnings
    text = json.dumps(report.as_dict(), ensure_ascii=False)
    for stored in ("0912345678", "1990", "Số 5", "HK1"):
        assert stored not in text  # the report names fields, never the values they held
    an = _an(store)
    assert (an.birth_date, an.phone, an.household_id) == (None, None, None)
    assert an.gender == "Nam" and an.ethnicity == "Kinh"  # absent columns: kept
    assert an.address == {"commune_code": "00004", "province_code": "01"}


def test_an_empty_cell_over_nothing_is_not_a_warning(store: Store, tmp_path: Path) -> None:
    first = "ho_ten,so_dinh_danh,so_dien_thoai\nNguyễn Văn An,027090004815,\n"
    import_residents(store, _write(tmp_path, first, "a.csv"), actor="t")
    report = import_residents(store, _write(tmp_path, first, "b.csv"), actor="t")
    assert report.updated == 1 and report.warnings == []


def test_a_short_row_keeps_the_values_of_its_missing_cells(store: Store, tmp_path: Path) -> None:
    import_residents(store, _write(tmp_path, FULL, "full.csv"), actor="t")
    short = "ho_ten,so_dinh_danh,so_dien_thoai,ngay_sinh\nNguyễn Văn An,027090004815\n"
    report = import_residents(store, _write(tmp_path, short, "short.csv"), actor="t")
    assert (_an(store).phone, _an(store).birth_date) == ("0912345678", "1990-03-15")
    assert report.updated == 1 and report.warnings == []


def test_a_new_code_replaces_an_old_style_address(store: Store, tmp_path: Path) -> None:
    old = {"detail": "Thôn 2", "commune_name": "Xã Cũ", "province_name": "Tỉnh Cũ", "legacy": True}
    ResidentDirectory(store).save(
        ResidentRecord("Nguyễn Văn An", personal_id="027090004815", address=old)
    )
    moved = "ho_ten,so_dinh_danh,ma_xa,ma_tinh\nNguyễn Văn An,027090004815,00004,01\n"
    import_residents(store, _write(tmp_path, moved, "moved.csv"), actor="t")
    wanted = {"detail": "Thôn 2", "commune_code": "00004", "province_code": "01"}
    assert _an(store).address == wanted


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    for key, value in PLAIN_ENV.items():
        monkeypatch.setenv(key, value)
    return str(tmp_path / "data")


def test_the_cli_lists_what_was_cleared(
    tmp_path: Path, data_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", data_dir, "residents", "import"]
    assert main([*base, str(_write(tmp_path, FULL, "full.csv"))]) == 0
    capsys.readouterr()
    slim = "ho_ten,so_dinh_danh\nNguyễn Văn An,027090004815\n"
    assert main([*base, str(_write(tmp_path, slim, "slim.csv"))]) == 0
    out = capsys.readouterr().out
    assert "updated 1" in out and "note" not in out
    cleared = "ho_ten,so_dinh_danh,so_dien_thoai\nNguyễn Văn An,027090004815,\n"
    assert main([*base, str(_write(tmp_path, cleared, "cleared.csv"))]) == 0  # a warning only
    out = capsys.readouterr().out
    assert "updated 1" in out
    assert (
        "  lưu ý / note: dòng / row 2, cột / column phone: Ô trống: đã xoá giá trị đã lưu trước "
        "đó. / Empty cell: the value stored before was cleared.\n"
    ) in out
    assert "0912345678" not in out
    assert main([*base, str(_write(tmp_path, FULL, "full2.csv")), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []
    assert main([*base, str(_write(tmp_path, cleared, "cleared2.csv")), "--json"]) == 0
    [warning] = json.loads(capsys.readouterr().out)["warnings"]
    assert (warning["row"], warning["column"], warning["code"]) == (2, "phone", "value.cleared")
