"""``helper-app forms list|check`` and ``helper-app validate``: the forms engine from a shell.

These commands let definition authors lint their files and let anyone (CI, an official, a test)
validate a dossier's data exactly as the app and the server do. Output is for people (``list``,
``check``) or JSON (``validate``, ``list --json``); exit codes follow :mod:`helper_app.cli`:
0 clean, 1 the input has errors, 2 the input is unusable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any

from helper_app.forms.catalog import Catalog, DefinitionError, UnknownProcedure
from helper_app.forms.lint import UnreadableFile, lint_file
from helper_app.forms.model import Severity
from helper_app.forms.normalize import normalize
from helper_app.forms.units import UnitDirectory, UnitsError
from helper_app.forms.validate import validate

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the forms commands to the top-level parser."""
    forms = sub.add_parser("forms", help="procedure definitions: list and check")
    forms_sub = forms.add_subparsers(dest="forms_command", metavar="SUBCOMMAND")
    forms.set_defaults(handler=lambda _args: _usage(forms))

    p_list = forms_sub.add_parser("list", help="list the bundled procedures")
    p_list.add_argument("--json", action="store_true", help="print JSON")
    p_list.add_argument("--all", action="store_true", help="every version, not only the latest")
    p_list.add_argument("--forms-dir", metavar="DIR", help="definitions directory to use")
    p_list.set_defaults(handler=cmd_list)

    p_check = forms_sub.add_parser("check", help="lint definition files")
    p_check.add_argument("files", nargs="*", metavar="FILE", help="default: the bundled files")
    p_check.add_argument("--today", type=_date_arg, help="reference date YYYY-MM-DD")
    p_check.add_argument("--strict", action="store_true", help="warnings also fail (exit 1)")
    p_check.set_defaults(handler=cmd_check)

    p_val = sub.add_parser("validate", help="normalize and validate a dossier's data (JSON)")
    p_val.add_argument("data", metavar="DATA.json", help="a JSON object of field values; - = stdin")
    p_val.add_argument("--procedure", required=True, metavar="CODE")
    p_val.add_argument("--version", type=int, metavar="N", help="default: the latest")
    p_val.add_argument("--documents", default="", metavar="SLOT,...", help="slots with a file")
    p_val.add_argument("--today", type=_date_arg, help="reference date YYYY-MM-DD")
    p_val.add_argument("--forms-dir", metavar="DIR", help="definitions directory to use")
    p_val.set_defaults(handler=cmd_validate)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _write(text: str) -> None:
    """Write UTF-8 whatever the console encoding is (JSON carries Vietnamese text)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _fail(message: str) -> int:
    sys.stderr.write(f"helper-app: {message}\n")
    return 2


def _catalog(forms_dir: str | None) -> Catalog:
    return Catalog.from_directory(Path(forms_dir)) if forms_dir else Catalog.bundled()


def _units() -> UnitDirectory | None:
    try:
        return UnitDirectory.bundled()
    except UnitsError as err:
        log.warning("address codes not checked: %s", err)
        return None


def cmd_list(args: argparse.Namespace) -> int:
    """``forms list``: code, version, effective date and Vietnamese title of each procedure."""
    try:
        catalog = _catalog(args.forms_dir)
    except DefinitionError as err:
        return _fail(str(err))
    defs = catalog.all_versions() if args.all else catalog.current()
    if args.json:
        rows = [
            {
                "code": d.code,
                "version": d.version,
                "effective_from": d.effective_from.isoformat(),
                "title_vi": d.title_vi,
                "title_en": d.title_en,
            }
            for d in defs
        ]
        _write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max((len(d.code) for d in defs), default=4)
    lines = [
        f"{d.code:<{width}}  v{d.version:<3} {d.effective_from.isoformat()}  {d.title_vi}\n"
        for d in defs
    ]
    _write("".join(lines))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """``forms check``: lint files; exit 0 clean, 1 findings, 2 a file could not be read."""
    from helper_app.config import resources_dir

    files = [Path(f) for f in args.files] or sorted((resources_dir() / "forms").glob("*.json"))
    today = args.today or dt.date.today()
    units = _units()
    status = 0
    for file in files:
        try:
            findings = lint_file(file, today=today, units=units)
        except UnreadableFile as err:
            sys.stderr.write(f"{err}\n")
            status = 2
            continue
        for f in findings:
            _write(f.line(str(file)) + "\n")
            if (f.severity is Severity.ERROR or args.strict) and status == 0:
                status = 1
    return status


def _read_data(name: str) -> tuple[object | None, str | None]:
    """The parsed DATA argument, or an error message naming it and what is expected."""
    label = "stdin" if name == "-" else name
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as err:
        return None, f"{label}: cannot read ({err.strerror}); expected a JSON file"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return None, f"{label}: not UTF-8 text (bad byte at offset {err.start})"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        return None, f"{label}: malformed JSON at line {err.lineno} column {err.colno}: {err.msg}"
    except RecursionError:
        return None, f"{label}: JSON nested too deeply"
    if not isinstance(data, dict):
        return (
            None,
            f"{label}: expected a JSON object {{field_id: value}}, got {type(data).__name__}",
        )
    return data, None


def cmd_validate(args: argparse.Namespace) -> int:
    """``validate``: normalize then validate; JSON result on stdout; exit 0/1/2."""
    data, error = _read_data(args.data)
    if error is not None or not isinstance(data, dict):
        return _fail(error or "unusable input")
    try:
        definition = _catalog(args.forms_dir).get(args.procedure, args.version)
    except UnknownProcedure as err:
        return _fail(f"{err}; see 'helper-app forms list'")
    except DefinitionError as err:
        return _fail(f"procedure definitions are broken: {err}")
    documents = [s.strip() for s in args.documents.split(",") if s.strip()]
    normalized = normalize(definition, data)
    problems = validate(
        definition,
        normalized,
        documents=documents,
        today=args.today or dt.date.today(),
        units=_units(),
    )
    valid = not any(p.is_error for p in problems)
    result = {
        "procedure": definition.code,
        "version": definition.version,
        "valid": valid,
        "problems": [p.model_dump(mode="json") for p in problems],
        "data": normalized,
    }
    _write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0 if valid else 1
