"""Which server addresses the laptop accepts (issue 12 item 7): https, or http to itself only."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helper_app.sync.http import ApiSession
from helper_app.sync.server_address import (
    InsecureServerAddressError,
    ServerAddressError,
    check_server_address,
    is_loopback_host,
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://127.0.0.1:8765/",
        "http://127.10.20.30",
        "http://localhost:8000/",
        "HTTP://LOCALHOST",
        "http://[::1]:9000",
        "http://[::ffff:127.0.0.1]:9000",
        "https://helper.phuong.vn",
        "https://10.0.0.5:8443/helper/",
        "  https://helper.phuong.vn/  ",
    ],
)
def test_https_anywhere_and_http_to_this_machine_are_accepted(url: str) -> None:
    accepted = check_server_address(url)
    assert not accepted.endswith("/") and accepted == accepted.strip()


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5",
        "http://192.168.1.20:8000",
        "http://helper.phuong.vn",
        "http://0.0.0.0:8000",  # every interface, not this machine only
        "http://localhost.evil.example",
        "http://app.localhost",  # RFC 6761 says loopback; plain resolvers ask DNS
        "http://[::ffff:10.0.0.5]",
        "http://[fe80::1]",
    ],
)
def test_plain_http_to_another_machine_is_refused_saying_https(url: str) -> None:
    with pytest.raises(InsecureServerAddressError) as caught:
        check_server_address(url)
    assert "phải dùng https://" in caught.value.message_vi
    assert "must use https://" in caught.value.message_en


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "https://tên-máy-chủ"),
        ("helper.phuong.vn", "https://tên-máy-chủ"),
        ("ftp://helper.phuong.vn", "https://tên-máy-chủ"),
        ("https://", "https://tên-máy-chủ"),
        ("https://user:secret@helper.phuong.vn", "tên đăng nhập hoặc mật khẩu"),
        ("https://helper.phuong.vn:99999", "không hợp lệ"),
        ("https://helper.phuong.vn:abc", "không hợp lệ"),
    ],
)
def test_malformed_addresses_say_what_is_expected(url: str, expected: str) -> None:
    with pytest.raises(ServerAddressError) as caught:
        check_server_address(url)
    assert expected in caught.value.message_vi
    assert not isinstance(caught.value, InsecureServerAddressError)


@given(st.ip_addresses(v=4))
def test_http_to_an_ipv4_is_accepted_exactly_for_127_slash_8(
    address: ipaddress.IPv4Address,
) -> None:
    url = f"http://{address}:8000"
    loopback = address in ipaddress.ip_network("127.0.0.0/8")
    assert is_loopback_host(str(address)) is loopback
    if loopback:
        assert check_server_address(url) == url
    else:
        with pytest.raises(InsecureServerAddressError):
            check_server_address(url)
    assert check_server_address(f"https://{address}:8000") == f"https://{address}:8000"


def test_every_request_goes_through_the_check() -> None:
    """The session every sync and sign-in uses cannot be built on a refused address."""
    with pytest.raises(InsecureServerAddressError):
        ApiSession("http://192.168.1.20:8000")
    assert ApiSession("http://127.0.0.1:8000/").base_url == "http://127.0.0.1:8000"
