"""The UI language: Qt translators for the interface text, and picking VI/EN data text.

Interface strings are written in Vietnamese in the code (``self.tr("Hồ sơ")``), the default
language, and translated to English by Qt's own tools: ``resources/i18n/helper_en.ts`` (source,
edited with Qt Linguist) compiled to ``helper_en.qm`` (``scripts/i18n.py`` runs
``pyside6-lupdate``/``pyside6-lrelease``). Text that comes with data (field labels of a procedure
definition, problem messages, store errors) already carries both languages; :func:`pick` chooses.
"""

from __future__ import annotations

import logging
from pathlib import Path

from helper_app.config import resources_dir
from helper_app.ui.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)


def translations_dir() -> Path:
    """Where the compiled ``.qm`` files are."""
    return resources_dir() / "i18n"


def pick(language: str, vi: str, en: str | None) -> str:
    """The text in ``language`` (the Vietnamese one when English is missing)."""
    return en if language == "en" and en else vi


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for ``language`` on ``app`` and return them (keep them alive).

    Vietnamese needs our file only for English; Qt's own strings (standard buttons) use Qt's
    ``qtbase_<lang>.qm`` when the Qt installation ships it.
    """
    installed: list[QTranslator] = []
    lang = QLocale.Language.English if language == "en" else QLocale.Language.Vietnamese
    QLocale.setDefault(QLocale(lang))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    if language != "vi":
        ours = QTranslator(app)
        qm = translations_dir() / f"helper_{language}.qm"
        if ours.load(str(qm)):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("translation file %s missing; the interface stays in Vietnamese", qm)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo :func:`install_translators` (tests switch languages within one QApplication)."""
    for translator in translators:
        app.removeTranslator(translator)
