"""The dossier page and the actions posted from it, through the officer service, over HTTP."""

from __future__ import annotations

import re

import httpx

from tests.helper_server.console.desk import csrf_of, sign_in
from tests.helper_server.world import Ward, mutation, push, submitted, upload
from tests.helpers.app_server import AppServer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def act(desk: httpx.Client, dossier_id: str, **form: str) -> httpx.Response:
    page = desk.get(f"/console/dossiers/{dossier_id}")
    rev = re.search(r'name="base_rev" value="(\d+)"', page.text)
    data = {"csrf": csrf_of(page.text), **form}
    if rev and "base_rev" not in form:
        data["base_rev"] = rev.group(1)
    path = "edit" if "field" in form else "status"
    return desk.post(f"/console/dossiers/{dossier_id}/{path}", data=data)


def test_page_lays_out_labels_values_files_history_problems(server: AppServer, ward: Ward) -> None:
    image = upload(ward.vol, PNG)
    image["mime"] = "image/png"
    image["filename"] = "cccd mặt trước.png"
    pdf = upload(ward.vol, b"%PDF-1.4 fake " + ward.code.encode())
    pdf.update(mime="application/pdf", filename="ảnh.pdf", slot="photo")
    m = mutation(attachments=[image, pdf])
    [result] = push(ward.vol, m)
    assert result["outcome"] == "applied", result
    desk = sign_in(server, ward.officer)
    page = desk.get(f"/console/dossiers/{m['dossier_id']}")
    assert page.status_code == 200
    html = page.text
    assert "Giấy phép thử" in html and "<h2>Chính</h2>" in html
    assert "<dt>Họ tên</dt>" in html and "NGUYỄN VĂN A" in html
    assert "02/01/1990" in html  # stored ISO, shown dd/mm/yyyy
    assert 'data-field="full_name"' in html
    assert f'<img src="/console/dossiers/{m["dossier_id"]}/files/{image["sha256"]}"' in html
    assert f'/files/{pdf["sha256"]}" download' in html
    assert "Gửi hồ sơ" in html and ward.volunteer.username in html  # history: who and what
    assert "Không phát hiện vấn đề." in html
    shown = desk.get(f"/console/dossiers/{m['dossier_id']}/files/{image['sha256']}")
    assert shown.status_code == 200 and shown.content == PNG
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith("inline;")
    assert shown.headers["x-content-type-options"] == "nosniff"
    got = desk.get(f"/console/dossiers/{m['dossier_id']}/files/{pdf['sha256']}")
    assert got.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E1%BA%A3nh.pdf" in got.headers["content-disposition"]
    # a blob of the ward that is not this dossier's is not served through it
    stray = upload(ward.vol, b"unrelated")
    assert (
        desk.get(f"/console/dossiers/{m['dossier_id']}/files/{stray['sha256']}").status_code == 404
    )
    assert desk.get("/console/dossiers/not-a-uuid").status_code == 404
    assert desk.get(f"/console/dossiers/{m['dossier_id']}/files/..%2f..%2fetc").status_code == 404
    desk.close()


