"""Laying a dossier out by its definition: labels, readable values, problems, edit parsing."""

from __future__ import annotations

from helper_app.forms import Catalog
from helper_app.sync.protocol import AttachmentRef
from helper_server.console.layout import find_field, lay_out, parse_edit_value, where_label
from helper_server.console.queries import name_fields


def test_birth_dossier_reads_like_the_paper_form() -> None:
    definition = Catalog.bundled().get("birth_registration")
    data = dict(definition.examples[0].data)
    layout = lay_out(definition, data=data, attachments=[], lang="vi", units=None)
    titles = [b.title for b in layout.blocks]
    assert titles[:3] == ["Kính gửi", "Thông tin người yêu cầu", "Thông tin người được khai sinh"]
    rows = {r.field_id: r for b in layout.blocks for r in b.rows}
    assert rows["child_dob"].value == "20/10/2026"
    assert rows["father_declared"].value == "Có"
    assert rows["child_full_name"].label == "Họ, chữ đệm, tên"
    assert "requester_person" not in rows  # resident links mean nothing on the server
    missing = [p for p in layout.problems if p.error]
    assert any(p.where == "Giấy chứng sinh (bản chính)" for p in missing)
    english = lay_out(definition, data=data, attachments=[], lang="en", units=None)
    assert {r.field_id: r for b in english.blocks for r in b.rows}["father_declared"].value == "Yes"


def test_hidden_fields_are_not_shown() -> None:
    definition = Catalog.bundled().get("birth_registration")
    data = {**definition.examples[0].data, "father_declared": False}
    layout = lay_out(definition, data=data, attachments=[], lang="vi", units=None)
    shown = {r.field_id for b in layout.blocks for r in b.rows}
    assert "father_full_name" not in shown


def test_files_grouped_by_slot_with_images_inline() -> None:
    definition = Catalog.bundled().get("birth_registration")
    refs = [
        AttachmentRef(slot="requester_id", sha256="a" * 64, size=10, mime="image/jpeg"),
        AttachmentRef(slot="requester_id", sha256="b" * 64, size=10, mime="application/pdf"),
        AttachmentRef(slot="zz_unknown", sha256="c" * 64, size=10, mime="text/html"),
    ]
    layout = lay_out(definition, data={}, attachments=refs, lang="vi", units=None)
    groups = {g.slot: g for g in layout.documents}
    assert [f.inline for f in groups["requester_id"].files] == [True, False]
    assert groups["zz_unknown"].files[0].inline is False  # never rendered as a page


def test_unknown_procedure_still_shows_the_data() -> None:
    layout = lay_out(None, data={"a": 1}, attachments=[], lang="vi", units=None)
    assert not layout.known and layout.blocks[0].rows[0].value == "1"


def test_edit_values_are_converted_by_type() -> None:
    definition = Catalog.bundled().get("birth_registration")
    copies = find_field(definition, "extract_copies")
    declared = find_field(definition, "father_declared")
    name = find_field(definition, "child_full_name")
    assert copies and declared and name
    assert parse_edit_value(copies, " 3 ") == 3
    assert parse_edit_value(copies, "ba") == "ba"  # validation names the problem
    assert parse_edit_value(declared, "Không") is False
    assert parse_edit_value(name, "   ") is None
    assert find_field(definition, "nope") is None


def test_paths_get_labels() -> None:
    labels = {"members": "Thành viên", "dob": "Ngày sinh"}
    assert where_label("members[1].dob", labels, "vi") == "Thành viên #2: Ngày sinh"
    assert where_label("", labels, "en") == "Whole dossier"
    assert where_label("weird", labels, "vi") == "weird"


def test_name_fields_put_the_subject_first() -> None:
    definition = Catalog.bundled().get("birth_registration")
    names = name_fields(definition)
    assert names[0] == "child_full_name"
    assert {"requester_full_name", "mother_full_name", "father_full_name"} <= set(names)
