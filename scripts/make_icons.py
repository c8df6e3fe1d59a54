"""Render the application icon (resources/icons/helper.svg) to the files each platform wants.

``helper.png`` (256 px) is the window icon on every platform and the Linux bundle's; Windows
builds take ``helper.ico`` and macOS ``helper.icns`` (build.spec picks the one for the platform
it runs on). Qt renders the SVG and writes all three (its ICO and ICNS image plugins), so no
other tool is needed. Run after changing the SVG: ``python scripts/make_icons.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(svg: Path, size: int) -> QImage:
    """The SVG as a square ARGB image of ``size`` pixels."""
    renderer = QSvgRenderer(QByteArray(svg.read_bytes()))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    image = render(ICONS / "helper.svg", 256)
    for name, kind in (("helper.png", "PNG"), ("helper.ico", "ICO"), ("helper.icns", "ICNS")):
        target = ICONS / name
        if not image.save(str(target), kind):  # type: ignore[call-overload]  # stub: bytes; runtime: str
            raise SystemExit(f"Qt could not write {target} ({kind} plugin missing?)")
        print(f"wrote {target} ({target.stat().st_size} bytes)")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
