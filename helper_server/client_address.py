"""The client address of a request: the peer, or what a trusted reverse proxy says it is.

``Forwarded`` and ``X-Forwarded-For`` are believed only when the peer is a proxy the admin named
(``serve --trusted-proxy``); anyone else can write them, and the address feeds the per-address
sign-in limit and the audit log. Behind a chain of trusted proxies the client is the right-most
hop that is not itself a trusted proxy.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``--trusted-proxy`` values as networks (a bare address is a /32 or /128); cached, as the
    settings never change in a process."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def _forwarded_for(value: str) -> list[str]:
    """The ``for=`` hops of RFC 7239 ``Forwarded`` values, without quotes, brackets or ports."""
    hops: list[str] = []
    for element in value.split(","):
        for pair in element.split(";"):
            name, _, raw = pair.strip().partition("=")
            if name.lower() != "for":
                continue
            hop = raw.strip().strip('"')
            if hop.startswith("["):
                hop = hop[1:].partition("]")[0]
            elif hop.count(":") == 1:
                hop = hop.partition(":")[0]
            hops.append(hop)
    return hops


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: Request, trusted_proxies: tuple[str, ...]) -> str:
    """The address to limit and audit ``request`` by (``trusted_proxies``: the settings')."""
    proxies = parse_networks(trusted_proxies)
    peer = request.client.host if request.client else "unknown"
    if not proxies or not _trusted(peer, proxies):
        return peer
    forwarded = request.headers.getlist("forwarded")
    if forwarded:
        hops = _forwarded_for(",".join(forwarded))
    else:
        hops = [h.strip() for v in request.headers.getlist("x-forwarded-for") for h in v.split(",")]
    client = peer
    for hop in reversed(hops):
        if not _valid(hop):
            break
        client = hop
        if not _trusted(hop, proxies):
            break
    return client
