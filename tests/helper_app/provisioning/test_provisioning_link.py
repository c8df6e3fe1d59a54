"""Provisioning from the console's QR code text: parse, download, match, verify, apply.

A real server makes the link (``POST /api/v1/provisioning/links``) and serves the file; the
laptop side (:func:`provision_from_link`) must apply exactly that file and refuse, changing
nothing, a link whose SHA-256 or fingerprint does not match, an expired link, an unreachable
server and every malformed or hostile text (with a message that names the part).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helper_app.cli import main as cli_main
from helper_app.config import AppPaths
from helper_app.demo import free_port
from helper_app.provisioning.apply import PIN_FILE, current_pin
from helper_app.provisioning.fetch import provision_from_link
from helper_app.provisioning.format import ProvisioningError
from helper_app.provisioning.link import SCHEME, ProvisioningLink, parse_link
from helper_app.sync.catalog_sync import load_catalog
from tests.helper_server.world import write_forms
from tests.helpers.live_server import LiveServer, live_server

FP = "ABCD-EF01-2345-6789-ABCD"
SHA = "0123456789abcdef" * 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    forms = write_forms(tmp_path_factory.mktemp("forms"))
    with live_server(tmp_path_factory.mktemp("srv"), forms_dir=forms) as running:
        yield running


@pytest.fixture(scope="module")
def link(server: LiveServer) -> ProvisioningLink:
    """A link made by an admin, naming the loopback server (what laptops reach in this test)."""
    admin = server.create_user(role="admin", ward="09193")
    with server.client(server.login(admin)) as client:
        answer = client.post(
            "/api/v1/provisioning/links", json={"server_url": server.url, "days": 2}
        )
    assert answer.status_code == 200, answer.text
    return parse_link(answer.json()["text"])


def _nothing_applied(paths: AppPaths) -> bool:
    return not (paths.data_dir / PIN_FILE).exists()


def test_the_link_sets_the_laptop_up(link: ProvisioningLink, app_paths: AppPaths) -> None:
    verified, pin = provision_from_link(link.text(), app_paths)
    assert pin is not None and pin.fingerprint == link.fingerprint
    assert pin.ward_code == "09193" and verified.payload.server_url == link.url.split("/api")[0]
    assert current_pin(app_paths) == pin
    assert "test_permit" in load_catalog(app_paths)


def test_the_command_line_takes_the_link(
    link: ProvisioningLink, app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli_main(["--data-dir", str(app_paths.data_dir), "provision", "--link", link.text()])
    assert code == 0, capsys.readouterr().err
    assert link.fingerprint in capsys.readouterr().out
    assert current_pin(app_paths) is not None


def _refused(text: str, paths: AppPaths) -> ProvisioningError:
    with pytest.raises(ProvisioningError) as caught:
        provision_from_link(text, paths, timeout=5)
    assert _nothing_applied(paths)
    return caught.value


def test_a_fingerprint_given_out_of_band_must_be_the_links(
    link: ProvisioningLink, app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["--data-dir", str(app_paths.data_dir), "provision", "--link", link.text()]
    assert cli_main([*command, "--expect-fingerprint", FP]) == 2
    assert "not the expected fingerprint" in capsys.readouterr().err
    assert _nothing_applied(app_paths)
    given = link.fingerprint.lower().replace("-", " ")
    assert cli_main([*command, "--expect-fingerprint", given]) == 0


def test_a_file_other_than_the_one_named_is_refused(
    link: ProvisioningLink, app_paths: AppPaths
) -> None:
    other = dataclasses.replace(link, sha256="f" * 64)
    refusal = _refused(other.text(), app_paths)
    assert refusal.reason == "tampered" and "mã QR" in refusal.message_vi


def test_a_file_signed_by_another_key_is_refused(
    link: ProvisioningLink, app_paths: AppPaths
) -> None:
    refusal = _refused(dataclasses.replace(link, fingerprint=FP).text(), app_paths)
    assert refusal.reason == "fingerprint"


def test_an_expired_or_unknown_link_says_ask_for_a_new_code(
    link: ProvisioningLink, app_paths: AppPaths
) -> None:
    gone = dataclasses.replace(link, url=link.url[:-6] + "AAAAAA")
    refusal = _refused(gone.text(), app_paths)
    assert refusal.reason == "download" and "new code" in refusal.message_en


def test_an_unreachable_server_is_a_download_refusal(app_paths: AppPaths) -> None:
    url = f"http://127.0.0.1:{free_port()}/api/v1/provisioning/files/" + "a" * 32
    refusal = _refused(ProvisioningLink(url, SHA, FP).text(), app_paths)
    assert refusal.reason == "download" and "127.0.0.1" in refusal.message_en


def test_a_plain_http_link_to_another_machine_is_refused_before_downloading(
    app_paths: AppPaths,
) -> None:
    """Issue 12 item 7: the laptop's rule (https, or http on this machine) holds for codes too."""
    url = "http://192.0.2.10:8000/api/v1/provisioning/files/" + "a" * 32
    refusal = _refused(ProvisioningLink(url, SHA, FP).text(), app_paths)
    assert refusal.reason == "link" and "phải dùng https://" in refusal.message_vi
    assert parse_link(ProvisioningLink(url, SHA, FP).text()).url == url, "the format allows it"
    assert current_pin(app_paths) is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("https://example.org/x", SCHEME),
        (f"{SCHEME}?sha256={SHA}&fp={FP}", "“url”"),
        (
            f"{SCHEME}?url=https%3A%2F%2Fa.example%2Fx&url=https%3A%2F%2Fb.example%2Fx"
            f"&sha256={SHA}&fp={FP}",
            "“url”",
        ),  # fmt: skip
        (f"{SCHEME}?url=file%3A%2F%2F%2Fetc%2Fpasswd&sha256={SHA}&fp={FP}", "https://"),
        (f"{SCHEME}?url=https%3A%2F%2Fuser%40a.example%2Fx&sha256={SHA}&fp={FP}", "https://"),
        (f"{SCHEME}?url=https%3A%2F%2Fa.example%2Fx&sha256=1%27%20OR%201%3D1&fp={FP}", "sha256"),
        (f"{SCHEME}?url=https%3A%2F%2Fa.example%2Fx&sha256={SHA}&fp=nguyễn", "fp"),
        (f"{SCHEME}?url=https%3A%2F%2Fa.example%2Fx&sha256={SHA}&fp={FP}&" + "x" * 3000, "2000"),
        (f"{SCHEME}?%%%", "damaged"),
    ],
)
def test_malformed_links_name_the_part(text: str, named: str) -> None:
    with pytest.raises(ProvisioningError) as caught:
        parse_link(text)
    assert caught.value.reason == "link"
    assert named in caught.value.message_en


hosts = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z]{2,6}){1,2}", fullmatch=True)
tokens = st.text("ABCDEFabcdef0123456789-_", min_size=16, max_size=64)


@given(
    host=hosts,
    token=tokens,
    sha=st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
    fp=st.from_regex(r"[0-9A-F]{4}(-[0-9A-F]{4}){4}", fullmatch=True),
)
def test_links_round_trip(host: str, token: str, sha: str, fp: str) -> None:
    made = ProvisioningLink(f"https://{host}/api/v1/provisioning/files/{token}", sha, fp)
    assert parse_link(made.text()) == made
    assert parse_link("  " + made.text().replace(sha, sha.upper()) + "\n") == made
    wrapped = "\n".join(made.text()[i : i + 60] for i in range(0, len(made.text()), 60))
    assert parse_link(wrapped) == made, "a link pasted wrapped over lines"
