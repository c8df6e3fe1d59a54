"""Display names of dossier statuses and badges (interface text, translated by Qt)."""

from __future__ import annotations

from helper_app.sync.lifecycle import DossierStatus
from helper_app.ui.qt import QCoreApplication

# lupdate only recognizes the literal QCoreApplication.translate("Status", "...") form.


def status_label(status: str) -> str:
    """The volunteer-facing name of a dossier status."""
    names = {
        DossierStatus.DRAFT: QCoreApplication.translate("Status", "Nháp"),
        DossierStatus.QUEUED: QCoreApplication.translate("Status", "Chờ gửi"),
        DossierStatus.SUBMITTED: QCoreApplication.translate("Status", "Đã gửi"),
        DossierStatus.RECEIVED: QCoreApplication.translate("Status", "Đã tiếp nhận"),
        DossierStatus.PROCESSING: QCoreApplication.translate("Status", "Đang xử lý"),
        DossierStatus.SUPPLEMENT_REQUESTED: QCoreApplication.translate("Status", "Cần bổ sung"),
        DossierStatus.COMPLETED: QCoreApplication.translate("Status", "Hoàn thành"),
        DossierStatus.REJECTED: QCoreApplication.translate("Status", "Bị từ chối"),
        DossierStatus.WITHDRAWN: QCoreApplication.translate("Status", "Đã rút"),
    }
    try:
        return names[DossierStatus(status)]
    except ValueError:
        return status


def badge_labels(*, supplement: bool, conflict: bool, quarantined: bool) -> list[str]:
    """The chips shown next to a dossier in the list."""
    chips = []
    if supplement:
        chips.append(QCoreApplication.translate("Status", "Cần bổ sung"))
    if conflict:
        chips.append(QCoreApplication.translate("Status", "Xung đột"))
    if quarantined:
        chips.append(QCoreApplication.translate("Status", "Bị cách ly"))
    return chips
