"""Render every main screen with demo-like data into docs/screenshots/*.png.

Runs on any platform, including headless (``QT_QPA_PLATFORM=offscreen`` is set when no display
is available): a throwaway data directory gets a few residents with Vietnamese names and some
dossiers in various states, then the real app (``helper_app.ui.app``) is built and each screen
grabbed. The store is encrypted as in the app (a throwaway passphrase here; the demo's keyring
or throwaway passphrase there). Look at every PNG after a UI change: clipped Vietnamese text,
cramped forms and unclear errors show up here first.

Usage: ``python scripts/screenshots.py [--out docs/screenshots]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from helper_app.config import resolve_paths  # noqa: E402
from helper_app.demo import DEMO_RESIDENTS  # noqa: E402
from helper_app.residents import ResidentRecord  # noqa: E402
from helper_app.security.vault import Vault  # noqa: E402
from helper_app.ui.app import UiRuntime, build_ui, open_services  # noqa: E402
from helper_app.ui.form.text_fields import LineField  # noqa: E402
from helper_app.ui.qapp import qapplication  # noqa: E402
from helper_app.ui.qt import QApplication, QWidget  # noqa: E402
from helper_app.ui.services import Services  # noqa: E402
from helper_app.ui.settings import UiSettings  # noqa: E402
from helper_app.ui.unlock import NewPassphraseDialog, UnlockDialog  # noqa: E402

SHOT_PASSPHRASE = "ảnh chụp màn hình, không dùng thật"

# The demo's residents, plus one elderly resident the screenshots need.
RESIDENTS = [
    *DEMO_RESIDENTS,
    ResidentRecord("Hoàng Đức Thắng", "1947-07-01", "Nam", "027047000111", None, "Tày", "Việt Nam"),
]


def settle(runtime: UiRuntime, ms: int = 400) -> None:
    """Let background work deliver and debounce timers fire."""
    deadline = time.monotonic() + ms / 1000
    while time.monotonic() < deadline or runtime.tasks.busy:
        QApplication.processEvents()
        time.sleep(0.01)


def seed(services: Services) -> list[str]:
    """Residents and dossiers in several states; returns the dossier ids."""
    people = [services.residents.save(r) for r in RESIDENTS]
    d = services.dossiers
    ids = []
    birth = d.create_draft(
        "birth_registration",
        data={"child_full_name": "Nguyễn Ngọc Bảo Anh", "child_gender": "Nữ"},
        prefill_from={"requester_person": people[0].id, "mother_person": people[1].id},
    )
    ids.append(birth.id)
    vneid = services.catalog.get("vneid_level2_precheck")
    done = d.create_draft(vneid.code, data=dict(vneid.examples[0].data))
    d.record_consent(done.id, help_accepted=True, processing_accepted=True)
    d.finalize(done.id)
    ids.append(done.id)
    ids.append(
        d.create_draft("death_registration", data={"deceased_full_name": "Hoàng Đức Thắng"}).id
    )
    ids.append(d.create_draft("social_assistance_monthly", data={"full_name": "Lò Văn Pánh"}).id)
    marital = d.create_draft(
        "marital_status_certificate", data={"subject_full_name": "Đặng Thị Ngọc Ánh"}
    )
    ids.append(marital.id)
    with services.store.write() as session:
        session.execute(
            text(
                "UPDATE dossiers SET status='supplement_requested', server_rev=3, last_message=:m "
                "WHERE id=:i"
            ),
            {
                "m": "Đề nghị bổ sung bản chụp Giấy xác nhận cư trú trong thời gian 2015–2020.",
                "i": marital.id,
            },
        )
        session.execute(
            text(
                "INSERT INTO conflicts (dossier_id, path, base, local, server, created_at) VALUES "
                "(:i, 'full_name', '\"a\"', '\"b\"', '\"c\"', '2025-08-01T00:00:00+00:00')"
            ),
            {"i": ids[2]},
        )
    return ids


def grab(widget: QWidget, out: Path, name: str) -> Path:
    """Save a PNG of ``widget``."""
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")
    return path


def shoot(language: str, out: Path) -> None:
    """Every screen in one language."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_paths(Path(tmp) / "data")
        paths.ensure()
        services = open_services(
            paths,
            UiSettings(language=language),
            actor="tinh-nguyen-vien",
            vault=Vault(paths.database),
            passphrase=SHOT_PASSPHRASE,
        )
        ids = seed(services)
        app = qapplication([sys.argv[0]])
        runtime = build_ui(app, services, presenter=lambda exc: print(f"error: {exc}"))
        window = runtime.window
        window.resize(1280, 780)
        settle(runtime)
        suffix = "" if language == "vi" else "_en"
        grab(window, out, f"dossiers{suffix}")
        for row, name in ((1, "residents"), (2, "outbox"), (4, "settings")):
            window.nav.setCurrentRow(row)
            settle(runtime, 200)
            grab(window, out, f"{name}{suffix}")
        window.nav.setCurrentRow(0)
        window.on_dossiers_new_requested()
        dialog = window.new_dialog
        assert dialog is not None
        dialog.search.setText("khai sinh")
        settle(runtime, 100)
        grab(dialog, out, f"new_dossier{suffix}")
        dialog.close()
        view = services.dossiers.get(ids[0])
        editor = window.show_dossier(view)
        editor.resize(1200, 900)
        pid = editor.editor.widgets["requester_personal_id"]
        assert isinstance(pid, LineField)
        pid.line.setText("12345")
        pid.edited.emit()
        settle(runtime, 500)
        grab(editor, out, f"editor{suffix}")
        editor.on_finalize_button_clicked()
        settle(runtime, 500)
        grab(editor, out, f"editor_blocked{suffix}")
        editor.close()
        marital = window.show_dossier(services.dossiers.get(ids[4]))
        marital.resize(1200, 800)
        settle(runtime, 300)
        grab(marital, out, f"supplement{suffix}")
        marital.close()
        window.residents.open_dialog(None)
        settle(runtime, 100)
        if window.residents.dialog is not None:
            grab(window.residents.dialog, out, f"resident_dialog{suffix}")
            window.residents.dialog.close()
        settle(runtime, 100)
        shoot_first_start(runtime, out, suffix, Path(tmp))
        shoot_security(runtime, out, suffix)
        runtime.shutdown()


