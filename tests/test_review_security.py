"""Hardening of the review app: tokens, Host, CSRF, sessions, identity, CSP and the chained log.

Each test names the attack it stands for.  Everything runs against the real app and real SQLite.
"""

from __future__ import annotations

import gc
import re
import sqlite3
import stat
import sys
import types
from pathlib import Path

import pytest

pytest.importorskip("starlette")

from summary_audit.cli import main
from summary_audit.errors import ConfigError
from summary_audit.review.access import check_binding, check_token
from summary_audit.review.app import SESSION_COOKIE, ReviewApp
from summary_audit.review.decisions import ReviewStore
from summary_audit.review.run_dir import load_run
from summary_audit.review.serve import prepare

from .review_support import write_run
from .test_review import TOKEN, Clock, _csrf, _decide, _flag_ids, client_for, make_app


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    write_run(tmp_path / "run")
    return tmp_path / "run"


def _decision_allowed(client, csrf_value: str) -> int:  # type: ignore[no-untyped-def]
    page = client.get("/audit/risky").text
    fid = _flag_ids(page)[0]
    r = client.post(
        f"/audit/risky/flag/{fid}",
        content=f"csrf={csrf_value}&decision=confirm".encode("utf-8", "surrogateescape"),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    return r.status_code


# ----------------------------------------------------------------------------- malformed input


@pytest.mark.parametrize(
    "csrf",
    ["", "forged", "%C3%A9t%C3%A9", "%FF%FE", "é" * 40, "x" * 5000, "%00"],
    ids=["empty", "forged", "non-ascii", "invalid-utf8", "raw-unicode", "huge", "nul"],
)
def test_when_the_csrf_value_is_malformed_then_403_or_400_never_500(
    run_dir: Path, csrf: str
) -> None:
    app = make_app(run_dir)
    client = client_for(app)
    assert _decision_allowed(client, csrf) in (400, 403)
    assert app.store.events() == []


def test_when_the_form_is_not_a_form_then_4xx(run_dir: Path) -> None:
    client = client_for(make_app(run_dir))
    page = client.get("/audit/risky").text
    url = f"/audit/risky/flag/{_flag_ids(page)[0]}"
    assert (
        client.post(url, content=b"{}", headers={"content-type": "application/json"}).status_code
        == 415
    )
    big = b"csrf=" + b"a" * 20000
    headers = {"content-type": "application/x-www-form-urlencoded"}
    assert client.post(url, content=big, headers=headers).status_code == 413
    bad = b"csrf=\xff\xfe&decision=confirm"
    assert client.post(url, content=bad, headers=headers).status_code == 400


@pytest.mark.parametrize(
    "offered",
    ["é" * 30, "x", " ", TOKEN + "é", "\u202e" + TOKEN, "%FF" * 30, TOKEN[:-1]],
    ids=["non-ascii", "short", "space", "suffix", "bidi", "percent", "near-miss"],
)
def test_when_a_token_is_malformed_anywhere_then_401_or_403_never_500(
    run_dir: Path, offered: str
) -> None:
    client = client_for(make_app(run_dir, token=TOKEN))
    assert client.get("/", params={"token": offered}).status_code == 401
    raw = offered.encode("utf-8")
    assert client.get("/", headers={"authorization": b"Bearer " + raw}).status_code == 401
    assert (
        client.get("/", headers={"cookie": SESSION_COOKIE.encode() + b"=" + raw}).status_code == 401
    )
    login = client.get("/login").text
    r = client.post("/login", data={"csrf": _csrf(login), "token": offered})
    assert r.status_code == 403 and "not right" in r.text


def test_the_token_never_reaches_a_url_or_a_cookie(run_dir: Path) -> None:
    client = client_for(make_app(run_dir, token=TOKEN))
    assert client.get(f"/?token={TOKEN}").status_code == 401  # not accepted in URLs at all
    login = client.get("/").text  # the sign-in page, 401
    assert "Access token" in login
    r = client.post("/login", data={"csrf": _csrf(login), "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303
    cookie = client.cookies.get(SESSION_COOKIE)
    assert cookie and TOKEN not in cookie and TOKEN not in r.headers.get("set-cookie", "")
    assert client.get("/").status_code == 200
    assert (
        client_for(make_app(run_dir, token=TOKEN))
        .get("/", headers={"authorization": f"Bearer {TOKEN}"})
        .status_code
        == 200
    )


def test_a_changed_token_signs_everyone_out(run_dir: Path) -> None:
    app = make_app(run_dir, token=TOKEN)
    client = client_for(app)
    login = client.get("/").text
    client.post("/login", data={"csrf": _csrf(login), "token": TOKEN})
    assert client.get("/").status_code == 200
    other = client_for(make_app(run_dir, token=TOKEN[::-1] + "Q"))
    other.cookies = client.cookies
    assert other.get("/").status_code == 401


@pytest.mark.parametrize("weak", ["x", " ", "a" * 40, "short-token-123", "é" * 30, "tok en" * 5])
def test_weak_tokens_are_refused_at_start(weak: str) -> None:
    with pytest.raises(ConfigError) as err:
        check_token(weak)
    assert weak.strip() not in str(err.value) or len(weak.strip()) < 2  # never echoed


def test_beyond_loopback_a_token_is_generated_saved_privately_and_not_printed(
    run_dir: Path,
) -> None:
    prepared = prepare(run_dir, run_dir / "review.sqlite", host="0.0.0.0", port=0)
    try:
        token_file = run_dir / "review.token"
        token = token_file.read_text().strip()
        assert len(token) >= 43  # 256 bits
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        banner = "\n".join(prepared.banner())
        assert token not in banner and token[:8] not in banner and "review.token" in banner
        assert prepared.app.token == token  # type: ignore[attr-defined]
    finally:
        prepared.sock.close()


def test_non_loopback_binding_needs_a_token() -> None:
    with pytest.raises(ConfigError):
        check_binding("0.0.0.0", None)
    check_binding("0.0.0.0", TOKEN)
    check_binding("127.0.0.1", None)


# ----------------------------------------------------------------------------- Host, Origin


@pytest.mark.parametrize(
    "host", ["evil.example", "127.0.0.1.evil.example", "localhost:9999", "", "127.0.0.2"]
)
def test_when_the_host_header_is_not_the_bound_address_then_400(run_dir: Path, host: str) -> None:
    client = client_for(make_app(run_dir))
    assert client.get("/", headers={"host": host}).status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "localhost", "[::1]:8765"])
def test_loopback_names_are_accepted(run_dir: Path, host: str) -> None:
    client = client_for(make_app(run_dir))
    assert client.get("/", headers={"host": host}).status_code == 200


def test_allowed_host_admits_a_reverse_proxy_name(run_dir: Path) -> None:
    app = make_app(run_dir, extra_hosts=("review.agency.example",))
    assert client_for(app).get("/", headers={"host": "review.agency.example"}).status_code == 200


@pytest.mark.parametrize(
    "origin", [b"null", b"http://[bad", b"http://127.0.0.1:8765.evil", "http://\u00e9.x".encode()]
)
def test_a_malformed_origin_is_403_not_500(run_dir: Path, origin: bytes) -> None:
    client = client_for(make_app(run_dir))
    page = client.get("/audit/risky").text
    url = f"/audit/risky/flag/{_flag_ids(page)[0]}"
    data = {"csrf": _csrf(page), "decision": "confirm"}
    assert client.post(url, data=data, headers={"origin": origin}).status_code == 403


@pytest.mark.parametrize("host", [b"\xc3\xa9", b"127.0.0.1:8765\x00", b"[::1", b"a" * 5000])
def test_a_malformed_host_is_400_not_500(run_dir: Path, host: bytes) -> None:
    assert client_for(make_app(run_dir)).get("/", headers={"host": host}).status_code == 400


def test_a_cross_origin_post_is_refused(run_dir: Path) -> None:
    app = make_app(run_dir)
    client = client_for(app)
    page = client.get("/audit/risky").text
    fid, csrf = _flag_ids(page)[0], _csrf(page)
    r = client.post(
        f"/audit/risky/flag/{fid}",
        data={"csrf": csrf, "decision": "confirm"},
        headers={"origin": "http://evil.example"},
    )
    assert r.status_code == 403 and not app.store.events()


# ----------------------------------------------------------------------------- cookies, CSP


def test_cookies_are_secure_over_tls_and_httponly_strict_always(run_dir: Path) -> None:
    app = make_app(run_dir)
    https = client_for(app, "https://127.0.0.1:8765").get("/").headers["set-cookie"]
    plain = client_for(app).get("/").headers["set-cookie"]
    assert "Secure" in https and "Secure" not in plain
    for header in (https, plain):
        assert "HttpOnly" in header and "SameSite=strict" in header


def test_no_inline_script_or_style_anywhere(run_dir: Path) -> None:
    client = client_for(make_app(run_dir))
    csp = client.get("/").headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    for url in ("/", "/audit/risky", "/stats", "/integrity"):
        html = client.get(url).text
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        assert not [a for a in _attribute_names(html) if a.startswith("on") or a == "style"]


def _attribute_names(html: str) -> list[str]:
    from html.parser import HTMLParser

    names: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names.extend(name for name, _ in attrs)

    Collect().feed(html)
    return names


# ----------------------------------------------------------------------------- sessions


def _session_id(client) -> str:  # type: ignore[no-untyped-def]
    return client.cookies.get(SESSION_COOKIE, "")


def test_a_session_survives_a_restart(run_dir: Path) -> None:
    first = client_for(make_app(run_dir, default_reviewer=""))
    page = first.get("/").text
    first.post("/reviewer", data={"csrf": _csrf(page), "reviewer": "Det. Okafor"})
    restarted = client_for(make_app(run_dir, default_reviewer=""))  # a new process, same run
    restarted.cookies = first.cookies
    page = restarted.get("/audit/risky").text
    assert "Reviewing as <b>Det. Okafor</b>" in page
    assert (
        _decide(restarted, "risky", _flag_ids(page)[0], _csrf(page), "confirm").status_code == 303
    )


def test_sessions_expire(run_dir: Path) -> None:
    clock = Clock()
    client = client_for(make_app(run_dir, default_reviewer="", clock=clock, session_max_age=3600))
    page = client.get("/").text
    client.post("/reviewer", data={"csrf": _csrf(page), "reviewer": "Det. Okafor"})
    assert "Det. Okafor" in client.get("/").text
    clock.now += 3601
    assert "Det. Okafor" not in client.get("/").text


def test_setting_a_name_rotates_the_session_and_its_csrf_token(run_dir: Path) -> None:
    client = client_for(make_app(run_dir, default_reviewer=""))
    page = client.get("/audit/risky").text
    before_cookie, before_csrf = _session_id(client), _csrf(page)
    client.post("/reviewer", data={"csrf": before_csrf, "reviewer": "Det. Okafor"})
    assert _session_id(client) != before_cookie
    assert _decision_allowed(client, before_csrf) == 403  # the old session's token is dead
    assert _decision_allowed(client, _csrf(client.get("/audit/risky").text)) == 303


def test_a_forged_or_edited_session_cookie_is_ignored(run_dir: Path) -> None:
    client = client_for(make_app(run_dir, default_reviewer=""))
    page = client.get("/").text
    client.post("/reviewer", data={"csrf": _csrf(page), "reviewer": "Det. Okafor"})
    body, sig = _session_id(client).split(".")
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload[1] = "Chief Of Police"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, f"{forged}.{sig}")
    html = client.get("/").text
    assert "Chief Of Police" not in html and 'id="who"' in html


