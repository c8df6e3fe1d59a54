"""``helper-app``: the composition root of the headless commands.

Each feature keeps its commands in :mod:`helper_app.commands` (one module per noun) and exposes
``register(subparsers)``; this module only builds the parser, resolves paths and dispatches.
Exit codes: 0 success, 1 the input had errors (validation), 2 unusable input or usage,
3 work remains (sync).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from helper_app import __version__
from helper_app.config import LANGUAGES, resolve_paths
from helper_app.logs import setup_logging
from helper_app.platform_libs import qt_libraries_named

log = logging.getLogger(__name__)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]  # generic in typeshed only
    """Writes to whatever ``sys.stderr`` is now (tests swap it), not the one at creation."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The argument parser; with every command module's subcommands unless ``with_commands``.

    Without them it knows only the global options: enough to open the window or the demo,
    without importing the command modules (0.75 s of imports before the demo's splash).
    """
    parser = argparse.ArgumentParser(
        prog="helper-app",
        description="Helper: prepare public-service dossiers offline and sync them later.",
        add_help=with_commands,
        exit_on_error=with_commands,
    )
    if with_commands:  # an action that exits: only once the whole line is understood
        parser.add_argument("--version", action="version", version=f"helper-app {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep every file (store, attachments, logs) under DIR (also HELPER_DATA_DIR)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start an embedded demo server with demo data and open the app signed in to it",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="interface language of the window (with no command, or --demo) for this run",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (catalog, store, keyring, QR, Qt offscreen) and exit",
    )
    if with_commands:
        from helper_app.commands import COMMAND_MODULES

        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for module in COMMAND_MODULES:
            module.register(sub)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed arguments; the command modules are loaded only when a command is named."""
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        window_only, rest = build_parser(with_commands=False).parse_known_args(words)
    except argparse.ArgumentError:
        rest = words  # the full parser says what is wrong, with the whole usage
    if not rest:  # no command, no --help: the window, the demo or the self-test
        return window_only
    return build_parser().parse_args(words)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = parse(argv)
    if args.self_test:
        # Before logging is set up: the self-test works in a throwaway directory only.
        from helper_app.selftest import main as self_test

        return self_test()
    level = logging.DEBUG if args.verbose else logging.INFO
    # The log file (redacting ID numbers, phones and secrets) first, then the console.
    setup_logging(resolve_paths(args.data_dir).log_dir, level=level)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "helper-console"]:
        root.removeHandler(old)
    console = _StderrHandler()
    console.set_name("helper-console")
    console.setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    handler = getattr(args, "handler", None)
    # The window's own options (ui/app.py parses them again): the data dir and the language.
    gui_argv = ["--lang", args.lang] if args.lang else []
    if handler is None and args.demo:
        # The bundle leaves the demo and the server it embeds out (docs/packaging.md): say so
        # in both languages instead of a traceback. Only a missing demo/server module is caught.
        import importlib.util

        no_demo = (
            "Chế độ thử (--demo) không có trong bản đóng gói cho tình nguyện viên: nó cần máy "
            "chủ tiếp nhận (helper_server) đi kèm mã nguồn. Hãy chạy ./run-demo.sh từ mã nguồn.\n"
            "The demo mode (--demo) is not part of the volunteer bundle: it needs the intake "
            "server (helper_server) from a source checkout. Run ./run-demo.sh from the source.\n"
        )
        server_stack = ("helper_app.demo", "helper_server", "fastapi", "starlette", "uvicorn")
        try:
            missing = [m for m in server_stack[:2] if importlib.util.find_spec(m) is None]
        except (ImportError, ValueError):
            missing = ["helper_server"]
        if missing:
            log.info("--demo without %s", ", ".join(missing))
            sys.stderr.write(no_demo)
            return 2
        # Imported here so headless commands never load Qt (see the import contract).
        # (demo_start, not ui.app: the splash is painted before the composition root loads)
        with qt_libraries_named():
            from helper_app.ui.demo_start import run_demo

        try:
            return run_demo(gui_argv, data_dir=args.data_dir)
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith(server_stack):
                raise
            log.info("--demo without %s", exc.name)
            sys.stderr.write(no_demo)
            return 2
    if handler is None:
        # No command: open the window. Imported here so headless commands never load Qt.
        with qt_libraries_named():
            from helper_app.ui.app import run as run_gui

        return run_gui((["--data-dir", args.data_dir] if args.data_dir else []) + gui_argv)
    code: int = handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
