"""Read the console's provisioning QR code from a picture (a phone photo or a screenshot).

Qt loads the image (PNG, JPEG, BMP … whatever its image plugins read) and zxing-cpp, a
maintained C++ barcode library with Python wheels, finds and decodes the QR code in it, also
rotated, tilted or photographed off a screen. Decoding a webcam's frames live would need Qt
Multimedia and its FFmpeg backend in the bundle (tens of MB) for a step a photo already covers,
so the app takes a picture file; see docs/provisioning.md.
"""

from __future__ import annotations

from pathlib import Path

import zxingcpp

from helper_app.ui.qt import QImage

MAX_IMAGE_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 60_000_000


class QrImageError(Exception):
    """The picture cannot be read or holds no QR code; ``key`` says which (for the message)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def qr_texts_in_image(file: Path) -> list[str]:
    """The texts of every QR code in the picture ``file``.

    Raises:
        QrImageError: ``unreadable`` (missing, too big, not an image), ``none`` (no QR code).
    """
    try:
        if file.stat().st_size > MAX_IMAGE_BYTES:
            raise QrImageError("unreadable")
    except OSError as exc:
        raise QrImageError("unreadable") from exc
    image = QImage(str(file))
    if image.isNull() or image.width() * image.height() > MAX_PIXELS:
        raise QrImageError("unreadable")
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    found = zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    texts = [code.text for code in found if code.valid and code.text]
    if not texts:
        raise QrImageError("none")
    return texts