def test_the_server_keeps_nothing_per_visitor(run_dir: Path) -> None:
    """60,000 cookie-less requests once grew the process by 15 MB; sessions are now cookies, so
    2,000 new visitors leave no object behind (any per-session record would add 2,000+)."""
    client = client_for(make_app(run_dir)).__enter__()  # one event loop for every request

    def visit(n: int) -> None:
        for _ in range(n):
            response = client.get("/favicon.ico")
            assert SESSION_COOKIE in response.headers["set-cookie"]  # a new session each time
            client.cookies.clear()

    visit(200)  # warm up caches
    gc.collect()
    before = len(gc.get_objects())
    visit(2000)
    gc.collect()
    grown = len(gc.get_objects()) - before
    client.__exit__(None, None, None)
    assert grown < 500


# ----------------------------------------------------------------------------- identity


def test_the_name_comes_from_the_session_never_the_form(run_dir: Path) -> None:
    app = make_app(run_dir)
    client = client_for(app)
    page = client.get("/audit/risky").text
    _decide(client, "risky", _flag_ids(page)[0], _csrf(page), "confirm", reviewer="Chief Of Police")
    assert [e.reviewer for e in app.store.events()] == ["Sgt. Ames"]


def test_a_session_name_is_fixed_until_the_reviewer_switches(run_dir: Path) -> None:
    client = client_for(make_app(run_dir))
    page = client.get("/").text
    r = client.post("/reviewer", data={"csrf": _csrf(page), "reviewer": "Chief"})
    assert r.status_code == 409
    client.post("/signout", data={"csrf": _csrf(page)})
    page = client.get("/").text
    assert 'id="who"' in page
    client.post("/reviewer", data={"csrf": _csrf(page), "reviewer": "Det. Okafor"})
    assert "Reviewing as <b>Det. Okafor</b>" in client.get("/").text


