"""Build the desktop bundle (dist/helper-app) from build.spec, self-test it, report its figures.

Usage (from the repository root, with the dev extra installed, which brings PyInstaller)::

    .venv/bin/python scripts/build_bundle.py            # build, self-test, measure
    .venv/bin/python scripts/build_bundle.py --check    # only self-test/measure an existing build
    .venv/bin/python scripts/build_bundle.py --zip      # also pack dist/helper-app-<ver>-<os>.zip

Steps: PyInstaller on ``build.spec`` (one-folder bundle), then ``helper-app --self-test`` inside
the bundle (Qt offscreen, a throwaway data directory), then two start-up probes (the first run
after the build is the "cold" figure we can get without dropping the OS caches; the second is a
warm start), then the bundle's size. Exit code 1 when the build or the self-test fails or the
bundle is larger than ``--max-mb``; CI calls this after the test suite (see docs/packaging.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "helper-app"
WORK = ROOT / "build" / "pyinstaller"
TARGET_MB = 250
TARGET_START_S = 3.0


def executable() -> Path:
    """The bundle's launcher."""
    name = "helper-app.exe" if os.name == "nt" else "helper-app"
    return BUNDLE / name


def version() -> str:
    """helper_app.__version__, read without importing the package."""
    text = (ROOT / "helper_app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not found:
        raise SystemExit("helper_app/__init__.py has no __version__")
    return found.group(1)


def build() -> None:
    """Run PyInstaller on build.spec (a clean build every time: stale caches hide mistakes)."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(ROOT / "build.spec"),
    ]
    print("$", " ".join(command), flush=True)
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, check=True)
    print(f"built {BUNDLE} in {time.monotonic() - started:.0f}s", flush=True)


def bundle_size() -> int:
    """Bytes of every file in the bundle (what a volunteer copies)."""
    return sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The bundle must not lean on the developer's checkout or virtualenv.
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return env


def self_test(*, x11: bool = False) -> tuple[int, str, float]:
    """Run ``helper-app --self-test`` in the bundle: exit code, output, seconds.

    Args:
        x11: under ``xvfb-run`` with the real X11 platform plugin (Linux CI), which loads the
            libraries a volunteer's desktop session needs and the offscreen plugin does not.
    """
    env = _env()
    prefix: list[str] = []
    if x11:
        env["QT_QPA_PLATFORM"] = "xcb"
        prefix = ["xvfb-run", "-a"]
    started = time.monotonic()
    done = subprocess.run(
        [*prefix, str(executable()), "--self-test"],
        env=env,
        cwd=DIST,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def startup() -> tuple[float | None, float]:
    """One start-up probe: seconds from process start to the window shown, and wall seconds.

    The probe (``HELPER_SELFTEST=startup``) opens the real window through the composition root
    on a scratch data directory and quits as soon as the event loop runs.
    """
    env = _env()
    env["HELPER_SELFTEST"] = "startup"
    started = time.monotonic()
    done = subprocess.run(
        [str(executable()), "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    wall = time.monotonic() - started
    found = re.search(r"([\d.]+)s after process start", done.stdout)
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
    return (float(found.group(1)) if found else None), wall


def pack() -> Path:
    """Zip the bundle for handing out (dist/helper-app-<version>-<os>-<arch>.zip)."""
    system = {"Darwin": "macos", "Windows": "windows"}.get(platform.system(), "linux")
    base = DIST / f"helper-app-{version()}-{system}-{platform.machine().lower()}"
    return Path(shutil.make_archive(str(base), "zip", root_dir=DIST, base_dir="helper-app"))


def main(argv: list[str] | None = None) -> int:
    """Build (unless --check), self-test, measure; print a summary and a JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="skip the build")
    parser.add_argument("--zip", action="store_true", help="also pack the bundle as a zip")
    parser.add_argument("--max-mb", type=float, default=TARGET_MB, help="size limit (MB)")
    parser.add_argument("--report", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if not args.check:
        build()
    if not executable().exists():
        print(f"no bundle at {executable()}: build it first", file=sys.stderr)
        return 1
    code, output, test_s = self_test()
    print(output.rstrip())
    if sys.platform.startswith("linux") and shutil.which("xvfb-run"):
        x11_code, x11_output, _ = self_test(x11=True)
        print("-- again on X11 (xvfb):")
        print(x11_output.rstrip())
        code = code or x11_code
    first, first_wall = startup()
    second, second_wall = startup()
    size = bundle_size()
    figures = {
        "version": version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "size_mb": round(size / 1e6, 1),
        "files": sum(1 for p in BUNDLE.rglob("*") if p.is_file()),
        "self_test_exit": code,
        "self_test_s": round(test_s, 2),
        "start_first_s": first,
        "start_first_wall_s": round(first_wall, 2),
        "start_repeat_s": second,
        "start_repeat_wall_s": round(second_wall, 2),
    }
    print(
        f"bundle {figures['size_mb']} MB in {figures['files']} files (limit {args.max_mb} MB); "
        f"window shown {first}s after process start on the first run, {second}s on a repeat "
        f"(target {TARGET_START_S}s); self-test exit {code} in {test_s:.1f}s"
    )
    if args.zip:
        print(f"packed {pack()}")
    if args.report:
        args.report.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures))
    failed = (
        code != 0 or size / 1e6 > args.max_mb or first is None and sys.platform.startswith("linux")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
