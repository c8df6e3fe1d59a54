"""``helper-app dossiers ...`` commands: import a JSON batch, list dossiers.

``dossiers import FILE.json`` reads a list of ``{procedure, version?, data, attachments, finalize}``
items and creates one dossier per item, so batches can be prepared and tested without the UI.
``attachments`` holds paths (relative ones resolve against the JSON file's folder) or
``{slot, path}`` objects; a bare path goes into the first document slot of the procedure that
still has room. An item that fails leaves nothing behind (its draft is deleted) and is reported
with its index and reasons; the others go on. Exit 0 all created, 1 some failed, 2 unusable file.
Every attachment path is checked before the draft is made: one that is not valid UTF-8 text,
holds a NUL, is longer than the file system allows, is missing, a folder or not a regular file
fails its item with an error naming ``attachments[N]`` and what is expected, never the batch.
An item may carry ``"consent": {"help": true, "processing": true}`` (the resident's consent,
given to the volunteer who runs the import; never implied); an item that asks to be finalized
without it is refused.
``dossiers list [--status S] [--json]`` lists dossiers, most recently changed first.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helper_app.commands.local import local_storage
from helper_app.dossiers import DossierError, DossierService, FinalizeBlocked, list_dossiers
from helper_app.forms import Catalog, DefinitionError, UnknownProcedure
from helper_app.store.attachments import AttachmentError, check_source
from helper_app.store.db import Store
from helper_app.store.errors import StorageError
from helper_app.sync.lifecycle import DossierStatus
from helper_app.text import BilingualError


class ItemError(BilingualError):
    """One item of the batch is malformed."""


class ItemFieldError(ItemError):
    """One value of an item cannot be used; ``field`` says which (``attachments[0]``)."""

    def __init__(self, field: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en)
        self.field = field


class AttachmentPathError(ItemFieldError):
    """One attachment path of an item cannot be used (``attachments[N]``).

    Raised before anything is created, so a batch with one bad path still imports the rest.
    """

    def __init__(self, position: int, message_vi: str, message_en: str) -> None:
        super().__init__(f"attachments[{position}]", message_vi, message_en)


@dataclass
class ItemResult:
    """The outcome of one batch item."""

    index: int
    dossier_id: str | None = None
    status: str | None = None
    errors: list[dict[str, str]] = field(default_factory=list)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the dossiers commands to the top-level parser."""
    parser = sub.add_parser("dossiers", help="dossiers: import a JSON batch, list")
    commands = parser.add_subparsers(dest="dossiers_command", metavar="ACTION", required=True)

    imp = commands.add_parser("import", help="create dossiers from a JSON list")
    imp.add_argument("file", type=Path, metavar="FILE.json")
    imp.add_argument("--json", action="store_true", help="print the results as JSON")
    imp.add_argument("--actor", default="cli", help="name recorded in the audit trail")
    imp.add_argument(
        "--forms-dir", type=Path, metavar="DIR", help="procedure definitions (default: bundled)"
    )
    imp.set_defaults(handler=run_import)

    lst = commands.add_parser("list", help="list dossiers, most recently changed first")
    lst.add_argument("--status", choices=[s.value for s in DossierStatus])
    lst.add_argument("--json", action="store_true", help="print the list as JSON")
    lst.set_defaults(handler=run_list)


def _load_items(path: Path) -> list[Any]:
    """The batch's items. Bytes that are not UTF-8 are kept as lone surrogates (as are
    ``\\udXXX`` escapes), so only the item holding them fails (:func:`_not_utf8`)."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="surrogateescape")
    except OSError as exc:
        raise ItemError(
            f"Không đọc được tệp {path}: {exc.strerror or exc}.",
            f"Cannot read {path}: {exc.strerror or exc}.",
        ) from exc
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ItemError(
            f"Tệp {path.name} không phải JSON UTF-8 hợp lệ: {exc}.",
            f"{path.name} is not valid UTF-8 JSON: {exc}.",
        ) from exc
    if not isinstance(items, list):
        raise ItemError(
            f"Tệp {path.name} phải chứa một danh sách JSON [...].",
            f"{path.name} must hold a JSON list [...].",
        )
    return items


def _not_utf8(value: object, where: str = "") -> str | None:
    """Where in ``value`` a string is not valid Unicode (raw non-UTF-8 bytes, a lone
    surrogate escape), as ``data.full_name`` / ``attachments[0]``; None when all is text."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where or "(item)"
        return None
    children: list[tuple[str, object]] = []
    if isinstance(value, dict):
        children = [(f"{where}.{k}" if where else str(k), v) for k, v in value.items()]
        children += [(where or "(item)", k) for k in value]
    elif isinstance(value, list):
        children = [(f"{where}[{i}]", v) for i, v in enumerate(value)]
    for child_where, child in children:
        found = _not_utf8(child, child_where)
        if found is not None:
            return found
    return None


