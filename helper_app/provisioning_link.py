"""Provisioning by link: the short text behind the QR code the officer console shows.

A provisioning file carries the whole catalog (hundreds of kB), far more than a QR code holds
(about 3 kB). So the console shows a *link* instead::

    helper-provision:v1?url=https%3A%2F%2Fserver%2Fapi%2Fv1%2Fprovisioning%2Ffiles%2FTOKEN
        &sha256=<64 hex digits of the file>&fp=<the signing key's fingerprint>

The laptop downloads the file from ``url`` and accepts it only if its SHA-256 is the one in the
link *and* it is signed by the key with that fingerprint; then the usual checks of
:func:`helper_app.provisioning.verify` apply. The link pins the exact bytes, so, unlike a file
found on a USB stick, a link read off the real server's console is not "trust on first use":
what the server showed is what gets applied, whatever the network in between did.

The link holds no secret worth stealing: the token in the URL only fetches a file that is public
information plus a signature, and it expires with the file. No Qt here; the window decodes a QR
image into this text (:mod:`helper_app.ui.qr_image`) and calls :func:`provision_from_link`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

import requests

from helper_app.config import AppPaths
from helper_app.provisioning import (
    MAX_FILE_BYTES,
    Pin,
    ProvisioningError,
    Verified,
    normalize_fingerprint,
    parse_envelope,
    verify_and_apply,
)
from helper_app.sync.server_address import ServerAddressError, check_server_address

SCHEME = "helper-provision:v1"
MAX_LINK_CHARS = 2000
DOWNLOAD_TIMEOUT = 30.0
"""Seconds allowed for connecting and for each read."""
DOWNLOAD_DEADLINE = 120.0
"""Seconds allowed for the whole download (a trickling server cannot hold the dialog)."""
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_FINGERPRINT = re.compile(r"^[0-9A-F]{4}(-[0-9A-F]{4}){4}$")


@dataclass(frozen=True)
class ProvisioningLink:
    """Where to download a provisioning file, and what it must be.

    Attributes:
        url: the file's address on the ward's server (``https://``, or ``http://`` to this
            machine for a test).
        sha256: the file's SHA-256, lower-case hex.
        fingerprint: the signing key's fingerprint (``ABCD-EF01-…``).
    """

    url: str
    sha256: str
    fingerprint: str

    def text(self) -> str:
        """The link as the QR code carries it."""
        return f"{SCHEME}?url={quote(self.url, safe='')}&sha256={self.sha256}&fp={self.fingerprint}"


def _bad_link(detail_vi: str, detail_en: str) -> ProvisioningError:
    return ProvisioningError(
        "link",
        f"Mã QR cấu hình không hợp lệ: {detail_vi}. Hãy quét lại mã trên trang cán bộ.",
        f"The provisioning QR code is not valid: {detail_en}. Scan the console's code again.",
    )


def parse_link(text: str) -> ProvisioningLink:
    """Read the text of a provisioning QR code (whitespace anywhere in it is ignored).

    Raises:
        ProvisioningError: (reason ``link``) the text is not such a link, or a part is missing
            or malformed; the message says which.
    """
    text = "".join(text.split())  # a pasted link may come wrapped over lines
    if not text:
        raise _bad_link("trống", "it is empty")
    if len(text) > MAX_LINK_CHARS:
        raise _bad_link(
            f"dài quá {MAX_LINK_CHARS} ký tự", f"it is longer than {MAX_LINK_CHARS} characters"
        )
    scheme, sep, query = text.partition("?")
    if scheme != SCHEME or not sep:
        raise _bad_link(f"phải bắt đầu bằng “{SCHEME}?”", f"it must start with “{SCHEME}?”")
    try:
        fields = parse_qs(query, strict_parsing=True, max_num_fields=10)
    except ValueError as exc:
        raise _bad_link("phần tham số bị hỏng", "its parameters are damaged") from exc
    values: dict[str, str] = {}
    for name in ("url", "sha256", "fp"):
        found = fields.get(name, [])
        if len(found) != 1:
            raise _bad_link(f"thiếu hoặc lặp tham số “{name}”", f"“{name}” is missing or repeated")
        values[name] = found[0]
    url = values["url"]
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username:
        raise _bad_link(
            "địa chỉ tải tệp phải là https://máy-chủ/…",
            "the download address must be https://host/…",
        )
    try:
        check_server_address(url)
    except ServerAddressError as exc:
        raise _bad_link(exc.message_vi.rstrip("."), exc.message_en.rstrip(".")) from exc
    sha256 = values["sha256"].lower()
    if not _SHA256.match(sha256):
        raise _bad_link("“sha256” phải có 64 chữ số hex", "“sha256” must be 64 hex digits")
    fingerprint = normalize_fingerprint(values["fp"])
    if not _FINGERPRINT.match(fingerprint):
        raise _bad_link(
            "“fp” phải có dạng ABCD-EF01-2345-6789-ABCD",
            "“fp” must look like ABCD-EF01-2345-6789-ABCD",
        )
    return ProvisioningLink(url=url, sha256=sha256, fingerprint=fingerprint)


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
