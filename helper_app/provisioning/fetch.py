"""Downloading the file a provisioning link names, and applying it (laptop side).

The link (:mod:`helper_app.provisioning.link`) pins the file's SHA-256 and its signing key;
:func:`download` fetches the bytes and checks the hash, :func:`provision_from_link` then
verifies and applies them like a file from a USB stick.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from urllib.parse import urlsplit

import requests

from helper_app.config import AppPaths
from helper_app.provisioning.apply import Pin, verify_and_apply
from helper_app.provisioning.format import (
    MAX_FILE_BYTES,
    ProvisioningError,
    Verified,
    normalize_fingerprint,
    parse_envelope,
)
from helper_app.provisioning.link import ProvisioningLink, _bad_link, parse_link
from helper_app.sync.server_address import ServerAddressError, check_server_address

DOWNLOAD_TIMEOUT = 30.0
"""Seconds allowed for connecting and for each read."""
DOWNLOAD_DEADLINE = 120.0
"""Seconds allowed for the whole download (a trickling server cannot hold the dialog)."""


def download(link: ProvisioningLink, *, timeout: float = DOWNLOAD_TIMEOUT) -> bytes:
    """The file behind the link, checked against the link's SHA-256.

    TLS certificates are verified as always (requests' CA bundle, certifi): a server with a
    private CA hands its laptops the file on a USB stick instead (docs/provisioning.md). The
    body is asked for uncompressed, so the size cap counts what crosses the wire.

    Raises:
        ProvisioningError: ``download`` (unreachable, refused, expired link, too big) or
            ``tampered`` (the bytes differ from what the link names).
    """
    deadline = time.monotonic() + DOWNLOAD_DEADLINE
    try:
        with requests.get(
            link.url,
            timeout=timeout,
            stream=True,
            allow_redirects=False,
            headers={"Accept-Encoding": "identity"},
        ) as reply:
            if reply.status_code == 404:
                raise ProvisioningError(
                    "download",
                    "Máy chủ không còn tệp cấu hình của mã này (mã đã hết hạn hoặc bị thu hồi). "
                    "Hãy nhờ quản trị viên tạo mã mới.",
                    "The server no longer has the file for this code (expired or revoked). "
                    "Ask the administrator for a new code.",
                )
            if reply.status_code != 200:
                raise ProvisioningError(
                    "download",
                    f"Máy chủ từ chối tải tệp cấu hình (mã lỗi {reply.status_code}).",
                    f"The server refused the download (status {reply.status_code}).",
                )
            body = bytearray()
            for chunk in reply.iter_content(64 * 1024):
                body += chunk
                if time.monotonic() > deadline:
                    raise requests.Timeout(f"no complete answer in {DOWNLOAD_DEADLINE:.0f} s")
                if len(body) > MAX_FILE_BYTES:
                    raise ProvisioningError(
                        "download",
                        "Tệp tải về lớn bất thường; đã dừng.",
                        "The downloaded file is abnormally large; stopped.",
                    )
    except requests.RequestException as exc:
        raise ProvisioningError(
            "download",
            f"Không tải được tệp cấu hình từ {urlsplit(link.url).hostname} "
            f"({type(exc).__name__}). Hãy kiểm tra mạng rồi thử lại.",
            f"Could not download the provisioning file from {urlsplit(link.url).hostname} "
            f"({type(exc).__name__}). Check the network and try again.",
        ) from exc
    if hashlib.sha256(body).hexdigest() != link.sha256:
        raise ProvisioningError(
            "tampered",
            "Tệp tải về khác với tệp mà mã QR chỉ định (bị thay đổi trên đường truyền?). "
            "Tệp bị từ chối.",
            "The downloaded file differs from the one the QR code names (altered in transit?). "
            "Refused.",
        )
    return bytes(body)


def provision_from_link(
    text: str,
    paths: AppPaths,
    *,
    expect_fingerprint: str | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    timeout: float = DOWNLOAD_TIMEOUT,
) -> tuple[Verified, Pin | None]:
    """Parse a link, download its file, check it against the link, verify and apply it.

    The link's fingerprint is passed as ``expect_fingerprint``, so a file signed by any other
    key is refused even on a laptop's first provisioning. A fingerprint received out of band
    (``expect_fingerprint``: a poster, a phone call) must equal the link's, or nothing is even
    downloaded.

    Raises:
        ProvisioningError: the link, the download or the file is refused; nothing was changed.
    """
    link = parse_link(text)
    try:
        check_server_address(link.url)  # the laptop's rule: https, or http on this machine
    except ServerAddressError as exc:
        raise _bad_link(exc.message_vi.rstrip("."), exc.message_en.rstrip(".")) from exc
    if expect_fingerprint and normalize_fingerprint(expect_fingerprint) != link.fingerprint:
        raise ProvisioningError(
            "fingerprint",
            f"Mã QR chỉ định khoá {link.fingerprint}, khác dấu vân tay được cung cấp "
            f"({normalize_fingerprint(expect_fingerprint)}). Mã bị từ chối.",
            f"The QR code names key {link.fingerprint}, not the expected fingerprint "
            f"({normalize_fingerprint(expect_fingerprint)}). Refused.",
        )
    raw = download(link, timeout=timeout)
    envelope = parse_envelope(raw, origin="provisioning link")
    return verify_and_apply(
        envelope, paths, expect_fingerprint=link.fingerprint, now=now, dry_run=dry_run
    )