def _bad(what_vi: str, what_en: str) -> ItemError:
    return ItemError(f"Mục không hợp lệ: {what_vi}.", f"Invalid item: {what_en}.")


def _attachments(item: dict[str, Any], base: Path) -> list[tuple[str | None, Path]]:
    raw = item.get("attachments", [])
    if not isinstance(raw, list):
        raise _bad("'attachments' phải là danh sách", "'attachments' must be a list")
    found: list[tuple[str | None, Path]] = []
    for entry in raw:
        if isinstance(entry, str):
            found.append((None, base / entry))
        elif isinstance(entry, dict) and isinstance(entry.get("path"), str):
            slot = entry.get("slot")
            found.append((slot if isinstance(slot, str) else None, base / entry["path"]))
        else:
            raise _bad(
                "mỗi tệp đính kèm là đường dẫn hoặc {slot, path}",
                "each attachment is a path or {slot, path}",
            )
    return found


def check_attachment_path(position: int, path: Path) -> None:
    """Refuse an attachment path the import cannot read, before the item's draft exists.

    Raises:
        AttachmentPathError: naming ``attachments[position]`` and what is expected.
    """
    try:
        check_source(path)
    except AttachmentError as exc:
        raise AttachmentPathError(position, exc.message_vi, exc.message_en) from exc


def _check_item(item: object) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise _bad("mỗi mục phải là một đối tượng JSON", "each item must be a JSON object")
    if not isinstance(item.get("procedure"), str):
        raise _bad("thiếu 'procedure'", "'procedure' is missing")
    if not isinstance(item.get("data", {}), dict):
        raise _bad("'data' phải là đối tượng", "'data' must be an object")
    version = item.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise _bad("'version' phải là số nguyên", "'version' must be an integer")
    if not isinstance(item.get("finalize", False), bool):
        raise _bad("'finalize' phải là true/false", "'finalize' must be true or false")
    return item


def _free_slot(service: DossierService, catalog: Catalog, dossier_id: str) -> str:
    view = service.get(dossier_id)
    definition = catalog.get(view.procedure, view.form_version)
    for doc in definition.documents:
        if sum(a.slot == doc.id for a in view.attachments) < doc.max_files:
            return doc.id
    raise _bad("thủ tục không còn mục giấy tờ trống", "the procedure has no free document slot")


def import_item(
    service: DossierService, catalog: Catalog, raw: object, base: Path, result: ItemResult
) -> None:
    """Create one dossier from a batch item; on failure delete what was created and raise."""
    where = _not_utf8(raw)
    if where is not None:
        raise ItemFieldError(
            where,
            "Giá trị này không phải văn bản UTF-8 hợp lệ; hãy lưu tệp JSON dưới dạng UTF-8.",
            "This value is not valid UTF-8 text; save the JSON file as UTF-8.",
        )
    item = _check_item(raw)
    files = _attachments(item, base)
    for position, (_slot, path) in enumerate(files):
        check_attachment_path(position, path)
    view = service.create_draft(
        item["procedure"], version=item.get("version"), data=item.get("data", {})
    )
    result.dossier_id = view.id
    try:
        for slot, path in files:
            service.attach(view.id, slot or _free_slot(service, catalog, view.id), path)
        consent = item.get("consent")
        if consent is not None:
            if not isinstance(consent, dict):
                raise _bad(
                    "'consent' phải là {help: true, processing: true}",
                    "'consent' must be {help: true, processing: true}",
                )
            service.record_consent(
                view.id,
                help_accepted=consent.get("help") is True,
                processing_accepted=consent.get("processing") is True,
            )
        if item.get("finalize", False):
            view = service.finalize(view.id)
    except BaseException:
        service.delete_draft(view.id)
        result.dossier_id = None
        raise
    result.status = view.status.value