@pytest.mark.parametrize("name", ["Chief Of Police" * 400, "x" * 81, "Ames\x00", "\x1b[31mred"])
def test_names_are_length_limited_and_plain(run_dir: Path, name: str) -> None:
    client = client_for(make_app(run_dir, default_reviewer=""))
    page = client.get("/").text
    r = client.post("/reviewer", data={"csrf": _csrf(page), "reviewer": name})
    assert r.status_code == 400 and 'id="who"' in client.get("/").text


def test_reasons_are_length_limited(run_dir: Path) -> None:
    app = make_app(run_dir)
    client = client_for(app)
    page = client.get("/audit/risky").text
    r = _decide(client, "risky", _flag_ids(page)[0], _csrf(page), "dismiss", "r" * 1001)
    assert r.status_code == 400 and "limit is 1000" in r.text and not app.store.events()


def test_a_reverse_proxy_header_names_the_reviewer(run_dir: Path) -> None:
    from summary_audit.review.access import parse_auth

    app = make_app(run_dir, identity=parse_auth("header:X-Remote-User"), default_reviewer="")
    client = client_for(app)
    assert client.get("/").status_code == 401  # the proxy must name someone
    headers = {"x-remote-user": "jdoe@agency.example"}
    page = client.get("/audit/risky", headers=headers).text
    assert "Signed in as <b>jdoe@agency.example</b>" in page and 'id="who"' not in page
    data = {"csrf": _csrf(page), "decision": "confirm", "reviewer": "Chief"}
    client.post(f"/audit/risky/flag/{_flag_ids(page)[0]}", data=data, headers=headers)
    assert [e.reviewer for e in app.store.events()] == ["jdoe@agency.example"]
    r = client.post("/reviewer", data={"csrf": _csrf(page), "reviewer": "x"}, headers=headers)
    assert r.status_code == 403
    assert client.get("/static/report.css").status_code == 200  # public, no identity needed
    assert client.get("/", headers={"x-remote-user": "y" * 500}).status_code == 403


