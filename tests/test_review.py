"""Review app and store over real SQLite, through Starlette's test client."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from summary_audit.cli import main
from summary_audit.errors import ConfigError
from summary_audit.review.app import ReviewApp, check_binding
from summary_audit.review.decisions import ReviewStore
from summary_audit.review.run_dir import load_run

from .review_support import write_run


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    write_run(tmp_path / "run")
    return tmp_path / "run"


def _client(run_dir: Path, token: str | None = None) -> tuple[TestClient, ReviewStore]:
    store = ReviewStore(run_dir / "review.sqlite")
    app = ReviewApp(load_run(run_dir), store, token=token, default_reviewer="Sgt. Ames")
    return TestClient(app.asgi()), store


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_run_loader_orders_by_risk_and_skips_failed_and_truncated_lines(run_dir: Path) -> None:
    run = load_run(run_dir)
    assert [e.key for e in run.entries] == ["risky", "mild"]
    assert run.failed == 1


def test_queue_lists_audits_errors_first(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    html = client.get("/").text
    assert html.index("case-risky") < html.index("case-mild")


def test_queue_filters_by_family(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    html = client.get("/?family=SA1").text
    assert "case-risky" in html and "case-mild" not in html


def test_confirm_and_dismiss_are_recorded_and_shown(run_dir: Path) -> None:
    client, store = _client(run_dir)
    page = client.get("/audit/risky").text
    ids = re.findall(r'id="flag-([0-9a-f]+)"', page)
    token = _csrf(page)
    r1 = client.post(f"/audit/risky/flag/{ids[0]}", data={"csrf": token, "decision": "confirm"})
    r2 = client.post(
        f"/audit/risky/flag/{ids[1]}",
        data={"csrf": token, "decision": "dismiss", "reason": "he said nine"},
    )
    assert r1.status_code == r2.status_code == 200  # followed the 303 back to the page
    state = store.current("risky")
    assert {e.decision for e in state.values()} == {"confirm", "dismiss"}
    assert all(e.reviewer == "Sgt. Ames" for e in state.values())
    assert "he said nine" in client.get("/audit/risky").text


def test_dismiss_without_reason_is_refused(run_dir: Path) -> None:
    client, store = _client(run_dir)
    page = client.get("/audit/risky").text
    fid = re.findall(r'id="flag-([0-9a-f]+)"', page)[0]
    r = client.post(f"/audit/risky/flag/{fid}", data={"csrf": _csrf(page), "decision": "dismiss"})
    assert r.status_code == 400 and not store.events()


def test_post_without_csrf_token_is_refused(run_dir: Path) -> None:
    client, store = _client(run_dir)
    page = client.get("/audit/risky").text
    fid = re.findall(r'id="flag-([0-9a-f]+)"', page)[0]
    r = client.post(f"/audit/risky/flag/{fid}", data={"decision": "confirm"})
    assert r.status_code == 403
    r = client.post(f"/audit/risky/flag/{fid}", data={"csrf": "forged", "decision": "confirm"})
    assert r.status_code == 403 and not store.events()


def test_hostile_strings_are_escaped_everywhere(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    for url in ("/", "/audit/risky"):
        html = client.get(url).text
        assert "<script>window.__pwned" not in html
        assert "<img src=x" not in html
        assert 'onmouseover="window.__pwned' not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in client.get("/audit/risky").text


def test_audit_ids_are_not_paths(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    assert client.get("/audit/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/audit/../audits.jsonl").status_code == 404


def test_token_is_required_when_configured(run_dir: Path) -> None:
    client, _ = _client(run_dir, token="s3cret")
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong").status_code == 401
    assert client.get("/?token=s3cret").status_code == 200
    assert client.get("/").status_code == 200  # the cookie now carries it


def test_non_loopback_binding_without_token_refuses_to_start(run_dir: Path) -> None:
    with pytest.raises(ConfigError):
        check_binding("0.0.0.0", None)
    check_binding("0.0.0.0", "tok")
    check_binding("127.0.0.1", None)
    assert main(["review", str(run_dir), "--host", "0.0.0.0", "--token", ""]) == 2


def test_store_is_append_only(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "r.sqlite")
    store.record(
        reviewer="a", audit_key="k", flag_id="f", flag_hash="h", code="SA101", decision="confirm"
    )
    conn = sqlite3.connect(tmp_path / "r.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET decision='dismiss'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events")


def test_latest_decision_wins_and_history_is_kept(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "r.sqlite")
    common = dict(audit_key="k", flag_id="f", flag_hash="h", code="SA101")
    store.record(reviewer="a", decision="confirm", **common)
    store.record(reviewer="b", decision="dismiss", reason="audio says so", **common)
    assert store.current()[("k", "f")].decision == "dismiss"
    assert [e.decision for e in store.events()] == ["confirm", "dismiss"]
    tally = store.tallies()[0]
    assert (tally.confirmed, tally.dismissed, tally.observed_precision) == (0, 1, 0.0)


def test_concurrent_reviewers_lose_no_decision(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    ReviewStore(path)

    def reviewer(name: str) -> None:
        store = ReviewStore(path)
        for i in range(50):
            store.record(
                reviewer=name,
                audit_key="k",
                flag_id=f"{name}{i}",
                flag_hash="h",
                code="SA101",
                decision="confirm",
            )

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in ("a", "b", "c", "d")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ReviewStore(path).events()) == 200


def test_exports_contain_every_event_and_neutralise_formulas(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "r.sqlite")
    store.record(
        reviewer="a",
        audit_key="k",
        flag_id="f",
        flag_hash="h",
        code="SA101",
        decision="dismiss",
        reason='=HYPERLINK("x")',
    )
    assert '"decision": "dismiss"' in store.export_jsonl()
    csv_text = store.export_csv()
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text
