"""``helper-app provision`` (a file or a QR link) and ``helper-app catalog-update``.

``provision`` verifies a signed provisioning file (see :mod:`helper_app.provisioning`) and, when
it passes, stores the server address, its CA, the procedure catalog and the ward's units, so the
laptop works offline at once. ``--link`` takes the text of the QR code on the officer console
instead of a file: the file is downloaded and must match the link (see
:mod:`helper_app.provisioning.link`). It prints the signing key's fingerprint for the officer to
compare with the console. ``catalog-update`` fetches new procedure versions from the signed-in
server.
Exit codes: 0 done, 2 the file is refused (the reason is printed in Vietnamese and English) or
the command cannot run, 3 the server cannot be reached (nothing changed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from helper_app.commands.local import NOT_SIGNED_IN, say, tell
from helper_app.config import resolve_paths
from helper_app.provisioning.apply import ca_bundle, current_pin, provision
from helper_app.provisioning.fetch import provision_from_link
from helper_app.provisioning.format import ProvisioningError


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``provision`` and ``catalog-update`` to the top-level parser."""
    p = sub.add_parser("provision", help="set this laptop up from a ward's provisioning file")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "file", type=Path, nargs="?", metavar="FILE", help="the .json file from the ward's admin"
    )
    source.add_argument(
        "--link",
        metavar="TEXT",
        help="the text of the console's provisioning QR code (helper-provision:v1?...)",
    )
    p.add_argument(
        "--expect-fingerprint",
        metavar="FP",
        help="refuse unless the server key has this fingerprint (from the console or a poster)",
    )
    p.add_argument("--dry-run", action="store_true", help="verify only, change nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=run_provision)

    c = sub.add_parser("catalog-update", help="fetch new procedure versions from the server")
    c.add_argument("--ca-bundle", metavar="PEM", help="a private CA (default: the provisioned one)")
    c.set_defaults(handler=run_catalog_update)


def run_provision(args: argparse.Namespace) -> int:
    """Verify and apply (or, with ``--dry-run``, only verify) a provisioning file."""
    paths = resolve_paths(args.data_dir)
    first = False
    try:
        first = current_pin(paths) is None
        if args.link is not None:
            verified, pin = provision_from_link(
                args.link,
                paths,
                expect_fingerprint=args.expect_fingerprint,
                dry_run=args.dry_run,
            )
        else:
            verified, pin = provision(
                args.file, paths, expect_fingerprint=args.expect_fingerprint, dry_run=args.dry_run
            )
    except ProvisioningError as exc:
        if args.json:
            sys.stdout.write(json.dumps({"ok": False, "reason": exc.reason}) + "\n")
        say(f"Từ chối: {exc.message_vi}", f"Refused: {exc.message_en}")
        return 2
    payload = verified.payload
    result = {
        "ok": True,
        "applied": pin is not None,
        "first_provisioning": first,
        "ward_code": payload.ward_code,
        "server_url": payload.server_url,
        "fingerprint": verified.fingerprint,
        "procedures": len(verified.definitions),
        "private_ca": bool(payload.ca_pem),
        "expires_at": payload.expires_at.isoformat(),
    }
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    verb_vi, verb_en = ("Đã kiểm tra", "Verified") if pin is None else ("Đã cấu hình", "Set up")
    sys.stdout.write(
        f"{verb_vi} cho phường/xã {payload.ward_code} / {verb_en} for ward {payload.ward_code}\n"
        f"  server: {payload.server_url}{' (private CA)' if payload.ca_pem else ''}\n"
        f"  procedures: {len(verified.definitions)}\n"
        f"  key fingerprint / dấu vân tay khoá: {verified.fingerprint}\n"
    )
    if first and not args.expect_fingerprint and args.link is None:
        say(
            "Lần cấu hình đầu tiên: hãy so dấu vân tay trên với dấu vân tay trên trang cán bộ "
            "của máy chủ. Từ nay máy này chỉ nhận tệp do khoá này ký.",
            "First set-up: compare the fingerprint above with the one on the server's officer "
            "console. From now on this laptop accepts only files signed by this key.",
        )
    return 0


def run_catalog_update(args: argparse.Namespace) -> int:
    """Fetch new procedure versions (older ones are kept: drafts pin them)."""
    from helper_app.commands.local import local_storage
    from helper_app.security.os_keyring import KeyringUnavailableError
    from helper_app.sync import errors
    from helper_app.sync.catalog_sync import CatalogSync
    from helper_app.sync.credentials import CredentialStore
    from helper_app.sync.service import NotSignedInError, SyncService

    paths = resolve_paths(args.data_dir)
    with local_storage(args) as local:
        try:
            bundle = args.ca_bundle or ca_bundle(paths)
            service = SyncService(local.store, local.files, CredentialStore(), ca_bundle=bundle)
            engine = service.engine()
            try:
                update = CatalogSync(engine.client.api, paths).refresh()
            finally:
                engine.client.api.close()
        except KeyringUnavailableError as exc:
            tell(exc)
            return 2
        except NotSignedInError:
            say(*NOT_SIGNED_IN)
            return 2
        except errors.SyncError as exc:
            say(f"Không cập nhật được danh mục: {exc}", f"Catalog not updated: {exc}")
            return 3
    sys.stdout.write(
        f"catalog: {'unchanged' if update.not_modified else 'checked'}, "
        f"{len(update.downloaded)} new version(s) {' '.join(update.downloaded)}\n".rstrip()
        + "\n"
    )
    return 0
