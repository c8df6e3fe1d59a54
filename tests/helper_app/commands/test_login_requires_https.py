"""``helper-app login`` over plain http to another machine is refused before anything is sent
(issue 12 item 7): the password and the residents' data never cross a network in clear."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helper_app.security.os_keyring import SERVICE
from tests.helpers.commands import login, queue_dossiers, run
from tests.helpers.keyring_service import KeyringSession
from tests.helpers.lan_listener import Listener, lan_listener  # noqa: F401 - fixture
from tests.helpers.live_server import LiveServer


def test_login_over_http_to_another_machine_is_refused_and_nothing_sent_or_stored(
    keyring_session: KeyringSession,
    server: LiveServer,
    lan_listener: Listener | None,  # noqa: F811
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "laptop"
    user = server.create_user(role="volunteer")
    url = lan_listener.url if lan_listener else "http://192.0.2.10:8000"
    refused = run(
        data_dir,
        "login",
        "--server",
        url,
        "--username",
        user.username,
        "--password-stdin",
        stdin=user.password + "\n",
    )
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "Máy chủ của phường/xã phải dùng https://" in refused.stderr
    assert "must use https://" in refused.stderr
    assert user.password not in refused.stdout + refused.stderr
    if lan_listener is not None:
        assert lan_listener.accepted == 0, "the app connected to the plain-http address"
    assert keyring_session.backend.get_password(SERVICE, f"{user.username}@{url}") is None
    status = json.loads(run(data_dir, "status", "--json").stdout)
    assert status["account"] is None

    # The same laptop signs in to the loopback test server, and a one-off `sync --server` to
    # a plain-http address is refused in turn, with the queue kept.
    assert login(data_dir, server, user).returncode == 0
    queue_dossiers(data_dir, tmp_path, 1)
    redirected = run(data_dir, "sync", "--server", url)
    assert redirected.returncode == 2
    assert "phải dùng https://" in redirected.stderr
    if lan_listener is not None:
        assert lan_listener.accepted == 0
    assert json.loads(run(data_dir, "status", "--json").stdout)["waiting"] == 1
    assert run(data_dir, "sync").returncode == 0


def test_an_old_saved_plain_http_address_asks_for_a_new_sign_in(
    keyring_session: KeyringSession,
    server: LiveServer,
    lan_listener: Listener | None,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A laptop signed in by an older version to http://<LAN> sends nothing and asks to sign in."""
    data_dir = tmp_path / "laptop"
    user = server.create_user(role="volunteer")
    assert login(data_dir, server, user).returncode == 0
    queue_dossiers(data_dir, tmp_path, 1)
    url = lan_listener.url if lan_listener else "http://192.0.2.10:8000"
    token = keyring_session.backend.get_password(SERVICE, f"{user.username}@{server.url}")
    assert token
    keyring_session.backend.set_password(SERVICE, f"{user.username}@{url}", token)
    _save_account(data_dir, url, user.username)

    stopped = run(data_dir, "sync")
    assert stopped.returncode == 3
    assert "Chưa đăng nhập" in stopped.stderr
    if lan_listener is not None:
        assert lan_listener.accepted == 0
    assert json.loads(run(data_dir, "status", "--json").stdout)["waiting"] == 1
    assert run(data_dir, "logout").returncode == 0  # forgets the token without sending it
    assert keyring_session.backend.get_password(SERVICE, f"{user.username}@{url}") is None
    if lan_listener is not None:
        assert lan_listener.accepted == 0


def _save_account(data_dir: Path, url: str, username: str) -> None:
    """What an older version wrote after signing in to ``url`` (the app's own store API).

    In a subprocess, like the app: opening the store here would pin this test process's
    keyring backend to the session bus that ends with this module.
    """
    code = (
        "import argparse, sys\n"
        "from helper_app.commands.local import open_local\n"
        "from helper_app.sync import state\n"
        "local = open_local(argparse.Namespace(data_dir=sys.argv[1]))\n"
        "with local.store.write() as session:\n"
        "    account = dict(state.get(session, state.ACCOUNT) or {})\n"
        "    account.update(server_url=sys.argv[2], username=sys.argv[3])\n"
        "    state.put(session, state.ACCOUNT, account)\n"
        "local.close()\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(data_dir), url, username], check=True, timeout=60
    )
