"""Console sign-in, session cookie, sign-out, CSRF, and the volunteer refusal, over real HTTP."""

from __future__ import annotations

from tests.helper_server.console.desk import console_client, csrf_of, sign_in
from tests.helper_server.world import Ward, submitted
from tests.helpers.app_server import AppServer


def test_pages_need_a_session(server: AppServer) -> None:
    with console_client(server) as client:
        for path in ("/console/dossiers", "/console/figures", "/console/dossiers.csv"):
            answer = client.get(path)
            assert answer.status_code == 303 and answer.headers["location"] == "/console/login"
        assert client.get("/console/").headers["location"] == "/console/dossiers"


def test_session_cookie_is_httponly_strict_and_a_revocable_token(
    server: AppServer, ward: Ward
) -> None:
    client = sign_in(server, ward.officer)
    cookie = next(h for h in client.cookies.jar if h.name == "helper_console")
    assert cookie.has_nonstandard_attr("HttpOnly")
    page = client.get("/console/dossiers")
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    stolen = cookie.value
    assert stolen
    out = client.post("/console/logout", data={"csrf": csrf_of(page.text)})
    assert out.status_code == 303 and out.headers["location"] == "/console/login?out=1"
    # the old cookie value is dead: revoked server-side, not only forgotten by the browser
    with console_client(server) as replay:
        replay.cookies.set("helper_console", stolen, path="/console")
        again = replay.get("/console/dossiers")
        assert again.status_code == 303 and again.headers["location"] == "/console/login?expired=1"
    # ... and as a bearer token on the API too
    api = server.browser().get("/api/v1/auth/me", headers={"Authorization": f"Bearer {stolen}"})
    assert api.json()["code"] == "auth.token_revoked"


def test_login_set_cookie_flags(server: AppServer, ward: Ward) -> None:
    with console_client(server) as client:
        page = client.get("/console/login")
        answer = client.post(
            "/console/login",
            data={
                "username": ward.officer.username,
                "password": ward.officer.password,
                "csrf": csrf_of(page.text),
            },
        )
        header = next(
            v
            for k, v in answer.headers.multi_items()
            if k == "set-cookie" and v.startswith("helper_console=")
        )
        assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/console" in header
        assert "Secure" not in header  # plain http on loopback; https would add it


def test_wrong_password_and_unknown_user_read_the_same(server: AppServer, ward: Ward) -> None:
    with console_client(server) as client:
        answers = []
        for name in (ward.officer.username, "nobody-here"):
            page = client.get("/console/login")
            answers.append(
                client.post(
                    "/console/login",
                    data={
                        "username": name,
                        "password": "wrong-password",
                        "csrf": csrf_of(page.text),
                    },
                )
            )
        assert [a.status_code for a in answers] == [401, 401]
        assert all("Sai tên đăng nhập hoặc mật khẩu." in a.text for a in answers)
        assert "helper_console" not in client.cookies


def test_login_without_the_double_submit_token_is_refused(server: AppServer, ward: Ward) -> None:
    data = {"username": ward.officer.username, "password": ward.officer.password}
    with console_client(server) as client:
        no_cookie = client.post("/console/login", data={**data, "csrf": "x" * 43})
        assert no_cookie.status_code == 403 and "mã chống giả mạo" in no_cookie.text
        client.get("/console/login")
        wrong = client.post("/console/login", data={**data, "csrf": "y" * 43})
        assert wrong.status_code == 403
        assert "helper_console" not in client.cookies


def test_volunteer_gets_a_refusal_page_and_no_session(server: AppServer, ward: Ward) -> None:
    with console_client(server) as client:
        page = client.get("/console/login?lang=en")
        answer = client.post(
            "/console/login",
            data={
                "username": ward.volunteer.username,
                "password": ward.volunteer.password,
                "csrf": csrf_of(page.text),
            },
        )
        assert answer.status_code == 403
        assert "Volunteer accounts cannot use the officer console" in answer.text
        assert "helper_console" not in client.cookies
    # a volunteer's API token put into the cookie by hand is refused too
    token = server.login(ward.volunteer)
    with console_client(server) as client:
        client.cookies.set("helper_console", token, path="/console")
        refused = client.get("/console/dossiers")
        assert refused.status_code == 403 and "tình nguyện viên" in refused.text


def test_every_post_checks_the_csrf_token(server: AppServer, ward: Ward) -> None:
    dossier_id, rev = submitted(ward)
    client = sign_in(server, ward.officer)
    good = csrf_of(client.get(f"/console/dossiers/{dossier_id}").text)
    posts = [
        (f"/console/dossiers/{dossier_id}/status", {"action": "receive", "base_rev": str(rev)}),
        (f"/console/dossiers/{dossier_id}/edit", {"field": "phone", "value": "", "base_rev": "1"}),
        ("/console/logout", {}),
    ]
    for path, data in posts:
        for token in (None, "", good[:-1] + ("0" if good[-1] != "0" else "1")):
            body = dict(data) if token is None else {**data, "csrf": token}
            answer = client.post(path, data=body)
            assert answer.status_code == 403, (path, token, answer.status_code)
    # nothing happened: still submitted, and still signed in
    assert ward.off.get(f"/api/v1/officer/dossiers/{dossier_id}").json()["status"] == "submitted"
    assert client.get("/console/dossiers").status_code == 200
    client.close()


def test_language_switch_is_remembered(server: AppServer, ward: Ward) -> None:
    client = sign_in(server, ward.officer)
    assert "Hồ sơ của phường/xã" in client.get("/console/dossiers").text
    assert "The ward&#39;s dossiers" in client.get("/console/dossiers?lang=en").text
    assert "The ward&#39;s dossiers" in client.get("/console/dossiers").text
    assert "Hồ sơ của phường/xã" in client.get("/console/dossiers?lang=vi").text
    client.close()
