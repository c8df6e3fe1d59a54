"""The resident's slip: print it or save it as PDF, with a QR code of the tracking code.

The slip names the procedure, the people the dossier is about, the documents handed in, the
dossier code and the receipt code the ward gave (the QR code encodes the receipt code, which is
what the resident quotes; the dossier code while there is none). A dossier the server has not
received yet gets a slip that says it is waiting to be sent and when it was prepared, so the
resident is never handed a receipt for something the ward does not know about.

Rendering is Qt's own: a :class:`QTextDocument` printed to a :class:`QPdfWriter` (save) or a
:class:`QPrinter` (print); the QR image comes from ``segno`` as PNG bytes. No web engine.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path

import segno

from helper_app.dossiers import VIETNAM_TZ, DossierView
from helper_app.forms import ProcedureDefinition
from helper_app.forms.model import FieldType
from helper_app.ui.i18n import pick
from helper_app.ui.labels import status_label
from helper_app.ui.qt import (
    QCoreApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QPrintDialog,
    QPrinter,
    QTextDocument,
    QUrl,
    QWidget,
)

QR_RESOURCE = "helper-qr.png"


@dataclass(frozen=True)
class ReceiptContent:
    """What the slip says (plain data; the tests read it too)."""

    title: str
    procedure: str
    people: list[tuple[str, str]]
    documents: list[tuple[str, int]]
    dossier_code: str
    receipt_code: str | None
    tracking_code: str
    status: str
    prepared_at: str


def receipt_content(
    view: DossierView, definition: ProcedureDefinition, language: str
) -> ReceiptContent:
    """Collect the slip's facts from a dossier."""
    people = []
    for field in definition.iter_fields():
        value = view.data.get(field.id)
        if field.type is FieldType.TEXT and field.id.endswith("full_name") and value:
            people.append((pick(language, field.label_vi, field.label_en), str(value)))
    counts: dict[str, int] = {}
    for attachment in view.attachments:
        counts[attachment.slot] = counts.get(attachment.slot, 0) + 1
    documents = [
        (pick(language, doc.label_vi, doc.label_en), counts[doc.id])
        for doc in definition.documents
        if doc.id in counts
    ]
    received = bool(view.receipt_code)
    return ReceiptContent(
        title=QCoreApplication.translate("Receipt", "PHIẾU BIÊN NHẬN HỒ SƠ")
        if received
        else QCoreApplication.translate("Receipt", "PHIẾU GHI NHẬN HỒ SƠ CHỜ GỬI"),
        procedure=pick(language, definition.title_vi, definition.title_en),
        people=people,
        documents=documents,
        dossier_code=view.id,
        receipt_code=view.receipt_code,
        tracking_code=view.receipt_code or view.id,
        status=status_label(view.status),
        prepared_at=view.updated_at.astimezone(VIETNAM_TZ).strftime("%H:%M %d/%m/%Y"),
    )


def qr_png(code: str, *, scale: int = 6) -> bytes:
    """A QR code of ``code`` as PNG bytes (medium error correction, quiet zone 2)."""
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def _code(text: str) -> str:
    """A code in a monospace face: no ligatures ("ff" stays two letters), easy to read aloud."""
    return f"<span style='font-family: \"DejaVu Sans Mono\", monospace;'>{html.escape(text)}</span>"


def receipt_html(content: ReceiptContent) -> str:
    """The slip as the rich text QTextDocument renders."""
    esc = html.escape
    rows = [(QCoreApplication.translate("Receipt", "Thủ tục"), esc(content.procedure))]
    rows += [(label, esc(value)) for label, value in content.people]
    rows.append((QCoreApplication.translate("Receipt", "Mã hồ sơ"), _code(content.dossier_code)))
    if content.receipt_code:
        rows.append(
            (QCoreApplication.translate("Receipt", "Mã biên nhận"), _code(content.receipt_code))
        )
    rows.append((QCoreApplication.translate("Receipt", "Trạng thái"), esc(content.status)))
    table = "".join(f"<tr><td width='35%'><b>{esc(k)}</b></td><td>{v}</td></tr>" for k, v in rows)
    docs = "".join(f"<li>{esc(label)} ({n})</li>" for label, n in content.documents)
    if not docs:
        none = QCoreApplication.translate("Receipt", "Không có giấy tờ kèm theo")
        docs = f"<li>{esc(none)}</li>"
    if content.receipt_code:
        note = QCoreApplication.translate(
            "Receipt",
            "Phường đã tiếp nhận hồ sơ. Khi hỏi về hồ sơ, xin đọc mã biên nhận hoặc đưa mã QR.",
        )
    else:
        note = QCoreApplication.translate(
            "Receipt",
            "Hồ sơ đã được chuẩn bị lúc %1 và đang chờ gửi lên máy chủ của phường. Đây chưa phải "
            "biên nhận: mã biên nhận sẽ có khi phường tiếp nhận hồ sơ.",
        ).replace("%1", content.prepared_at)
    caption = esc(QCoreApplication.translate("Receipt", "Mã tra cứu: %1"))
    caption = caption.replace("%1", _code(content.tracking_code))
    handed_in = QCoreApplication.translate("Receipt", "Giấy tờ đã nộp")
    dated = QCoreApplication.translate("Receipt", "Ngày lập phiếu: %1")
    dated = dated.replace("%1", content.prepared_at)
    return (
        '<html><body style=\'font-family: "DejaVu Sans", "Noto Sans", sans-serif;\'>'
        f"<h2 align='center'>{esc(content.title)}</h2>"
        f"<table cellpadding='4' width='100%'>{table}</table>"
        f"<p><b>{esc(handed_in)}</b></p><ul>{docs}</ul>"
        f"<p>{esc(note)}</p>"
        f"<p align='center'><img src='{QR_RESOURCE}' width='150' height='150'/><br/>"
        f"{caption}</p>"
        f"<p><small>{esc(dated)}</small></p></body></html>"
    )


def receipt_document(content: ReceiptContent) -> QTextDocument:
    """The slip as a document (QR image registered as a resource)."""
    document = QTextDocument()
    image = QImage.fromData(qr_png(content.tracking_code))
    document.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(QR_RESOURCE), image)
    document.setHtml(receipt_html(content))
    return document


def save_pdf(content: ReceiptContent, path: Path) -> Path:
    """Write the slip to ``path`` as an A4 PDF."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setResolution(300)
    writer.setTitle(content.title)
    receipt_document(content).print_(writer)
    del writer  # the file is complete only once the writer is gone
    return path


def print_receipt(content: ReceiptContent, parent: QWidget | None) -> bool:
    """Ask for a printer and print the slip; False when the volunteer cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    receipt_document(content).print_(printer)
    return True
