"""Photo preparation and thumbnails, done in worker threads with QImage only.

A phone photo of a paper document is often 4000 px and 5 MB: far more than a clerk needs to
read it, and slow to sync over a congested link. Before storing, a photo whose longest side is
larger than the configured size (default 2000 px) is scaled down, keeping its EXIF orientation,
and re-encoded (JPEG quality 85, PNG stays PNG); the volunteer can tick "giữ bản gốc" to store
the original instead. Anything Qt cannot read as an image (PDF, a text file) is passed through
untouched: the attachment store then accepts it or refuses it with the reason.

Only QImage/QImageReader are used: Qt documents them as safe outside the GUI thread (QPixmap
is not, and is made from the QImage on the UI thread). Thumbnails are made from the decrypted
bytes in memory (:meth:`AttachmentStore.read_bytes`): stored files are ciphertext, and no
plaintext copy or thumbnail is ever written to disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helper_app.ui.qt import QBuffer, QByteArray, QImage, QImageReader, QSize, Qt

JPEG_QUALITY = 85
_KEEP_FORMATS = {b"png": "PNG", b"jpeg": "JPEG", b"jpg": "JPEG"}


@dataclass(frozen=True)
class PreparedFile:
    """The file to store and what was done to it.

    Attributes:
        path: the user's file (its name is what the store shows).
        scaled: True when ``data`` holds a scaled-down copy (made in memory, never on disk).
        data: the scaled-down image's bytes when ``scaled``.
        original_size: (width, height) of the source image, None when not an image.
        stored_size: (width, height) of what is stored, None when not an image.
    """

    path: Path
    scaled: bool
    original_size: tuple[int, int] | None = None
    stored_size: tuple[int, int] | None = None
    data: bytes | None = None


def prepare_for_storing(source: Path, *, max_side: int, keep_original: bool) -> PreparedFile:
    """Scale a large photo down to ``max_side`` (longest side), in memory.

    The scaled copy is encoded into a buffer and handed to the store as bytes
    (:meth:`DossierService.attach_bytes`), so no plaintext copy of a resident's document ever
    touches the disk.
    """
    reader = QImageReader(str(source))
    reader.setAutoTransform(True)
    fmt = bytes(reader.format().data())
    if not reader.canRead() or fmt not in _KEEP_FORMATS:
        return PreparedFile(path=source, scaled=False)
    size = reader.size()
    original = (size.width(), size.height())
    if keep_original or max(original) <= max_side:
        return PreparedFile(path=source, scaled=False, original_size=original, stored_size=original)
    image = reader.read()
    if image.isNull():
        return PreparedFile(path=source, scaled=False)
    scaled = image.scaled(
        QSize(max_side, max_side),
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    out_format = _KEEP_FORMATS[fmt]
    quality = JPEG_QUALITY if out_format == "JPEG" else -1
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    # PySide6's stubs say bytes for the format; the binding only accepts str at run time.
    if not scaled.save(buffer, out_format, quality):  # type: ignore[call-overload]
        return PreparedFile(path=source, scaled=False, original_size=original)
    buffer.close()
    return PreparedFile(
        path=source,
        scaled=True,
        original_size=original,
        stored_size=(scaled.width(), scaled.height()),
        data=bytes(encoded.data()),
    )


def make_thumbnail(data: bytes, side: int) -> QImage | None:
    """A ``side`` x ``side`` (at most) preview of an image's bytes, None when it is not one."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    if not reader.canRead():
        return None
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > side * 4:
        # Decode at a reduced size: a 12 MP JPEG decodes much faster this way.
        reader.setScaledSize(size.scaled(side * 2, side * 2, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    return image.scaled(
        QSize(side, side),
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
