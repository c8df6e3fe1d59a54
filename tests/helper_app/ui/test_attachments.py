"""Attachments: thumbnails, large photos scaled down (unless kept), refused files say why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.window import DossierWindow
from helper_app.ui.qt import QDropEvent, QImage, QMimeData, QPoint, Qt, QUrl
from tests.helpers.ui import document_slot, wait_idle, write_png

pytestmark = pytest.mark.gui

SLOT = "requester_id"


def open_birth(ui: UiRuntime, qtbot: Any) -> DossierWindow:
    window = ui.window.show_dossier(ui.services.dossiers.create_draft("birth_registration"))
    wait_idle(qtbot, ui)
    return window


def stored_image(ui: UiRuntime, window: DossierWindow) -> QImage:
    att = ui.services.dossiers.get(window.view.id).attachments[-1]
    with ui.services.files.open(att.sha256) as handle:
        return QImage.fromData(handle.read())


def drop(widget: Any, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    center = QPoint(widget.width() // 2, widget.height() // 2)
    event = QDropEvent(
        center.toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # The offscreen platform delivers no drop events without a real drag in progress, so the
    # handler is called as Qt would call it.
    widget.dropEvent(event)
    assert event.isAccepted()


def test_dropped_png_shows_a_thumbnail(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    window = open_birth(ui, qtbot)
    png = write_png(tmp_path / "cccd mặt trước.png", 400, 250)
    slot = document_slot(window.editor, SLOT)
    with qtbot.waitSignal(window.attachments.thumbnail_shown, timeout=5000):
        drop(slot, png)
    tile = next(iter(slot.tiles.values()))
    assert tile.thumb.pixmap() is not None and not tile.thumb.pixmap().isNull()
    assert max(tile.thumb.pixmap().width(), tile.thumb.pixmap().height()) == 96
    assert slot.state.text() == "✓ đã có tệp"
    assert stored_image(ui, window).size().width() == 400  # small images are stored as they are
    wait_idle(qtbot, ui)


def test_large_photo_is_scaled_down_before_storing(
    ui: UiRuntime, qtbot: Any, tmp_path: Path
) -> None:
    window = open_birth(ui, qtbot)
    png = write_png(tmp_path / "giay-to.png", 3000, 1500)
    with qtbot.waitSignal(window.attachments.changed, timeout=10000):
        window.editor.checklist.files_chosen.emit(SLOT, [png])
    image = stored_image(ui, window)
    assert (image.width(), image.height()) == (2000, 1000)
    note = next(iter(window.attachments.notes.values()))
    assert "3000×1500" in note and "2000×1000" in note
    # The scaled copy never touched the disk: it went to the encrypted store as bytes.
    assert not (ui.services.paths.cache_dir / "incoming").exists()
    assert not list(Path("/dev/shm").glob("helper-incoming-*/*"))
    assert window.attachments.attachments[0].filename == "giay-to.png"
    wait_idle(qtbot, ui)


def test_keep_original_stores_the_photo_unscaled(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    window = open_birth(ui, qtbot)
    window.editor.checklist.keep_original.setChecked(True)
    png = write_png(tmp_path / "goc.png", 2400, 1200)
    with qtbot.waitSignal(window.attachments.changed, timeout=10000):
        window.editor.checklist.files_chosen.emit(SLOT, [png])
    assert stored_image(ui, window).width() == 2400
    wait_idle(qtbot, ui)


def test_text_file_is_refused_with_the_reason(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    window = open_birth(ui, qtbot)
    note = tmp_path / "ghi chú.txt"
    note.write_text("không phải ảnh", encoding="utf-8")
    slot = document_slot(window.editor, SLOT)
    window.editor.checklist.files_chosen.emit(SLOT, [note])
    qtbot.waitUntil(lambda: slot.problems.isVisible(), timeout=5000)
    assert "ghi chú.txt" in slot.problems.text()
    assert "chỉ nhận" in slot.problems.text()
    assert slot.tiles == {}
    assert ui.services.dossiers.get(window.view.id).attachments == ()
    wait_idle(qtbot, ui)


def test_removing_a_file_empties_the_slot(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    window = open_birth(ui, qtbot)
    png = write_png(tmp_path / "a.png", 50, 50)
    with qtbot.waitSignal(window.attachments.changed, timeout=5000):
        window.editor.checklist.files_chosen.emit(SLOT, [png])
    slot = document_slot(window.editor, SLOT)
    tile = next(iter(slot.tiles.values()))
    with qtbot.waitSignal(window.attachments.changed, timeout=5000):
        qtbot.mouseClick(tile.remove, Qt.MouseButton.LeftButton)
    assert slot.tiles == {}
    assert ui.services.dossiers.get(window.view.id).attachments == ()
    wait_idle(qtbot, ui)
