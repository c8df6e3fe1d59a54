"""Invariant 5: concurrent edits merge field by field; only a field both sides changed to
different values is a conflict, resolved by the volunteer, and the choice reaches the server."""

from __future__ import annotations

from pathlib import Path

from helper_app.forms.catalog import Catalog
from helper_app.sync import conflicts
from helper_app.sync.lifecycle import DossierStatus
from tests.helpers.sync_world import Laptop, Officer


def _submitted_then_supplement(laptop: Laptop, officer: Officer, tmp_path: Path) -> str:
    dossier_id = laptop.new_birth_dossier(tmp_path)
    laptop.sync()
    officer.set_status(dossier_id, "supplement_requested", message="Kiểm tra lại", checklist=["a"])
    laptop.sync()
    assert laptop.dossiers.get(dossier_id).status is DossierStatus.SUPPLEMENT_REQUESTED
    return dossier_id


def test_officer_edits_a_volunteer_edits_b_merge_silently(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = _submitted_then_supplement(laptop, officer, tmp_path)
    # Offline, the volunteer fixes B while the official corrects A on the server.
    laptop.dossiers.update_fields(dossier_id, {"child_birthplace": "Trạm y tế xã Tam Đa"})
    laptop.dossiers.finalize(dossier_id)
    officer.edit(dossier_id, {"mother_full_name": "Nguyễn Thị Hường"})

    result = laptop.sync()
    assert result.conflicts == 0
    assert conflicts.open_conflicts(laptop.store, dossier_id) == []
    server = officer.get(dossier_id)["data"]
    assert server["child_birthplace"] == "Trạm y tế xã Tam Đa"
    assert server["mother_full_name"] == "Nguyễn Thị Hường"
    local = laptop.dossiers.get(dossier_id)
    assert local.data == server
    assert local.status is DossierStatus.SUBMITTED


def test_both_edit_a_conflict_then_resolution_reaches_server(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = _submitted_then_supplement(laptop, officer, tmp_path)
    laptop.dossiers.update_fields(dossier_id, {"child_birthplace": "Ở nhà, thôn Đông"})
    laptop.dossiers.finalize(dossier_id)
    officer.edit(dossier_id, {"child_birthplace": "Bệnh viện đa khoa Bắc Ninh"})

    result = laptop.sync()
    assert result.conflicts == 1
    (conflict,) = conflicts.open_conflicts(laptop.store, dossier_id)
    assert conflict.path == "child_birthplace"
    assert conflict.local == "Ở nhà, thôn Đông"
    assert conflict.server == "Bệnh viện đa khoa Bắc Ninh"
    # Nothing overwritten: the laptop keeps the volunteer's value, the server the official's.
    assert laptop.dossiers.get(dossier_id).data["child_birthplace"] == "Ở nhà, thôn Đông"
    assert officer.get(dossier_id)["data"]["child_birthplace"] == "Bệnh viện đa khoa Bắc Ninh"
    # Nothing is sent for the dossier until the volunteer decides.
    assert laptop.sync().pushed == 0

    conflicts.resolve(
        laptop.store,
        dossier_id,
        {"child_birthplace": "local"},
        actor="tnv",
        catalog=Catalog.bundled(),
    )
    after = laptop.sync()
    assert after.applied == 1 and after.conflicts == 0
    assert officer.get(dossier_id)["data"]["child_birthplace"] == "Ở nhà, thôn Đông"
    assert conflicts.open_conflicts(laptop.store) == []


def test_conflict_resolved_with_server_value_sends_nothing_new(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = _submitted_then_supplement(laptop, officer, tmp_path)
    laptop.dossiers.update_fields(dossier_id, {"child_birthplace": "A"})
    laptop.dossiers.finalize(dossier_id)
    officer.edit(dossier_id, {"child_birthplace": "B"})
    laptop.sync()
    conflicts.resolve(
        laptop.store,
        dossier_id,
        {"child_birthplace": "server"},
        actor="tnv",
        catalog=Catalog.bundled(),
    )
    laptop.sync()
    assert laptop.dossiers.get(dossier_id).data == officer.get(dossier_id)["data"]
    assert officer.get(dossier_id)["data"]["child_birthplace"] == "B"


def test_official_edit_without_local_changes_just_arrives(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = laptop.new_birth_dossier(tmp_path)
    laptop.sync()
    officer.edit(dossier_id, {"child_birthplace": "Bệnh viện Sản - Nhi"})
    result = laptop.sync()
    assert result.conflicts == 0 and result.pushed == 0
    assert laptop.dossiers.get(dossier_id).data["child_birthplace"] == "Bệnh viện Sản - Nhi"