def test_an_auth_hook_names_the_reviewer(run_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summary_audit.review.access import parse_auth

    module = types.ModuleType("agency_sso")
    module.identify = lambda headers: {"ticket-1": "Lt. Ruiz"}.get(headers.get("x-ticket", ""))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "agency_sso", module)
    client = client_for(make_app(run_dir, identity=parse_auth("hook:agency_sso:identify")))
    assert client.get("/", headers={"x-ticket": "nope"}).status_code == 401
    assert "Lt. Ruiz" in client.get("/", headers={"x-ticket": "ticket-1"}).text
    with pytest.raises(ConfigError):
        parse_auth("hook:agency_sso:missing")


# ----------------------------------------------------------------------------- chained log


def _store_with_decisions(path: Path, n: int = 4) -> ReviewStore:
    store = ReviewStore(path)
    for i in range(n):
        store.record(
            reviewer="Sgt. Ames",
            audit_key="risky",
            flag_id=f"f{i}",
            flag_hash="h",
            code="SA101",
            decision="confirm",
        )
    store.close()
    return store


def _tamper(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER decision_log_no_update")
    conn.execute("DROP TRIGGER decision_log_no_delete")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("UPDATE decision_log SET reviewer = 'Ghost' WHERE seq = 2", "event #2 fails"),
        (
            "UPDATE decision_log SET decision = 'dismiss', reason = 'x' WHERE seq = 3",
            "event #3 fails",
        ),
        ("DELETE FROM decision_log WHERE seq = 2", "#2 are missing"),
        ("DELETE FROM decision_log WHERE seq = 4", "event #4 was recorded but is no longer"),
        (
            "INSERT INTO decision_log SELECT 5, '2020-01-01T00:00:00+00:00', 'Ghost', '', "
            "audit_key, 'f9', flag_hash, code, 'confirm', '', NULL, hash, hash "
            "FROM decision_log WHERE seq = 4",
            "event #5 fails",
        ),
    ],
    ids=["update-reviewer", "update-decision", "delete-middle", "delete-last", "backdated-insert"],
)
def test_an_out_of_band_edit_of_the_log_is_detected_and_shown(
    run_dir: Path, edit: str, expected: str
) -> None:
    db = run_dir / "review.sqlite"
    _store_with_decisions(db)
    _tamper(db, edit)
    app = make_app(run_dir)
    problems = [p.message for p in app.store.problems]
    assert any(expected in m for m in problems), problems
    assert any("triggers had been removed" in m for m in problems)
    client = client_for(app)
    assert "fails its integrity check" in client.get("/").text  # a banner on every page
    assert expected in client.get("/integrity").text
    assert main(["review", str(run_dir), "--verify"]) == 1


