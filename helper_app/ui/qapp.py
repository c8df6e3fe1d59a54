"""The process's QApplication and the window's options: what must exist before any splash.

Kept apart from :mod:`helper_app.ui.app` (the composition root, which imports the store, the
sync engine and every screen: about a second) so that ``helper-app --demo`` can paint its
splash first (:mod:`helper_app.ui.demo_start`).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from helper_app import __version__
from helper_app.config import LANGUAGES, resources_dir
from helper_app.platform_libs import require_platform
from helper_app.ui.qt import QApplication, QFont, QFontDatabase, QIcon

log = logging.getLogger(__name__)

PREFERRED_FONTS = ("Segoe UI", "Noto Sans", "DejaVu Sans")
"""Fonts with complete Vietnamese coverage, first found wins (else Qt's default)."""


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The desktop app's options."""
    parser = argparse.ArgumentParser(prog="helper-app", description="Helper desktop app")
    parser.add_argument("--data-dir", metavar="DIR", help="keep every file under DIR")
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language for this run")
    parser.add_argument(
        "--quit-after", type=int, metavar="MS", help="quit after MS milliseconds (smoke tests)"
    )
    args, _qt_args = parser.parse_known_args(list(argv))
    return args


def qapplication(argv: Sequence[str]) -> QApplication:
    """Step 7: the process's QApplication (reused if one exists), with a Vietnamese-safe font."""
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        require_platform()  # a missing X11 library: a message, not Qt's abort (code 134)
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName("Helper")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "helper.png")))
    families = set(QFontDatabase.families())
    for family in PREFERRED_FONTS:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    log.info("step 4: QApplication ready (font %s)", app.font().family())
    return app
