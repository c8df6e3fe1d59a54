"""Signed provisioning files for a ward's laptops, and the server's signing key.

The server holds one Ed25519 signing key, made on first use and kept in the server's data
directory (``provisioning-ed25519.pem``, mode 0600; ``HELPER_SERVER_SIGNING_KEY`` names another
path). Only its public half leaves the machine: in every file, and at
``GET /api/v1/provisioning/key`` so an officer can read the fingerprint off the console and
compare it with the one a laptop shows. The file format, the signature context and the
fingerprint come from :mod:`helper_app.provisioning` (one definition, used by both sides).

``helper-server provision --ward CODE --server-url URL [--ca FILE] [--days N] --out FILE``
writes a file for a ward: the server's address, its private CA if any, the whole published
catalog and the ward's administrative units (its commune's province with every commune, and all
provinces, so address fields work from the first minute offline).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import logging
import os
import stat
import sys
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from helper_app.forms import Catalog, UnitDirectory
from helper_app.provisioning.format import (
    FORMAT,
    canonical_bytes,
    fingerprint,
    key_id,
    signed_message,
)
from helper_server.config import default_data_dir

log = logging.getLogger(__name__)

KEY_ENV = "HELPER_SERVER_SIGNING_KEY"
KEY_FILE = "provisioning-ed25519.pem"
DEFAULT_DAYS = 30
MAX_DAYS = 365


class SigningKeyError(RuntimeError):
    """The signing key file exists but cannot be used (unreadable, wrong type, too open)."""


def signing_key_path() -> Path:
    """``HELPER_SERVER_SIGNING_KEY``, else ``provisioning-ed25519.pem`` in the data directory."""
    env = os.environ.get(KEY_ENV)
    return Path(env) if env else default_data_dir() / KEY_FILE


def _check_permissions(path: Path) -> None:
    if os.name != "posix":
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SigningKeyError(
            f"{path} is readable by other users (mode {mode:o}): run `chmod 600 {path}` "
            "(anyone who reads it can provision laptops in the server's name)"
        )


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """The key in ``path``, which the admin named (``serve --signing-key-file``): never made.

    Raises:
        SigningKeyError: the file is missing, readable by others, unreadable, or not an Ed25519
            key; the message names the file.
    """
    if not path.is_file():
        raise SigningKeyError(
            f"--signing-key-file: {path} does not exist (make one with `openssl genpkey "
            f"-algorithm ed25519 -out {path}` and `chmod 600 {path}`)"
        )
    return load_or_create_signing_key(path)


def load_or_create_signing_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The server's signing key, created (0600, never overwritten) if it does not exist.

    Raises:
        SigningKeyError: the file is readable by others, unreadable, or not an Ed25519 key.
    """
    path = path or signing_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create_signing_key(path)  # another process made it just now
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        log.info("new provisioning signing key %s at %s", fingerprint(public_bytes(key)), path)
        return key
    _check_permissions(path)
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningKeyError(f"cannot load the signing key {path}: {type(exc).__name__}") from exc
    if not isinstance(loaded, Ed25519PrivateKey):
        raise SigningKeyError(f"{path} is not an Ed25519 private key")
    return loaded


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    """The raw 32-byte public key."""
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_info(key: Ed25519PrivateKey) -> dict[str, str]:
    """What ``GET /api/v1/provisioning/key`` answers."""
    raw = public_bytes(key)
    return {
        "algorithm": "Ed25519",
        "key_id": key_id(raw),
        "fingerprint": fingerprint(raw),
        "public_key_b64": base64.b64encode(raw).decode("ascii"),
    }


def ward_units(ward_code: str, units: UnitDirectory) -> dict[str, Any]:
    """The ward's units in the units-file shape: all provinces, the communes of its province.

    A ward whose code is not a known commune gets every province and no commune (the laptop
    keeps its bundled communes).
    """
    commune = units.commune(ward_code)
    communes = units.communes(commune.province_code) if commune else []
    return {
        "effective_from": units.effective_from,
        "source": units.source,
        "ward": {"code": ward_code, "province_code": commune.province_code if commune else None},
        "provinces": [
            {"code": p.code, "name_vi": p.name_vi, "name_en": p.name_en} for p in units.provinces()
        ],
        "communes": [
            {"code": c.code, "name_vi": c.name_vi, "kind": c.kind, "province_code": c.province_code}
            for c in communes
        ],
    }


