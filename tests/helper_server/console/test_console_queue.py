"""The console queue: ward scoping, accent-insensitive search, codes, filters, paging, CSV."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import uuid

from tests.helper_server.console.desk import sign_in
from tests.helper_server.world import GOOD_DATA, Ward, mutation, push, set_status, upload
from tests.helpers.app_server import AppServer

ROW = re.compile(r'<a class="code" href="/console/dossiers/([0-9a-f-]{36})">')


def ids_on(html: str) -> list[str]:
    return ROW.findall(html)


def submit_named(ward: Ward, name: str) -> str:
    ref = upload(ward.vol, name.encode() + uuid.uuid4().bytes)
    m = mutation(data={**GOOD_DATA, "full_name": name}, attachments=[ref])
    [result] = push(ward.vol, m)
    assert result["outcome"] == "applied", result
    return str(m["dossier_id"])


def test_search_filters_and_ward_scoping(server: AppServer, ward: Ward, other_ward: Ward) -> None:
    hoa = submit_named(ward, "Nguyễn Thị Hoà")
    duc = submit_named(ward, "Trần Đức Anh")
    theirs = submit_named(other_ward, "Nguyễn Thị Hoà")
    receipt = set_status(ward, duc, "received").json()["receipt_code"]
    desk = sign_in(server, ward.officer)

    everything = ids_on(desk.get("/console/dossiers").text)
    assert everything == [duc, hoa]  # newest update first; never the other ward's
    assert theirs not in everything
    nfd = unicodedata.normalize("NFD", "hòa")
    for needle in ("hoa", "HOÀ", nfd, "nguyen thi"):
        assert ids_on(desk.get("/console/dossiers", params={"q": needle}).text) == [hoa], needle
    assert ids_on(desk.get("/console/dossiers", params={"q": "duc"}).text) == [duc]
    assert ids_on(desk.get("/console/dossiers", params={"q": hoa[:8].upper()}).text) == [hoa]
    assert ids_on(desk.get("/console/dossiers", params={"q": receipt.lower()}).text) == [duc]
    assert ids_on(desk.get("/console/dossiers", params={"status": "received"}).text) == [duc]
    assert ids_on(desk.get("/console/dossiers", params={"status": "nonsense"}).text) == [duc, hoa]
    by_volunteer = {"volunteer": str(ward.volunteer.id)}
    assert ids_on(desk.get("/console/dossiers", params=by_volunteer).text) == [duc, hoa]
    stranger = {"volunteer": str(other_ward.volunteer.id)}
    assert ids_on(desk.get("/console/dossiers", params=stranger).text) == []
    assert ids_on(desk.get("/console/dossiers", params={"procedure": "test_permit"}).text)
    assert not ids_on(desk.get("/console/dossiers", params={"procedure": "other"}).text)
    for hostile in ("' OR 1=1 --", "%", "_", "../../etc/passwd", "x" * 5000, "\x00"):
        assert desk.get("/console/dossiers", params={"q": hostile}).status_code == 200
        assert ids_on(desk.get("/console/dossiers", params={"q": hostile}).text) == []
    desk.close()


def test_search_accepts_either_spelling_of_a_final_i_or_y(server: AppServer, ward: Ward) -> None:
    sy = submit_named(ward, "Lê Văn Sỹ")
    huy = submit_named(ward, "Đỗ Quang Huy")
    minh = submit_named(ward, "Trần Minh Quỳnh")
    desk = sign_in(server, ward.officer)

    def found(needle: str) -> list[str]:
        return ids_on(desk.get("/console/dossiers", params={"q": needle}).text)

    for needle in ("van si", "Sĩ", "le van sy"):
        assert found(needle) == [sy], needle
    assert found("huy") == [huy] and found("quang hui") == []
    assert found("quy") == [minh], "Quỳnh is still found while being typed"
    assert found("my") == [], "the twin 'mi' is a whole word: Minh is not Mỹ"
    desk.close()


def test_paging(server: AppServer, ward: Ward) -> None:
    ref = upload(ward.vol, uuid.uuid4().bytes)
    batch = [
        mutation(data={**GOOD_DATA, "full_name": "Lê Văn Tám"}, attachments=[ref])
        for _ in range(53)
    ]
    assert {r["outcome"] for r in push(ward.vol, *batch)} == {"applied"}
    made = [str(m["dossier_id"]) for m in batch]
    desk = sign_in(server, ward.officer)
    first = desk.get("/console/dossiers").text
    second = desk.get("/console/dossiers", params={"page": "2"}).text
    assert len(ids_on(first)) == 50 and len(ids_on(second)) == 3
    assert set(ids_on(first)) | set(ids_on(second)) == set(made)
    assert "Trang 1/2" in first and 'rel="next"' in first and 'rel="prev"' in second
    searched = desk.get("/console/dossiers", params={"q": "le van tam", "page": "2"}).text
    assert len(ids_on(searched)) == 3
    beyond = desk.get("/console/dossiers", params={"page": "99"}).text
    assert ids_on(beyond) == ids_on(second)  # clamped to the last page
    desk.close()


def test_csv_export_has_bom_and_the_filtered_rows(
    server: AppServer, ward: Ward, other_ward: Ward
) -> None:
    hoa = submit_named(ward, "Nguyễn Thị Hoà")
    submit_named(ward, "Lê Văn Tám")
    submit_named(other_ward, "Nguyễn Thị Hoà")
    desk = sign_in(server, ward.officer)
    answer = desk.get("/console/dossiers.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv; charset=utf-8")
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã hồ sơ" and len(rows) == 3
    names = {r[4] for r in rows[1:]}
    assert names == {"NGUYỄN THỊ HOÀ", "LÊ VĂN TÁM"}
    only = desk.get("/console/dossiers.csv", params={"q": "hoa", "lang": "en"})
    rows = list(csv.reader(io.StringIO(only.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Dossier code" and [r[1] for r in rows[1:]] == [hoa]
    assert rows[1][3] == "Awaiting receipt"
    desk.close()
