"""Update and compile the interface translations with Qt's own tools.

``python scripts/i18n.py`` runs ``pyside6-lupdate`` over ``helper_app/ui`` (new source strings
are added to ``resources/i18n/helper_en.ts``, obsolete ones marked) and ``pyside6-lrelease`` to
compile ``helper_en.qm``, which the app loads when English is chosen. Translate new strings with
``pyside6-linguist resources/i18n/helper_en.ts`` (or by editing the XML), then run this again.
``--check`` fails when a string has no English translation (for CI).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "helper_en.ts"


def tool(name: str) -> str:
    """The Qt tool from the virtualenv next to this Python, else from PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install PySide6-Essentials)")
    return found


def sources() -> list[str]:
    """Every UI module (the only place with interface strings)."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "helper_app" / "ui").rglob("*.py"))


def untranslated(ts: Path) -> list[str]:
    """Source texts without a finished English translation."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete"):
            if translation is not None and translation.get("type") == "obsolete":
                continue
            missing.append(message.findtext("source") or "")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail on untranslated strings")
    args = parser.parse_args(argv)
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources(),
            "-source-language",
            "vi_VN",
            "-target-language",
            "en_US",
            "-no-obsolete",
            "-ts",
            str(TS),
        ],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [tool("pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True
    )
    missing = untranslated(TS)
    for text in missing:
        print(f"untranslated: {text}")
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    sys.exit(main())
