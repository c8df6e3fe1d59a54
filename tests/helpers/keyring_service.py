"""A real, throwaway Secret Service keyring (gnome-keyring on a private D-Bus) for tests.

The token must live in the OS keyring. Rather than replacing keyring with a fake, the tests start
the same daemon a Linux desktop runs: a private ``dbus-daemon`` session bus and
``gnome-keyring-daemon`` unlocked with a throwaway password, in a temporary HOME. The environment
it yields (``DBUS_SESSION_BUS_ADDRESS``) is what a subprocess (``helper-app login``) needs to find
it. Without the daemons installed the tests skip locally; CI (``HELPER_REQUIRE_KEYRING``) fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from keyring.backends.SecretService import Keyring as SecretServiceKeyring


@dataclass
class KeyringSession:
    """A running private keyring: its environment and a backend bound to it."""

    env: dict[str, str]
    backend: SecretServiceKeyring


def _kill_processes_on(bus_address: str) -> None:
    """End the daemons started for this bus (gnome-keyring forks away from us)."""
    needle = f"DBUS_SESSION_BUS_ADDRESS={bus_address}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as fh:
                if needle in fh.read().split(b"\0"):
                    os.kill(int(entry), signal.SIGTERM)
        except (OSError, ProcessLookupError):
            continue


def _missing() -> list[str]:
    return [b for b in ("dbus-daemon", "gnome-keyring-daemon") if shutil.which(b) is None]


@contextlib.contextmanager
def secret_service() -> Iterator[KeyringSession]:
    """Start dbus-daemon + gnome-keyring-daemon; stop both at the end."""
    missing = _missing()
    if missing:
        message = f"no real keyring here (missing {', '.join(missing)})"
        if os.environ.get("HELPER_REQUIRE_KEYRING"):
            pytest.fail(message)
        pytest.skip(message)
    home = tempfile.mkdtemp(prefix="helper-keyring-")
    bus = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
    )
    address, pid = bus.stdout.split()[:2]
    env = {"DBUS_SESSION_BUS_ADDRESS": address, "HOME": home}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        subprocess.run(
            ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
            input="throwaway-test-keyring",
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
            env={**os.environ},
        )
        yield KeyringSession(env=env, backend=SecretServiceKeyring())
    finally:
        _kill_processes_on(address)
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid), signal.SIGTERM)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(home, ignore_errors=True)
