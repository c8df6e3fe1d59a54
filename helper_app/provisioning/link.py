"""Provisioning by link: the short text behind the QR code the officer console shows.

A provisioning file carries the whole catalog (hundreds of kB), far more than a QR code holds
(about 3 kB). So the console shows a *link* instead::

    helper-provision:v1?url=https%3A%2F%2Fserver%2Fapi%2Fv1%2Fprovisioning%2Ffiles%2FTOKEN
        &sha256=<64 hex digits of the file>&fp=<the signing key's fingerprint>

The laptop downloads the file from ``url`` and accepts it only if its SHA-256 is the one in the
link *and* it is signed by the key with that fingerprint; then the usual checks of
:func:`helper_app.provisioning.format.verify` apply. The link pins the exact bytes, so, unlike a
file found on a USB stick, a link read off the real server's console is not "trust on first
use": what the server showed is what gets applied, whatever the network in between did.

The link holds no secret worth stealing: the token in the URL only fetches a file that is public
information plus a signature, and it expires with the file. No Qt here; the window decodes a QR
image into this text (:mod:`helper_app.ui.qr_image`) and calls
:func:`helper_app.provisioning.fetch.provision_from_link`. This module is the link's format only
(the server imports it to write links); downloading is :mod:`helper_app.provisioning.fetch`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from helper_app.provisioning.format import (
    ProvisioningError,
    normalize_fingerprint,
)

SCHEME = "helper-provision:v1"
MAX_LINK_CHARS = 2000
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
