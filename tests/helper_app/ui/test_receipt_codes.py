"""Codes on the receipt slip come out of the PDF exactly as typed (no "ff" ligature in a code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest

from helper_app.ui.receipt import ReceiptContent, save_pdf

pytestmark = pytest.mark.gui


def test_codes_with_ligature_letters_survive_the_pdf(qtbot: Any, tmp_path: Path) -> None:
    tracking = "43aea0e2-05f9-42cb-bff0-7a244bc0a568"  # "ff" and "fi"-like runs
    content = ReceiptContent(
        title="PHIẾU GHI NHẬN HỒ SƠ",
        procedure="Đăng ký khai sinh",
        people=[("Họ, chữ đệm, tên", "TRẦN MINH KHÔI")],
        documents=[("Giấy chứng sinh", 1)],
        dossier_code="43aea0e2",
        receipt_code="07627-20261126-0001",
        tracking_code=tracking,
        status="Đã tiếp nhận",
        prepared_at="06:17 26/11/2026",
    )
    pdf = save_pdf(content, tmp_path / "slip.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).split())
    assert tracking in text
    assert "07627-20261126-0001" in text
    assert "TRẦN MINH KHÔI" in text