def shoot_first_start(runtime: UiRuntime, out: Path, suffix: str, tmp: Path) -> None:
    """A new laptop's sign-in (file or QR code) and the QR dialog with a decoded photo."""
    import segno

    from helper_app.provisioning.link import ProvisioningLink
    from helper_app.ui.provisioning_link_dialog import ProvisioningLinkDialog

    dialog = runtime.window.show_sign_in()
    if dialog is None:
        return
    settle(runtime, 200)
    grab(dialog, out, f"sign_in_first{suffix}")
    link = ProvisioningLink(
        "https://hoso.phuong.gov.vn/api/v1/provisioning/files/Xq3vV0m8kP2rTn5Wc7Yh1LbD9sFgJ4aE",
        "6564ff55f193f39f70ea9e641c4d18ab7e394712e58ec79538e199b34def2f9a",
        "D4C8-0175-9896-C5CC-D95C",
    )
    photo = tmp / "qr.png"
    segno.make(link.text(), error="m").save(str(photo), scale=5)
    qr_dialog = ProvisioningLinkDialog(runtime.sync, runtime.services.language, dialog)  # type: ignore[arg-type]
    qr_dialog.show()
    qr_dialog.read_image(photo)
    settle(runtime, 600)
    grab(qr_dialog, out, f"qr_dialog{suffix}")
    qr_dialog.close()
    dialog.reject()