def check_ca(pem: str) -> None:
    """Refuse a CA file that holds no PEM certificate (a key by mistake, a DER file...)."""
    try:
        certs = x509.load_pem_x509_certificates(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise ValueError("the CA file holds no PEM certificate") from exc
    if not certs:
        raise ValueError("the CA file holds no PEM certificate")


def build_file(
    *,
    key: Ed25519PrivateKey,
    ward_code: str,
    server_url: str,
    catalog: Catalog,
    units: UnitDirectory,
    ward_name: str = "",
    ca_pem: str | None = None,
    days: int = DEFAULT_DAYS,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """A signed provisioning file (the JSON object to write).

    Raises:
        ValueError: a bad server address, CA or validity period.
    """
    if not server_url.startswith(("https://", "http://")):
        raise ValueError("--server-url must start with https:// (or http:// for a test)")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"--days must be between 1 and {MAX_DAYS}")
    if ca_pem is not None:
        check_ca(ca_pem)
    issued = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    payload = {
        "format": FORMAT,
        "ward_code": ward_code,
        "ward_name": ward_name,
        "server_url": server_url.rstrip("/"),
        "ca_pem": ca_pem,
        "issued_at": issued.isoformat(),
        "expires_at": (issued + dt.timedelta(days=days)).isoformat(),
        "catalog": [d.model_dump(mode="json") for d in catalog.all_versions()],
        "units": ward_units(ward_code, units),
    }
    payload_bytes = canonical_bytes(payload)
    raw_public = public_bytes(key)
    return {
        "format": FORMAT,
        "key_id": key_id(raw_public),
        "public_key_b64": base64.b64encode(raw_public).decode("ascii"),
        "payload_b64": base64.b64encode(payload_bytes).decode("ascii"),
        "signature_b64": base64.b64encode(key.sign(signed_message(payload_bytes))).decode("ascii"),
    }


# ----------------------------------------------------------------------------- command


def _ward_name(db_url: str, ward_code: str) -> str | None:
    """The ward's name from the database, or None when the ward does not exist."""
    from helper_server.db import Database, make_engine
    from helper_server.migrations import check_at_head
    from helper_server.models import Ward

    engine = make_engine(db_url, pool_size=1)
    try:
        check_at_head(engine)
        with Database(engine).read() as session:
            ward = session.get(Ward, ward_code)
            return None if ward is None else ward.name
    finally:
        engine.dispose()


def cmd_provision(args: argparse.Namespace) -> int:
    """``helper-server provision``: write a signed file for a ward's laptops."""
    from helper_server.config import ServerSettings
    from helper_server.forms_catalog import FormsCatalog

    def fail(message: str) -> int:
        sys.stderr.write(f"helper-server: {message}\n")
        return 2

    db_url = args.db_url or ServerSettings().db_url
    try:
        name = _ward_name(db_url, args.ward)
    except Exception as exc:  # noqa: BLE001 - any database failure ends the command cleanly
        return fail(f"cannot read the database: {type(exc).__name__}: {exc}")
    if name is None:
        return fail(f"unknown ward {args.ward!r}: create its accounts first (create-user --ward)")
    ca_pem = None
    if args.ca is not None:
        try:
            ca_pem = args.ca.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            return fail(f"cannot read the CA file {args.ca}: {type(exc).__name__}")
    forms_dir = args.forms_dir or ServerSettings().forms_dir
    try:
        key = load_or_create_signing_key(args.key)
        document = build_file(
            key=key,
            ward_code=args.ward,
            ward_name=name,
            server_url=args.server_url,
            catalog=FormsCatalog.load(forms_dir).catalog,
            units=UnitDirectory.bundled(),
            ca_pem=ca_pem,
            days=args.days,
        )
    except (SigningKeyError, ValueError) as exc:
        return fail(str(exc))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    if args.server_url.startswith("http://"):
        sys.stderr.write("helper-server: warning: http:// sends passwords in clear; use https\n")
    sys.stdout.write(
        f"wrote {args.out} for ward {args.ward} ({args.days} days)\n"
        f"key fingerprint: {fingerprint(public_bytes(key))}\n"
        "Laptops show this fingerprint when they accept the file: compare them.\n"
        "Máy tính sẽ hiện dấu vân tay này khi nhận tệp: hãy so sánh.\n"
    )
    return 0


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``provision`` to the ``helper-server`` parser."""
    p = sub.add_parser("provision", help="write a signed provisioning file for a ward's laptops")
    p.add_argument("--db", dest="db_url", metavar="URL", help="database URL (default: SQLite file)")
    p.add_argument("--ward", required=True, metavar="CODE", help="the ward's code")
    p.add_argument("--server-url", required=True, metavar="URL", help="address laptops sync with")
    p.add_argument("--ca", type=Path, metavar="FILE", help="PEM of a private CA, if any")
    p.add_argument("--days", type=int, default=DEFAULT_DAYS, help="validity (default 30)")
    p.add_argument("--forms-dir", type=Path, help="procedure definitions (default: bundled)")
    p.add_argument("--key", type=Path, help=f"signing key (default: ${KEY_ENV} or data dir)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    p.set_defaults(handler=cmd_provision)
