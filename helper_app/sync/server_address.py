"""Which server addresses the laptop may talk to: https, or plain http to this machine only.

The laptop sends the volunteer's password and residents' personal data to the ward's server.
Over plain http anyone on the same Wi-Fi, or any router on the way, reads them (issue 12
item 7), so http is accepted only where nothing leaves the machine: loopback addresses, which
the embedded demo server and the tests use. Every other address must be https://; a ward
server without a public certificate gives its private CA through the provisioning file.

Every request goes through :class:`helper_app.sync.http.ApiSession`, which checks its address
here; the sign-in form, the CLI and provisioning check earlier only to say so before anything
is stored.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from helper_app.text import BilingualError

LOOPBACK_NAMES = frozenset({"localhost"})
"""Host names taken as this machine. Not ``*.localhost``: RFC 6761 says they should resolve to
loopback, but plain resolvers send them to DNS, where anyone could answer."""


class ServerAddressError(BilingualError, ValueError):
    """A server address the laptop refuses; the message says what is expected."""


class InsecureServerAddressError(ServerAddressError):
    """A plain http:// address of another machine: the ward's server must use https://."""


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ::1 (IPv4-mapped forms included)."""
    name = host.strip("[]").rstrip(".").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def check_server_address(url: str) -> str:
    """``url`` without its trailing slash, or raise :class:`ServerAddressError` saying why.

    Accepted: ``https://host[:port][/path]``, and ``http://`` only when the host is loopback.
    Refused: other schemes, no host, a user name or password in the address (it would be sent
    in clear to proxies and shown in logs), and http to any other machine.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number or too big
    except ValueError as exc:
        raise ServerAddressError(
            f"Địa chỉ máy chủ không hợp lệ: {exc}. Ví dụ đúng: https://may-chu.phuong.vn",
            f"The server address is not valid: {exc}. Example: https://server.ward.vn",
        ) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ServerAddressError(
            "Địa chỉ máy chủ phải có dạng https://tên-máy-chủ (ví dụ https://may-chu.phuong.vn).",
            "The server address must look like https://host (for example https://server.ward.vn).",
        )
    if parts.username is not None or parts.password is not None:
        raise ServerAddressError(
            "Địa chỉ máy chủ không được chứa tên đăng nhập hoặc mật khẩu. "
            "Hãy nhập chúng vào ô riêng.",
            "The server address must not contain a user name or password. "
            "Type them in their own boxes.",
        )
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise InsecureServerAddressError(
            "Máy chủ của phường/xã phải dùng https:// (kết nối được mã hoá). Chỉ máy chủ thử "
            "trên chính máy này (127.0.0.1, localhost) mới được dùng http://.",
            "The ward's server must use https:// (an encrypted connection). Only a test "
            "server on this machine (127.0.0.1, localhost) may use http://.",
        )
    return text.rstrip("/")


def is_allowed_server(url: str) -> bool:
    """True when :func:`check_server_address` accepts ``url``."""
    try:
        check_server_address(url)
    except ServerAddressError:
        return False
    return True
