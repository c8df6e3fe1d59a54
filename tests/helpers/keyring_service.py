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
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import secretstorage
from keyring.backends.SecretService import Keyring as SecretServiceKeyring
from secretstorage.exceptions import SecretStorageException


@dataclass
class KeyringSession:
    """A running private keyring: its environment and a backend bound to it."""

    env: dict[str, str]
    backend: SecretServiceKeyring


# A session bus with no service directories: nothing is D-Bus-activated behind our back. On the
# stock session bus, a client that calls before our daemon owns org.freedesktop.secrets makes the
# bus start a *second* gnome-keyring without the unlocked login collection; every later call then
# ends in "Prompt dismissed" (a CI run failed that way under load).
_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


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


def _wait_for_login_collection(timeout: float = 20.0) -> None:
    """Wait until the daemon has created and unlocked its login collection.

    ``gnome-keyring-daemon --daemonize`` returns before the collection exists. A client that asks
    too early makes secretstorage try to *create* a default collection, which needs a prompt no
    one can answer here ("Prompt dismissed").
    """
    deadline = time.monotonic() + timeout
    last_error = "not checked"
    while time.monotonic() < deadline:
        try:
            connection = secretstorage.dbus_init()
            try:
                collection = secretstorage.Collection(connection)
                if not collection.is_locked():
                    return
                last_error = "login collection still locked"
            finally:
                connection.close()
        except SecretStorageException as exc:
            last_error = f"{type(exc).__name__}: {exc}"
        time.sleep(0.05)
    pytest.fail(
        f"gnome-keyring did not create its login collection in {timeout:.0f} s ({last_error})"
    )


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
    config = Path(home) / "bus.conf"
    config.write_text(_BUS_CONFIG, encoding="utf-8")
    bus = subprocess.run(
        ["dbus-daemon", f"--config-file={config}", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
    )
    address, pid = bus.stdout.split()[:2]
    # Everything gnome-keyring locates through XDG variables stays inside this session's HOME, so
    # parallel test workers never share a control socket or a login.keyring file.
    env = {"DBUS_SESSION_BUS_ADDRESS": address, "HOME": home}
    for variable, sub in (
        ("XDG_RUNTIME_DIR", "run"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (Path(home) / sub).mkdir(mode=0o700)
        env[variable] = str(Path(home) / sub)
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
        _wait_for_login_collection()
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