def shoot_security(runtime: UiRuntime, out: Path, suffix: str) -> None:
    """The unlock dialogs, the lock screen, the erase confirmation, the data-protection boxes."""
    window = runtime.window
    language = runtime.services.language
    unlock = UnlockDialog()
    wrong = (
        "Wrong passphrase. Nothing was changed."
        if language == "en"
        else ("Sai mật khẩu. Dữ liệu không thay đổi.")
    )
    unlock.show_state(wrong, 4)
    unlock.passphrase.setText("xxxxxxxx")
    unlock.show()
    settle(runtime, 100)
    grab(unlock, out, f"unlock{suffix}")
    unlock.close()
    reason = (
        "This computer has no secure operating-system keyring: choose a passphrase (at least 8 "
        "characters) to encrypt the data, or install gnome-keyring."
        if language == "en"
        else "Máy này không có kho khoá an toàn của hệ điều hành: hãy đặt một mật khẩu (ít nhất 8 "
        "ký tự) để mã hoá dữ liệu, hoặc cài gnome-keyring."
    )
    choose = NewPassphraseDialog(reason, language)
    choose.first.setText("mot cau dai de nho")
    choose.second.setText("mot cau dai de nho")
    choose.show()
    settle(runtime, 100)
    grab(choose, out, f"new_passphrase{suffix}")
    choose.close()
    window.nav.setCurrentRow(1)
    settle(runtime, 200)
    page = window.residents
    page.table.selectRow(0)
    page.on_erase_button_clicked()
    settle(runtime, 200)
    if page.dialog is not None:
        grab(page.dialog, out, f"erase_resident{suffix}")
        page.dialog.close()
    window.nav.setCurrentRow(4)
    window.resize(1280, 1100)
    settle(runtime, 300)
    grab(window, out, f"settings_security{suffix}")
    window.resize(1280, 780)
    window.lock_now()
    settle(runtime, 300)
    grab(window, out, f"lock_screen{suffix}")


def wait_for(runtime: UiRuntime, condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    """Process events until ``condition()`` holds (or the timeout passes)."""
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        settle(runtime, 50)


def shoot_demo(language: str, out: Path) -> None:
    """The screens that need a server, on the embedded demo (``helper-app --demo``)."""
    from helper_app.demo import prepare_demo
    from helper_app.sync.lifecycle import DossierStatus

    session = prepare_demo()
    try:
        settings = UiSettings(language=language)
        services = open_services(
            session.paths, settings, actor="demo-volunteer", passphrase=session.passphrase
        )
        app = qapplication([sys.argv[0]])
        credentials = session.credentials
        runtime = build_ui(
            app,
            services,
            presenter=lambda exc: print(f"error: {exc}"),
            credentials=lambda: credentials,
        )
        sync = runtime.sync
        assert sync is not None
        window = runtime.window
        window.resize(1280, 780)
        wait_for(runtime, lambda: sync.online is True and not runtime.tasks.busy)
        settle(runtime, 300)
        suffix = "" if language == "vi" else "_en"
        grab(window, out, f"demo_signed_in{suffix}")
        for row, name in ((2, "outbox"), (3, "conflicts"), (4, "settings")):
            window.nav.setCurrentRow(row)
            settle(runtime, 200)
            grab(window, out, f"{name}{suffix}")
        window.nav.setCurrentRow(0)
        views = {d.status: d for d in services.dossiers.summaries()}
        for status, name in (
            (DossierStatus.RECEIVED, "received"),
            (DossierStatus.SUPPLEMENT_REQUESTED, "supplement"),
        ):
            dossier = window.show_dossier(services.dossiers.get(views[status].id))
            dossier.resize(1200, 860)
            settle(runtime, 400)
            grab(dossier, out, f"{name}{suffix}")
            if status == DossierStatus.RECEIVED:
                pdf = dossier.save_receipt_pdf(out / f"receipt{suffix}.pdf")
                print(f"wrote {pdf}")
            dossier.close()
        sync.signed_in = False
        dialog = window.show_sign_in()
        if dialog is not None:
            settle(runtime, 200)
            grab(dialog, out, f"sign_in{suffix}")
            dialog.reject()
        settle(runtime, 100)
        runtime.shutdown()
    finally:
        session.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for language in ("vi", "en"):
        shoot(language, args.out)
        shoot_demo(language, args.out)  # the outbox, settings and supplement shots come from here
    return 0


if __name__ == "__main__":
    sys.exit(main())