def test_an_edit_while_the_server_runs_is_reported_at_once(run_dir: Path) -> None:
    db = run_dir / "review.sqlite"
    app = make_app(run_dir)
    client = client_for(app)
    page = client.get("/audit/risky").text
    _decide(client, "risky", _flag_ids(page)[0], _csrf(page), "confirm")
    assert "fails its integrity check" not in client.get("/").text
    _tamper(db, "UPDATE decision_log SET reviewer = 'Ghost' WHERE seq = 1")
    assert "fails its integrity check" in client.get("/").text


def test_an_intact_log_verifies(run_dir: Path) -> None:
    _store_with_decisions(run_dir / "review.sqlite")
    assert main(["review", str(run_dir), "--verify"]) == 0
    assert "Intact: 4 events" in client_for(make_app(run_dir)).get("/integrity").text


def test_a_log_without_its_key_cannot_be_verified_and_says_so(run_dir: Path) -> None:
    _store_with_decisions(run_dir / "review.sqlite")
    (run_dir / "review.key").unlink()
    store = ReviewStore(run_dir / "review.sqlite")
    assert any("key file review.key was missing" in p.message for p in store.problems)


# ----------------------------------------------------------------------------- failing to start


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("summary-audit: error: ")
    return err


def test_a_busy_port_is_one_line_and_exit_2(
    run_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["review", str(run_dir), "--port", str(port)]) == 2
    assert "address already in use" in _one_line_error(capsys).lower()


