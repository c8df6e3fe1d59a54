"""Provisioning files on the laptop: verify, refuse with a reason, apply, then work offline.

Files are made with the server's real code (:func:`helper_server.provisioning.build_file`) and a
real Ed25519 key; every refusal must leave the laptop unchanged and name its reason.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.cli import main as cli_main
from helper_app.config import AppPaths
from helper_app.dossiers import DossierService
from helper_app.forms import Catalog, UnitDirectory
from helper_app.forms.catalog import definition_from_object
from helper_app.provisioning.apply import PIN_FILE, ca_bundle, current_pin, provision
from helper_app.provisioning.format import (
    ProvisioningError,
    canonical_bytes,
    fingerprint,
    normalize_fingerprint,
    parse_envelope,
    signed_message,
)
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.sync.catalog_sync import load_catalog, load_units
from helper_server.provisioning import build_file, public_bytes
from tests.helper_server.world import PERMIT

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
WARD = "09193"  # a commune of Bắc Ninh in the bundled units


def _catalog() -> Catalog:
    return Catalog([definition_from_object(PERMIT)])


def _file(
    tmp_path: Path,
    key: Ed25519PrivateKey,
    *,
    ward: str = WARD,
    days: int = 30,
    now: dt.datetime = NOW,
    ca_pem: str | None = None,
    name: str = "ward.json",
) -> Path:
    document = build_file(
        key=key,
        ward_code=ward,
        ward_name="Phường Kinh Bắc",
        server_url="https://helper.example.vn/",
        catalog=_catalog(),
        units=UnitDirectory.bundled(),
        ca_pem=ca_pem,
        days=days,
        now=now,
    )
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _reason(path: Path, paths: AppPaths, **kwargs: Any) -> str:
    with pytest.raises(ProvisioningError) as caught:
        provision(path, paths, now=NOW, **kwargs)
    assert caught.value.message_vi and caught.value.message_en
    return caught.value.reason


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def test_first_file_is_applied_and_the_laptop_works_offline(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey
) -> None:
    verified, pin = provision(_file(tmp_path, key), app_paths, now=NOW)
    assert pin is not None and pin.ward_code == WARD
    assert pin.server_url == "https://helper.example.vn"
    assert pin.fingerprint == fingerprint(public_bytes(key)) == verified.fingerprint
    assert current_pin(app_paths) == pin
    assert ca_bundle(app_paths) is None
    catalog = load_catalog(app_paths)
    assert catalog.get("test_permit").version == 1
    assert load_units(app_paths).commune(WARD) is not None
    store = Store.open(app_paths.database)
    try:
        files = AttachmentStore(app_paths.attachments_dir)
        service = DossierService(store, catalog, files, actor="t", require_consent=False)
        assert service.create_draft("test_permit").form_version == 1
    finally:
        store.close()


def test_private_ca_is_kept_for_sync(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey
) -> None:
    pem = _self_signed_pem()
    provision(_file(tmp_path, key, ca_pem=pem), app_paths, now=NOW)
    bundle = ca_bundle(app_paths)
    assert bundle is not None and Path(bundle).read_text() == pem


def _self_signed_pem() -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ward CA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(1)
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=365))
        .sign(private, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _tamper(path: Path, change: Any) -> None:
    document = json.loads(path.read_text())
    payload = json.loads(base64.b64decode(document["payload_b64"]))
    change(payload)
    document["payload_b64"] = base64.b64encode(canonical_bytes(payload)).decode()
    path.write_text(json.dumps(document))


def test_tampered_file_is_refused_and_nothing_changes(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey
) -> None:
    path = _file(tmp_path, key)
    _tamper(path, lambda p: p.update(server_url="https://evil.example"))
    assert _reason(path, app_paths) == "tampered"
    assert not (app_paths.data_dir / PIN_FILE).exists()
    assert "test_permit" not in load_catalog(app_paths)


def test_expired_and_future_files_are_refused(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey
) -> None:
    old = _file(tmp_path, key, now=NOW - dt.timedelta(days=31), name="old.json")
    assert _reason(old, app_paths) == "expired"
    future = _file(tmp_path, key, now=NOW + dt.timedelta(days=1), name="future.json")
    assert _reason(future, app_paths) == "not_yet_valid"


def test_after_first_use_only_the_pinned_key_and_ward_are_accepted(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey
) -> None:
    provision(_file(tmp_path, key), app_paths, now=NOW)
    stranger = _file(tmp_path, Ed25519PrivateKey.generate(), name="stranger.json")
    assert _reason(stranger, app_paths) == "key_mismatch"
    other_ward = _file(tmp_path, key, ward="09194", name="other.json")
    assert _reason(other_ward, app_paths) == "ward_mismatch"
    renewed = _file(tmp_path, key, days=90, name="renewed.json")
    _, pin = provision(renewed, app_paths, now=NOW)
    assert pin is not None and pin.expires_at.startswith("2027-02-23")


def test_expected_fingerprint_is_enforced(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey
) -> None:
    path = _file(tmp_path, key)
    wrong = fingerprint(public_bytes(Ed25519PrivateKey.generate()))
    assert _reason(path, app_paths, expect_fingerprint=wrong) == "fingerprint"
    typed = fingerprint(public_bytes(key)).lower().replace("-", " ")
    _, pin = provision(path, app_paths, now=NOW, expect_fingerprint=typed)
    assert pin is not None


def test_a_valid_signature_over_a_wrong_format_is_refused(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey
) -> None:
    payload = {"format": "helper-provisioning/9", "ward_code": WARD}
    raw = canonical_bytes(payload)
    raw_public = public_bytes(key)
    from helper_app.provisioning.format import key_id

    document = {
        "format": "helper-provisioning/1",
        "key_id": key_id(raw_public),
        "public_key_b64": base64.b64encode(raw_public).decode(),
        "payload_b64": base64.b64encode(raw).decode(),
        "signature_b64": base64.b64encode(key.sign(signed_message(raw))).decode(),
    }
    path = tmp_path / "fmt.json"
    path.write_text(json.dumps(document))
    assert _reason(path, app_paths) == "format"
    document["format"] = "something-else/2"
    path.write_text(json.dumps(document))
    assert _reason(path, app_paths) == "format"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe not utf-8",
        b"[1, 2]",
        b'{"format": "helper-provisioning/1"}',
        b'{"format": "helper-provisioning/1", "key_id": "x", "public_key_b64": "%%%",'
        b' "payload_b64": "", "signature_b64": ""}',
        b"{" * 100_000,
    ],
    ids=["empty", "not-utf8", "list", "missing-fields", "bad-base64", "deep"],
)
def test_malformed_files_are_refused(tmp_path: Path, app_paths: AppPaths, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert _reason(path, app_paths) in {"malformed", "format"}


def test_truncated_file_is_refused(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey
) -> None:
    path = _file(tmp_path, key)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert _reason(path, app_paths) == "malformed"


def test_missing_file_is_unreadable(tmp_path: Path, app_paths: AppPaths) -> None:
    assert _reason(tmp_path / "nope.json", app_paths) == "unreadable"


@settings(max_examples=150)
@given(st.binary(max_size=300))
def test_random_bytes_never_pass(blob: bytes) -> None:
    with pytest.raises(ProvisioningError):
        parse_envelope(blob)


@settings(max_examples=100)
@given(position=st.integers(min_value=0, max_value=10_000), bit=st.integers(0, 7))
def test_any_flipped_bit_in_the_payload_is_detected(position: int, bit: int) -> None:
    key = Ed25519PrivateKey.generate()
    document = build_file(
        key=key,
        ward_code=WARD,
        server_url="https://h.example",
        catalog=_catalog(),
        units=UnitDirectory.bundled(),
        now=NOW,
    )
    raw = bytearray(base64.b64decode(document["payload_b64"]))
    raw[position % len(raw)] ^= 1 << bit
    document["payload_b64"] = base64.b64encode(bytes(raw)).decode()
    from helper_app.provisioning.format import verify

    with pytest.raises(ProvisioningError) as caught:
        verify(parse_envelope(json.dumps(document).encode()), now=NOW)
    assert caught.value.reason == "tampered"


def test_fingerprint_normalization() -> None:
    assert normalize_fingerprint(" abcd-ef01 2345:6789 abcd ") == "ABCD-EF01-2345-6789-ABCD"


def test_command_applies_then_refuses_a_tampered_file(
    tmp_path: Path, app_paths: AppPaths, key: Ed25519PrivateKey, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command checks dates against the real clock: issue the file now.
    good = _file(tmp_path, key, now=dt.datetime.now(dt.UTC))
    data_dir = str(app_paths.data_dir)
    assert cli_main(["--data-dir", data_dir, "provision", str(good), "--dry-run"]) == 0
    assert current_pin(app_paths) is None
    assert cli_main(["--data-dir", data_dir, "provision", str(good)]) == 0
    out = capsys.readouterr()
    assert fingerprint(public_bytes(key)) in out.out
    assert "dấu vân tay" in out.err and "compare" in out.err
    _tamper(good, lambda p: p.update(ward_name="X"))
    assert cli_main(["--data-dir", data_dir, "provision", str(good), "--json"]) == 2
    out = capsys.readouterr()
    assert json.loads(out.out) == {"ok": False, "reason": "tampered"}
    assert "Từ chối" in out.err and "Refused" in out.err