def _errors_of(exc: BilingualError) -> list[dict[str, str]]:
    if isinstance(exc, FinalizeBlocked):
        return [
            {"path": p.path, "code": p.code, "message_vi": p.message_vi, "message_en": p.message_en}
            for p in exc.problems
            if p.is_error
        ]
    if isinstance(exc, ItemFieldError):
        return [{"path": exc.field, "message_vi": exc.message_vi, "message_en": exc.message_en}]
    return [{"message_vi": exc.message_vi, "message_en": exc.message_en}]


def _run_items(service: DossierService, catalog: Catalog, path: Path) -> list[ItemResult]:
    results: list[ItemResult] = []
    for index, raw in enumerate(_load_items(path)):
        result = ItemResult(index=index)
        try:
            import_item(service, catalog, raw, path.parent, result)
        except UnknownProcedure as exc:
            which = exc.code if exc.version is None else f"{exc.code} v{exc.version}"
            result.errors = [
                {
                    "message_vi": f"Không có thủ tục '{which}' trong danh mục.",
                    "message_en": f"Unknown procedure '{which}'.",
                }
            ]
        except (DossierError, AttachmentError, ItemError) as exc:
            result.errors = _errors_of(exc)
        except OSError as exc:  # a file changed after its check: this item fails, not the batch
            reason = exc.strerror or type(exc).__name__
            result.errors = [
                {
                    "message_vi": f"Lỗi khi đọc tệp đính kèm của mục này: {reason}.",
                    "message_en": f"An attachment of this item could not be read: {reason}.",
                }
            ]
        results.append(result)
    return results


def _print_results(results: list[ItemResult]) -> None:
    for r in results:
        if not r.errors:
            sys.stdout.write(f"#{r.index} ok {r.dossier_id} {r.status}\n")
            continue
        sys.stdout.write(f"#{r.index} lỗi / failed:\n")
        for e in r.errors:
            where = f"{e['path']}: " if e.get("path") else ""
            sys.stdout.write(f"    {where}{e['message_vi']} / {e['message_en']}\n")


def run_import(args: argparse.Namespace) -> int:
    """Import the batch, print one line per item."""
    try:
        catalog = Catalog.from_directory(args.forms_dir) if args.forms_dir else Catalog.bundled()
    except DefinitionError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    with local_storage(args) as local:
        service = DossierService(local.store, catalog, local.files, actor=args.actor)
        try:
            results = _run_items(service, catalog, args.file)
        except (ItemError, StorageError) as exc:
            sys.stderr.write(f"{exc}\n")
            return 2
    if args.json:
        payload = [r.__dict__ for r in results]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_results(results)
    return 1 if any(r.errors for r in results) else 0


def _list(store: Store, status: str | None) -> list[dict[str, Any]]:
    service_status = DossierStatus(status) if status else None
    rows = list_dossiers(store, service_status)
    return [
        {
            "id": r.id,
            "procedure": r.procedure,
            "form_version": r.form_version,
            "status": r.status.value,
            "server_rev": r.server_rev,
            "receipt_code": r.receipt_code,
            "updated_at": r.updated_at.isoformat(),
        }
        for r in rows
    ]


def run_list(args: argparse.Namespace) -> int:
    """Print the dossiers (optionally of one status)."""
    with local_storage(args) as local:
        try:
            rows = _list(local.store, args.status)
        except StorageError as exc:
            sys.stderr.write(f"{exc}\n")
            return 2
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    for r in rows:
        sys.stdout.write(
            f"{r['id']}  {r['procedure']}@{r['form_version']}  {r['status']}  {r['updated_at']}\n"
        )
    if not rows:
        sys.stdout.write("Không có hồ sơ / no dossiers\n")
    return 0