@pytest.mark.parametrize("what", ["missing", "a-file", "no-audits", "audits-is-a-dir"])
def test_an_unreadable_run_dir_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    target = tmp_path / "run"
    if what == "a-file":
        target.write_text("x")
    elif what == "no-audits":
        target.mkdir()
    elif what == "audits-is-a-dir":
        (target / "audits.jsonl").mkdir(parents=True)
    assert main(["review", str(target), "--port", "0"]) == 2
    _one_line_error(capsys)


def test_a_missing_extra_is_one_line_and_exit_2(
    run_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["review", str(run_dir), "--port", "0"]) == 2
    assert "'ui' extra" in _one_line_error(capsys)


@pytest.mark.parametrize(
    "args",
    [
        ["--auth", "kerberos"],
        ["--certfile", "nope.pem"],
        ["--session-hours", "0"],
        ["--host", "0.0.0.0", "--token-file", "missing-file"],
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    run_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert main(["review", str(run_dir), "--port", "0", *args]) == 2
    _one_line_error(capsys)


def test_a_weak_token_from_the_environment_is_refused(
    run_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARY_AUDIT_REVIEW_TOKEN", "x")
    assert main(["review", str(run_dir), "--port", "0"]) == 2
    assert "too weak" in _one_line_error(capsys)


def test_the_loaded_run_is_unchanged_by_review(run_dir: Path) -> None:
    before = (run_dir / "audits.jsonl").read_bytes()
    ReviewApp(load_run(run_dir), ReviewStore(run_dir / "review.sqlite"))
    assert (run_dir / "audits.jsonl").read_bytes() == before


def test_over_real_tls_the_session_cookie_is_secure(run_dir: Path, tmp_path: Path) -> None:
    """A self-signed certificate, the CLI's own start-up path, a real HTTPS request."""
    import shutil
    import subprocess
    import threading
    import time

    import httpx

    from summary_audit.review.serve import serve

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    prepared = prepare(
        run_dir, run_dir / "review.sqlite", port=0, certfile=str(cert), keyfile=str(key)
    )
    assert prepared.url.startswith("https://127.0.0.1:")
    thread = threading.Thread(target=serve, args=(prepared,), daemon=True)
    thread.start()
    try:
        for _ in range(100):
            try:
                response = httpx.get(prepared.url, verify=False, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert response.status_code == 200
        cookie = response.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
        plain = prepared.url.replace("https://", "http://")
        with pytest.raises(httpx.TransportError):
            httpx.get(plain, timeout=2)  # no plain-HTTP fallback on the TLS port
    finally:
        if prepared.server is not None:
            prepared.server.should_exit = True
        thread.join(timeout=5)
        prepared.sock.close()


def test_no_request_makes_the_server_fail(run_dir: Path) -> None:
    """Random paths, queries, cookies, bodies and tokens: answered, never a 500."""
    from urllib.parse import quote_from_bytes

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    app = make_app(run_dir, token=TOKEN)
    client = client_for(app).__enter__()
    login = client.get("/login").text
    client.post("/login", data={"csrf": _csrf(login), "token": TOKEN})
    paths = st.sampled_from(
        ["/", "/audit/risky", "/audit/risky/flag/x", "/undo/1", "/undo/99999999999999",
         "/reviewer", "/signout", "/login", "/stats", "/export.csv", "/export.xml",
         "/static/review.js", "/static/../x", "/integrity", "/log.jsonl", "/%00", "/audit/%ff"]
    )  # fmt: skip
    junk = st.binary(max_size=300)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(paths, junk, junk, junk, st.sampled_from(["GET", "POST"]), st.booleans())
    def check(path: str, query: bytes, cookie: bytes, body: bytes, method: str, form: bool) -> None:
        headers = {"cookie": SESSION_COOKIE.encode() + b"=" + cookie.replace(b";", b"")}
        if form:
            headers["content-type"] = b"application/x-www-form-urlencoded"
        url = path + "?" + quote_from_bytes(query, safe="=&%+;,/?")
        r = client.request(method, url, content=body if method == "POST" else None, headers=headers)
        assert r.status_code < 500, (path, r.status_code, r.text[:200])

    try:
        check()
    finally:
        client.__exit__(None, None, None)