def test_receive_process_complete_each_recorded(server: AppServer, ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    desk = sign_in(server, ward.officer)
    done = act(desk, dossier_id, action="receive")
    assert done.status_code == 303 and done.headers["location"].endswith("?ok=receive")
    page = desk.get(done.headers["location"]).text
    receipt = ward.off.get(f"/api/v1/officer/dossiers/{dossier_id}").json()["receipt_code"]
    assert receipt and f"Mã biên nhận: {receipt}" in page
    assert act(desk, dossier_id, action="process").status_code == 303
    assert act(desk, dossier_id, action="complete", message="Đã trả tại quầy").status_code == 303
    detail = ward.off.get(f"/api/v1/officer/dossiers/{dossier_id}").json()
    assert [h["action"] for h in detail["history"]] == ["submit", "receive", "process", "complete"]
    assert {h["updated_by"]["username"] for h in detail["history"][1:]} == {ward.officer.username}
    final = desk.get(f"/console/dossiers/{dossier_id}").text
    assert "Hồ sơ ở trạng thái này không còn thao tác nào." in final
    # the volunteer's feed carries every action
    feed = ward.vol.get("/api/v1/sync/changes", params={"since": 0}).json()["changes"]
    assert [c["action"] for c in feed if c["dossier_id"] == dossier_id][-1] == "complete"


def test_supplement_needs_message_and_checklist(server: AppServer, ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    desk = sign_in(server, ward.officer)
    missing = act(desk, dossier_id, action="supplement", message="Ảnh mờ")
    assert missing.status_code == 422 and "Chọn ít nhất một mục" in missing.text
    blank = act(desk, dossier_id, action="supplement", message="  ", checklist="full_name")
    assert blank.status_code == 422 and "Vui lòng nhập lời nhắn." in blank.text
    page = desk.get(f"/console/dossiers/{dossier_id}")
    answer = desk.post(
        f"/console/dossiers/{dossier_id}/status",
        data={
            "csrf": csrf_of(page.text),
            "action": "supplement",
            "message": "Ảnh CCCD bị mờ, chụp lại",
            "checklist": ["documents.id_card", "birth_date"],
        },
    )
    assert answer.status_code == 303
    change = ward.vol.get(f"/api/v1/dossiers/{dossier_id}").json()
    assert change["status"] == "supplement_requested"
    assert change["checklist"] == ["documents.id_card", "birth_date"]
    shown = desk.get(f"/console/dossiers/{dossier_id}").text
    assert "CCCD; Ngày sinh" in shown  # the checklist in labels, not ids


def test_refusals_show_the_reason(server: AppServer, ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    desk = sign_in(server, ward.officer)
    refused = act(desk, dossier_id, action="complete")  # not allowed from submitted
    assert refused.status_code == 409
    assert "không cho phép thao tác này" in refused.text
    stale = act(desk, dossier_id, action="receive", base_rev="7")
    assert stale.status_code == 409 and "vừa được thay đổi" in stale.text
    reason = act(desk, dossier_id, action="reject")
    assert reason.status_code == 422 and "lý do" in reason.text
    unknown = act(desk, dossier_id, action="delete")
    assert unknown.status_code == 422
    assert (
        act(desk, dossier_id, action="reject", message="Không thuộc thẩm quyền").status_code == 303
    )
    assert ward.off.get(f"/api/v1/officer/dossiers/{dossier_id}").json()["status"] == "rejected"


def test_edit_a_field(server: AppServer, ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    desk = sign_in(server, ward.officer)
    ok = act(desk, dossier_id, field="full_name", value="  trần   thị bình ")
    assert ok.status_code == 303 and ok.headers["location"].endswith("?ok=edit")
    server_view = ward.vol.get(f"/api/v1/dossiers/{dossier_id}").json()
    assert server_view["data"]["full_name"] == "TRẦN THỊ BÌNH"  # normalized like a submission
    assert server_view["action"] == "edit"
    bad = act(desk, dossier_id, field="birth_date", value="31/02/2990")
    assert bad.status_code == 422 and "Ngày sinh" in bad.text
    unknown = act(desk, dossier_id, field="not_a_field", value="x")
    assert unknown.status_code == 422 and "không có trong thủ tục" in unknown.text
    cleared = act(desk, dossier_id, field="phone", value="")
    assert cleared.status_code == 303
    assert "phone" not in ward.vol.get(f"/api/v1/dossiers/{dossier_id}").json()["data"]


def test_another_wards_dossier_is_not_found_anywhere(
    server: AppServer, ward: Ward, other_ward: Ward
) -> None:
    theirs, rev = submitted(other_ward)
    their_blob = other_ward.off.get(f"/api/v1/officer/dossiers/{theirs}").json()["attachments"][0]
    desk = sign_in(server, ward.officer)
    page = desk.get(f"/console/dossiers/{theirs}")
    assert page.status_code == 404 and "Không tìm thấy" in page.text
    assert desk.get(f"/console/dossiers/{theirs}/files/{their_blob['sha256']}").status_code == 404
    token = csrf_of(desk.get("/console/dossiers").text)
    for path, data in (
        ("status", {"action": "receive", "base_rev": str(rev)}),
        ("edit", {"field": "phone", "value": "", "base_rev": str(rev)}),
    ):
        answer = desk.post(f"/console/dossiers/{theirs}/{path}", data={**data, "csrf": token})
        assert answer.status_code == 404
    assert other_ward.off.get(f"/api/v1/officer/dossiers/{theirs}").json()["rev"] == rev
