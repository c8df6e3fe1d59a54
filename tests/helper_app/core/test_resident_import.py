"""CSV import of residents: encodings, headers, bad rows, duplicates, all or nothing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import text

from helper_app.resident_import import ImportFileError, header_key, import_residents
from helper_app.residents import ResidentDirectory
from helper_app.store.db import Store

HEADER = "Họ tên,Ngày sinh,Giới tính,Số định danh,Số điện thoại,Dân tộc,Mã hộ,Chủ hộ\n"
ROWS = (
    "Nguyễn Văn An,15/03/1990,Nam,027090004815,0912 345 678,Kinh,HK1,x\n"
    "Trần Thị Bình,1955,Nữ,027155001234,,Kinh,HK1,\n"
)


def _write(tmp_path: Path, content: str | bytes, name: str = "residents.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _count(store: Store) -> int:
    return ResidentDirectory(store).count()


def test_utf8_without_bom(store: Store, tmp_path: Path) -> None:
    report = import_residents(store, _write(tmp_path, HEADER + ROWS), actor="t")
    assert (report.imported, report.updated, report.rejected) == (2, 0, [])
    [an] = ResidentDirectory(store).search("027090004815")
    assert (an.birth_date, an.phone, an.gender) == ("1990-03-15", "0912345678", "Nam")
    [binh] = ResidentDirectory(store).search("tran thi binh")
    assert binh.birth_date == "1955"  # a partial date is kept partial


def test_utf8_with_bom_and_english_headers(store: Store, tmp_path: Path) -> None:
    content = (
        "\ufefffull_name,personal_id,phone,dob\nLê Văn Tám,027090001111,0987654321,01/02/1990\n"
    )
    report = import_residents(store, _write(tmp_path, content), actor="t")
    assert report.imported == 1 and not report.rejected
    assert ResidentDirectory(store).search("le van tam")[0].full_name == "Lê Văn Tám"


def test_a_latin1_file_is_refused_as_a_whole(store: Store, tmp_path: Path) -> None:
    content = "ho_ten,so_dinh_danh\nJosé Müller,027090001111\n".encode("latin-1")
    with pytest.raises(ImportFileError) as err:
        import_residents(store, _write(tmp_path, content), actor="t")
    assert "not UTF-8" in err.value.message_en and "line 2" in err.value.message_en
    assert "UTF-8" in err.value.message_vi
    assert _count(store) == 0


def test_a_utf16_file_is_refused_with_advice(store: Store, tmp_path: Path) -> None:
    content = (HEADER + ROWS).encode("utf-16")
    with pytest.raises(ImportFileError, match="UTF-16"):
        import_residents(store, _write(tmp_path, content), actor="t")


@pytest.mark.parametrize("content", ["", "   \n\n", "\ufeff"])
def test_an_empty_file_is_refused(store: Store, tmp_path: Path, content: str) -> None:
    with pytest.raises(ImportFileError, match="empty"):
        import_residents(store, _write(tmp_path, content), actor="t")


def test_a_missing_file_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="Cannot read"):
        import_residents(store, tmp_path / "nope.csv", actor="t")


def test_header_only_imports_nothing(store: Store, tmp_path: Path) -> None:
    report = import_residents(store, _write(tmp_path, HEADER), actor="t")
    assert (report.imported, report.updated, report.rejected) == (0, 0, [])


def test_a_header_without_a_name_column_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no name column"):
        import_residents(store, _write(tmp_path, "cccd,sdt\n027090001111,0912345678\n"), actor="t")


def test_unknown_columns_are_ignored_and_reported(store: Store, tmp_path: Path) -> None:
    report = import_residents(
        store, _write(tmp_path, "ho_ten,Ghi chú\nLê Văn Tám,hello\n"), actor="t"
    )
    assert report.imported == 1 and report.ignored_columns == ["Ghi chú"]


def test_bad_rows_are_rejected_with_row_column_and_reason(store: Store, tmp_path: Path) -> None:
    content = HEADER + (
        "Nguyễn Văn An,15/03/1990,Nam,027090004815,0912345678,Kinh,,\n"
        ",01/01/1990,Nam,027090001111,,,,\n"  # row 3: no name
        "Lê Văn C,31/02/1990,Nam,12345,01695678945,,,\n"  # row 4: date, id, old phone
        "Phạm Văn D,01/01/1990,Không rõ,027090002222,,,,\n"  # row 5: gender
    )
    report = import_residents(store, _write(tmp_path, content), actor="t")
    assert report.imported == 1 and report.rejected_rows == 3
    by_row = {(i.row, i.column) for i in report.rejected}
    assert {(3, "full_name"), (4, "birth_date"), (4, "personal_id"), (4, "phone")} <= by_row
    assert (5, "gender") in by_row
    phone_issue = next(i for i in report.rejected if i.column == "phone")
    assert "0395678945" in phone_issue.message_en  # the converted number is suggested
    assert _count(store) == 1


def test_duplicated_ids_in_the_file_reject_the_second(store: Store, tmp_path: Path) -> None:
    content = HEADER + ("Nguyễn Văn An,,,027090004815,,,,\nNguyễn Văn Ân,,,027 090 004 815,,,,\n")
    report = import_residents(store, _write(tmp_path, content), actor="t")
    assert report.imported == 1
    [issue] = report.rejected
    assert (issue.row, issue.column) == (3, "personal_id") and "row 2" in issue.message_en


def test_a_second_import_updates_by_personal_id(store: Store, tmp_path: Path) -> None:
    import_residents(store, _write(tmp_path, HEADER + ROWS), actor="t")
    again = HEADER + "Nguyễn Văn An,15/03/1990,Nam,027090004815,0987654321,Kinh,HK1,x\n"
    report = import_residents(store, _write(tmp_path, again, "second.csv"), actor="t")
    assert (report.imported, report.updated) == (0, 1)
    assert ResidentDirectory(store).search("027090004815")[0].phone == "0987654321"
    assert _count(store) == 2


def test_nfd_names_are_stored_nfc_and_found(store: Store, tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    report = import_residents(store, _write(tmp_path, f"ho_ten\n{nfd}\n"), actor="t")
    assert report.imported == 1
    [found] = ResidentDirectory(store).search("nguyen thi anh tuyet")
    assert found.full_name == unicodedata.normalize("NFC", nfd)
    assert unicodedata.is_normalized("NFC", found.full_name)


def test_sql_fragments_in_names_are_stored_literally(store: Store, tmp_path: Path) -> None:
    hostile = "Lê Văn'; DROP TABLE residents; --"
    report = import_residents(store, _write(tmp_path, f'ho_ten\n"{hostile}"\n'), actor="t")
    assert report.imported == 1
    with store.read() as session:
        names = [r[0] for r in session.execute(text("SELECT full_name FROM residents"))]
    assert names == [hostile]


def test_a_huge_field_rejects_its_row_only(store: Store, tmp_path: Path) -> None:
    content = "ho_ten,dia_chi\n" + f"Lê Văn A,{'x' * 300_000}\n" + "Lê Văn B,Thôn 1\n"
    report = import_residents(store, _write(tmp_path, content), actor="t")
    assert report.imported == 1
    assert [(i.row, i.column) for i in report.rejected] == [(2, "address_detail")]


def test_a_damaged_csv_is_refused_and_nothing_is_imported(store: Store, tmp_path: Path) -> None:
    content = HEADER + ROWS + '"Lê Văn C"x,,,,,,,\n'
    with pytest.raises(ImportFileError, match="damaged at line 4"):
        import_residents(store, _write(tmp_path, content), actor="t")
    assert _count(store) == 0


def test_control_characters_in_a_name_reject_the_row(store: Store, tmp_path: Path) -> None:
    report = import_residents(
        store, _write(tmp_path, "ho_ten\nLê \x00Văn C\nLê Văn D\n"), actor="t"
    )
    assert report.imported == 1
    assert [(i.row, i.column) for i in report.rejected] == [(2, "full_name")]


def test_an_unexpected_error_midway_leaves_nothing_half_imported(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helper_app import resident_import, residents

    real = residents.merge_resident
    calls: list[int] = []

    def fail_on_second(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk went away")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(resident_import, "merge_resident", fail_on_second)
    with pytest.raises(RuntimeError):
        import_residents(store, _write(tmp_path, HEADER + ROWS), actor="t")
    assert _count(store) == 0


@pytest.mark.parametrize(
    ("header", "key"),
    [("Họ tên", "ho_ten"), ("  SỐ ĐỊNH DANH ", "so_dinh_danh"), ("Full-Name", "full_name")],
)
def test_header_keys(header: str, key: str) -> None:
    assert header_key(header) == key
