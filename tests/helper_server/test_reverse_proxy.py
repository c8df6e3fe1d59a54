"""examples/nginx/helper.conf works: real nginx, TLS with a certificate made here, sign-in + sync.

The example is used as shipped; only its ports, upstream address and certificate paths are
rewritten onto the test's free ports and temp directory. nginx runs in the foreground
(``daemon off;``) with its pid file, temp paths and logs in the temp directory. The test skips
when nginx is not installed, unless ``HELPER_REQUIRE_NGINX`` is set (CI), where it fails.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from helper_app.demo import free_port
from tests.helper_server.world import mutation, push, upload
from tests.helpers.live_server import LiveServer, live_server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nginx" / "helper.conf"


def _nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )
    if found is None:
        if os.environ.get("HELPER_REQUIRE_NGINX"):
            pytest.fail("HELPER_REQUIRE_NGINX is set but nginx is not installed (apt nginx-light)")
        pytest.skip("nginx is not installed (Debian nginx-light) and HELPER_REQUIRE_NGINX is unset")
    return found


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for localhost / 127.0.0.1 and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _templated(directory: Path, *, https: int, http: int, upstream: int) -> Path:
    """The example config with ports and paths moved into the test, wrapped in a main config."""
    cert, key = _self_signed(directory)
    text = EXAMPLE.read_text(encoding="utf-8")
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "server 127.0.0.1:8470;": f"server 127.0.0.1:{upstream};",
        "/etc/ssl/helper/fullchain.pem": str(cert),
        "/etc/ssl/helper/privkey.pem": str(key),
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, f"{EXAMPLE}: expected exactly one {old!r} to rewrite"
        text = text.replace(old, new)
    site = directory / "helper.conf"
    site.write_text(text, encoding="utf-8")
    temp = directory / "temp"
    temp.mkdir()
    # as root, the workers would switch to "nobody", who cannot enter pytest's temp dir
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = directory / "nginx.conf"
    main.write_text(
        f"""{user}daemon off;
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    access_log {directory / "access.log"};
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
    include {site};
}}
""",
        encoding="utf-8",
    )
    return main


@dataclass
class Proxy:
    """nginx in front of a live server."""

    url: str
    http_url: str
    cert: Path
    server: LiveServer


def _wait_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}:\n{log.read_text()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {port}:\n{log.read_text()}")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory, forms_dir: Path) -> Iterator[Proxy]:
    """helper-server on loopback behind nginx configured by examples/nginx/helper.conf."""
    nginx = _nginx_binary()
    directory = tmp_path_factory.mktemp("nginx")
    with live_server(directory / "server", forms_dir=forms_dir) as server:
        upstream = int(server.url.rsplit(":", 1)[1])
        https, http = free_port(), free_port()
        main = _templated(directory, https=https, http=http, upstream=upstream)
        output = directory / "nginx.out"
        with output.open("wb") as out:
            check = subprocess.run(
                [nginx, "-t", "-p", str(directory), "-c", str(main), "-e", "stderr"],
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        assert check.returncode == 0, f"nginx -t refused the example:\n{output.read_text()}"
        with output.open("ab") as out:
            process = subprocess.Popen(
                [nginx, "-p", str(directory), "-c", str(main), "-e", "stderr"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_port(https, process, output)
            _wait_port(http, process, output)
            cert = directory / "cert.pem"
            yield Proxy(f"https://localhost:{https}", f"http://127.0.0.1:{http}", cert, server)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def test_sign_in_and_sync_through_nginx_over_https(proxy: Proxy) -> None:
    user = proxy.server.create_user()
    trust = ssl.create_default_context(cafile=str(proxy.cert))
    with httpx.Client(
        base_url=proxy.url, verify=trust, timeout=30, headers={"X-Helper-Protocol": "1"}
    ) as client:
        assert client.get("/api/v1/health").status_code == 200
        login = client.post(
            "/api/v1/auth/login",
            json={"username": user.username, "password": user.password, "device_id": "d"},
        )
        assert login.status_code == 200, login.text
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        ref = upload(client, os.urandom(200_000))  # streamed through (blob location)
        dossier = mutation(attachments=[ref])
        [result] = push(client, dossier)
        assert result["outcome"] == "applied", result
        feed = client.get("/api/v1/sync/changes", params={"since": 0})
        assert feed.status_code == 200, feed.text
        assert [c["dossier_id"] for c in feed.json()["changes"]] == [dossier["dossier_id"]]


def test_plain_http_only_redirects_to_https(proxy: Proxy) -> None:
    answer = httpx.get(f"{proxy.http_url}/api/v1/health", follow_redirects=False)
    assert answer.status_code == 301
    assert answer.headers["location"].startswith("https://")


def test_an_untrusted_certificate_is_refused(proxy: Proxy) -> None:
    """The client really checks TLS here (the test's trust is the generated certificate)."""
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{proxy.url}/api/v1/health", verify=ssl.create_default_context())
