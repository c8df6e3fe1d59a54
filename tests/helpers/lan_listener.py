"""A TCP port on this machine's LAN address that counts who connects: proof that the app sent
nothing to a plain-http address of another machine (issue 12 item 7)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest


def this_machines_lan_address() -> str | None:
    """A non-loopback IPv4 of this machine (a UDP 'connect' sends nothing), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


class Listener:
    """A TCP port on the machine's LAN address that counts who connects to it."""

    def __init__(self, host: str) -> None:
        self.sock = socket.create_server((host, 0))
        self.sock.settimeout(0.2)
        self.url = f"http://{host}:{self.sock.getsockname()[1]}"
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def lan_listener() -> Iterator[Listener | None]:
    host = this_machines_lan_address()
    if host is None:
        yield None  # no LAN interface here: the refusal is still checked, not the silence
        return
    listener = Listener(host)
    try:
        yield listener
    finally:
        listener.close()
