"""Review app and decision log over real SQLite, through Starlette's test client."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from summary_audit.errors import ConfigError
from summary_audit.review.app import ReviewApp
from summary_audit.review.decisions import ReviewStore
from summary_audit.review.run_dir import load_run

from .review_support import BASE_URL, write_keyboard_run, write_listing_run, write_run

TOKEN = "Zq3-v8Jm_pL2xR7wN4kT9bYc"  # 24 URL-safe characters: 144 bits


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    write_run(tmp_path / "run")
    return tmp_path / "run"


def make_app(run_dir: Path, **kw: object) -> ReviewApp:
    kw.setdefault("default_reviewer", "Sgt. Ames")
    return ReviewApp(load_run(run_dir), ReviewStore(run_dir / "review.sqlite"), **kw)  # type: ignore[arg-type]


def client_for(app: ReviewApp, base_url: str = BASE_URL) -> TestClient:
    return TestClient(app.asgi(), base_url=base_url)


def _client(run_dir: Path, **kw: object) -> tuple[TestClient, ReviewStore]:
    app = make_app(run_dir, **kw)
    return client_for(app), app.store


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _flag_ids(html: str) -> list[str]:
    return re.findall(r'data-flag="([0-9a-f]+)"', html)


def _decide(
    client: TestClient, key: str, fid: str, csrf: str, decision: str, reason: str = "", **extra: str
):  # type: ignore[no-untyped-def]
    data = {"csrf": csrf, "decision": decision, "reason": reason, **extra}
    return client.post(f"/audit/{key}/flag/{fid}", data=data, follow_redirects=False)


# ----------------------------------------------------------------------------- run directory


def test_run_loader_orders_by_risk_and_skips_failed_and_truncated_lines(run_dir: Path) -> None:
    run = load_run(run_dir)
    assert [e.key for e in run.entries] == ["risky", "mild"]
    assert run.failed == 1


def _append(run_dir: Path, record: dict) -> None:
    with (run_dir / "audits.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("\n" + json.dumps(record) + "\n")


def test_when_an_audit_is_rerun_with_other_options_then_one_row_shows_the_latest(
    run_dir: Path,
) -> None:
    lines = (run_dir / "audits.jsonl").read_text(encoding="utf-8").splitlines()
    risky = json.loads(lines[0])
    again = {**risky, "key": "risky-v2"}
    again["report"] = {**risky["report"], "flags": risky["report"]["flags"][:1]}
    _append(run_dir, again)
    run = load_run(run_dir)
    assert [e.key for e in run.entries].count("risky-v2") == 1
    assert "risky" not in run.by_key and run.hidden_versions == 1
    client, _ = _client(run_dir)
    html = client.get("/?show=all").text
    assert html.count(">case-risky<") == 1
    assert "1 earlier version of these audits" in html
    assert "latest version of this audit" in client.get("/audit/risky-v2").text


def test_a_batch_rerun_with_other_rules_into_the_same_dir_never_shows_a_case_twice(
    tmp_path: Path,
) -> None:
    from summary_audit.batch import run_batch

    cases = Path(__file__).resolve().parent.parent / "fixtures"
    source = tmp_path / "cases"
    for name in ("01-speeding-stop", "03-domestic-call"):
        (source / name).mkdir(parents=True)
        for f in (cases / name).iterdir():
            (source / name / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "out"
    first = run_batch(source, out)
    with contextlib.suppress(ConfigError):  # the batch may refuse to mix rule sets
        run_batch(source, out, ignore=["SA4"])
    run = load_run(out)
    labels = [(e.case, e.summary_file) for e in run.entries]
    assert len(labels) == len(set(labels)) == first.run["counts"]["ok"]


# ----------------------------------------------------------------------------- queue


def test_queue_lists_audits_errors_first(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    html = client.get("/").text
    assert html.index("case-risky") < html.index("case-mild")


def test_queue_filters_by_family(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    html = client.get("/?family=SA1").text
    assert "case-risky" in html and "case-mild" not in html


def test_queue_shows_unreviewed_audits_by_default(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    page = client.get("/audit/mild").text
    [fid] = _flag_ids(page)
    assert _decide(client, "mild", fid, _csrf(page), "confirm").status_code == 303
    assert "case-mild" not in client.get("/").text
    assert "case-mild" in client.get("/?show=done").text
    assert "case-mild" in client.get("/?show=all").text


def test_queue_is_paginated(tmp_path: Path) -> None:
    write_run(tmp_path / "run", n_extra=118)  # 120 audits
    client, _ = _client(tmp_path / "run")
    first = client.get("/").text
    assert first.count("<tr class") == 50 and "Page 1 of 3" in first
    last = client.get("/?page=3").text
    assert last.count("<tr class") == 20 and 'id="next-page"' not in last
    assert (
        "Page 3 of 3" in client.get("/?page=999").text
        or "0 of 120" in client.get("/?page=999").text
    )


def test_audit_page_links_the_next_and_previous_audit_with_the_same_filters(tmp_path: Path) -> None:
    keys = write_keyboard_run(tmp_path / "run")
    client, _ = _client(tmp_path / "run")
    html = client.get(f"/audit/{keys[1]}?family=SA1").text
    assert f'id="prev-audit" href="/audit/{keys[0]}?family=SA1"' in html
    assert f'id="next-audit" href="/audit/{keys[2]}?family=SA1"' in html


# ----------------------------------------------------------------------------- decisions


def test_confirm_and_dismiss_are_recorded_and_shown(run_dir: Path) -> None:
    client, store = _client(run_dir)
    page = client.get("/audit/risky").text
    ids = _flag_ids(page)
    token = _csrf(page)
    r1 = _decide(client, "risky", ids[0], token, "confirm")
    r2 = _decide(client, "risky", ids[1], token, "dismiss", "he said nine")
    assert r1.status_code == r2.status_code == 303
    assert r1.headers["location"] == f"/audit/risky?done=1#flag-{ids[1]}"  # on to the next flag
    state = store.state_for("risky")
    assert {e.decision for e in state.values()} == {"confirm", "dismiss"}
    assert all(e.reviewer == "Sgt. Ames" for e in state.values())
    html = client.get("/audit/risky?done=2").text
    assert "he said nine" in html and "Recorded: <b>SA101 Dismissed</b>" in html


def test_the_reason_goes_with_the_decision_whose_form_it_is_in(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    html = client.get("/audit/risky").text
    forms = re.findall(r'<form class="decide".*?</form>', html)
    for form in forms:
        decision = re.search(r'name="decision" value="(\w+)"', form).group(1)
        buttons = re.findall(r"<button[^>]*>", form)
        assert len(buttons) == 1  # Enter in this form's field can only submit this decision
        assert form.count('name="decision"') == 1 and f'data-decision="{decision}"' in form
        assert ('name="reason"' in form) == (decision != "confirm")


def test_dismiss_without_reason_is_refused_inline_and_nothing_is_recorded(run_dir: Path) -> None:
    client, store = _client(run_dir)
    page = client.get("/audit/risky").text
    fid = _flag_ids(page)[0]
    r = _decide(client, "risky", fid, _csrf(page), "dismiss")
    assert r.status_code == 400 and not store.events()
    assert 'class="card-error"' in r.text and "needs a reason" in r.text
    assert "<h1>case-risky" in r.text  # the audit page itself, not a bare error page
    j = client.post(
        f"/audit/risky/flag/{fid}",
        data={"csrf": _csrf(page), "decision": "dismiss"},
        headers={"accept": "application/json"},
    )
    assert j.status_code == 400 and j.json()["error"] == "dismissing a flag needs a reason"


def test_deciding_before_choosing_a_name_is_refused_inline(run_dir: Path) -> None:
    client, store = _client(run_dir, default_reviewer="")
    page = client.get("/audit/risky").text
    assert 'id="who"' in page  # the name form is on the audit page too
    r = _decide(client, "risky", _flag_ids(page)[0], _csrf(page), "confirm", reviewer="Chief")
    assert r.status_code == 400 and "set a reviewer name" in r.text and not store.events()


def test_correction_supersedes_and_undo_restores_and_the_log_keeps_everything(
    run_dir: Path,
) -> None:
    client, store = _client(run_dir)
    page = client.get("/audit/risky").text
    fid, csrf = _flag_ids(page)[0], _csrf(page)
    _decide(client, "risky", fid, csrf, "confirm")
    _decide(client, "risky", fid, csrf, "dismiss", "audio says so")
    assert store.state_for("risky")[fid].decision == "dismiss"
    assert store.state_for("risky")[fid].supersedes == 1
    r = client.post("/undo/2", data={"csrf": csrf}, headers={"accept": "application/json"})
    assert r.json()["ok"] and "now Confirmed by Sgt. Ames" in r.json()["message"]
    assert store.state_for("risky")[fid].decision == "confirm"
    client.post("/undo/1", data={"csrf": csrf})
    assert fid not in store.state_for("risky")
    assert [(e.decision, e.supersedes) for e in store.events()] == [
        ("confirm", None),
        ("dismiss", 1),
        ("undo", 2),
        ("undo", 1),
    ]
    assert client.post("/undo/1", data={"csrf": csrf}).status_code == 400  # already undone
    assert "History (4 events)" in client.get("/audit/risky").text
    assert client.get("/export.csv").text.count("\n") == 1  # header only: nothing in effect


def test_json_answer_carries_the_new_card_and_the_next_undecided_flag(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    page = client.get("/audit/risky").text
    ids, csrf = _flag_ids(page), _csrf(page)
    r = client.post(
        f"/audit/risky/flag/{ids[0]}",
        data={"csrf": csrf, "decision": "follow_up", "reason": "ask the driver"},
        headers={"accept": "application/json"},
    ).json()
    assert r["ok"] and r["next"] == ids[1] and (r["decided"], r["total"]) == (1, 2)
    assert "Follow-up</b> by Sgt. Ames" in r["card_html"] and "ask the driver" in r["card_html"]


def test_store_is_append_only(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "r.sqlite")
    store.record(
        reviewer="a", audit_key="k", flag_id="f", flag_hash="h", code="SA101", decision="confirm"
    )
    conn = sqlite3.connect(tmp_path / "r.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE decision_log SET decision='dismiss'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM decision_log")


def test_tallies_follow_the_current_decisions(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "r.sqlite")
    common = dict(audit_key="k", flag_id="f", flag_hash="h", code="SA101")
    store.record(reviewer="a", decision="confirm", **common)
    store.record(reviewer="b", decision="dismiss", reason="audio says so", **common)
    tally = store.tallies()[0]
    assert (tally.confirmed, tally.dismissed, tally.observed_precision) == (0, 1, 0.0)


def test_derived_state_follows_another_process_writing_the_same_log(tmp_path: Path) -> None:
    mine, theirs = ReviewStore(tmp_path / "r.sqlite"), ReviewStore(tmp_path / "r.sqlite")
    theirs.record(
        reviewer="b", audit_key="k", flag_id="f", flag_hash="h", code="SA101", decision="confirm"
    )
    event = mine.record(
        reviewer="a",
        audit_key="k",
        flag_id="f",
        flag_hash="h",
        code="SA101",
        decision="dismiss",
        reason="no",
    )
    assert event.seq == 2 and event.supersedes == 1  # it saw the other process's decision
    assert theirs.state_for("k")["f"].reviewer == "a"
    assert mine.problems == [] and theirs.problems == []


def test_concurrent_reviewers_lose_no_decision_and_keep_one_chain(tmp_path: Path) -> None:
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
    store = ReviewStore(path)
    assert len(store.events()) == 200 and store.verify() == []


# ----------------------------------------------------------------------------- exports


def test_exports_read_alone_with_case_officer_flag_text_and_plain_decisions(run_dir: Path) -> None:
    import csv
    import io

    client, _ = _client(run_dir)
    page = client.get("/audit/risky").text
    ids, csrf = _flag_ids(page), _csrf(page)
    _decide(client, "risky", ids[0], csrf, "dismiss", '=HYPERLINK("x")')
    _decide(client, "risky", ids[1], csrf, "confirm")
    page = client.get("/audit/mild").text
    _decide(client, "mild", _flag_ids(page)[0], csrf, "follow_up", "ask the unit")
    text = client.get("/export.csv").text
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0])[:12] == [
        "case",
        "file",
        "officer",
        "unit",
        "code",
        "severity",
        "span_text",
        "message",
        "decision",
        "reason",
        "reviewer",
        "time",
    ]
    assert [(r["case"], r["code"], r["decision"]) for r in rows] == [
        ("case-risky", "SA403", "Dismissed"),
        ("case-risky", "SA101", "Confirmed"),
        ("case-mild", "SA406", "Follow-up"),
    ]
    first = rows[0]
    assert first["file"] == "summary.txt" and first["unit"] == "Patrol 2"
    assert first["span_text"] == "combative" and first["severity"] == "warning"
    assert first["reason"] == '\'=HYPERLINK("x")'  # no formula in a spreadsheet
    assert first["reviewer"] == "Sgt. Ames" and re.match(r"\d{4}-\d\d-\d\dT", first["time"])
    jsonl = [json.loads(line) for line in client.get("/export.jsonl").text.splitlines()]
    assert [r["decision"] for r in jsonl] == ["Dismissed", "Confirmed", "Follow-up"]
    assert jsonl[0]["reason"] == '=HYPERLINK("x")' and jsonl[0]["officer"].startswith(
        "Ofc. <script>"
    )
    log = client.get("/log.jsonl").text.splitlines()
    assert len(log) == 3 and all({"prev", "hash"} <= set(json.loads(x)) for x in log)


# ----------------------------------------------------------------------------- escaping, paths


def test_hostile_strings_are_escaped_everywhere(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    for url in ("/", "/audit/risky", "/stats"):
        html = client.get(url).text
        assert "<script>window.__pwned" not in html
        assert "<img src=x" not in html
        assert 'onmouseover="window.__pwned' not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in client.get("/audit/risky").text


def test_audit_ids_are_not_paths(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    assert client.get("/audit/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/audit/../audits.jsonl").status_code == 404


def test_the_transcript_comes_from_the_run_directory_not_the_source_file(run_dir: Path) -> None:
    (run_dir / "transcript.txt").unlink()  # the source is gone; the batch's parsed copy remains
    client, _ = _client(run_dir)
    html = client.get("/audit/risky").text
    assert 'id="seg-1"' in html and "Step out of the car please." in html
    assert '<mark class="ev" data-flags="' in html  # the evidence quote is marked in its segment


def test_a_log_from_the_first_schema_is_chained_once_and_left_in_place(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite"
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, reviewer TEXT,"
        " audit_key TEXT, flag_id TEXT, flag_hash TEXT, code TEXT, decision TEXT,"
        " reason TEXT, note TEXT)"
    )
    rows = [
        ("2026-01-05T14:03:11+00:00", "a", "k", "f", "h", "SA101", "confirm", "", ""),
        ("2026-01-05T14:04:00+00:00", "a", "k", "f", "h", "SA101", "note", "", "call back"),
        ("2026-01-05T14:05:00+00:00", "b", "k", "f", "h", "SA101", "dismiss", "audio", ""),
    ]
    conn.executemany("INSERT INTO events (at, reviewer, audit_key, flag_id, flag_hash, code,"
                     " decision, reason, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)  # fmt: skip
    conn.commit()
    store = ReviewStore(db)
    assert [(e.seq, e.decision, e.reviewer) for e in store.events()] == [
        (1, "confirm", "a"),
        (2, "dismiss", "b"),
    ]
    assert store.state_for("k")["f"].decision == "dismiss" and store.verify() == []
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 3
    assert len(ReviewStore(db).events()) == 2  # migrated once


def test_audit_page_lists_claims_by_source_escaped(run_dir: Path) -> None:
    client, _ = _client(run_dir)
    page = client.get("/audit/risky").text
    assert "<h2>Claims by source</h2>" in page
    assert "heard (said on the recording" in page and "cue: &quot;window.__pwned=2&quot;" in page
    assert "<script>" not in page.split("<h2>Claims by source</h2>", 1)[1]


# ----------------------------------------------------------------------------- listings


def test_listing_rules_come_from_the_registry() -> None:
    from summary_audit.review.run_dir import needs_decision
    from summary_audit.rules.registry import all_rules

    listings = {r.code for r in all_rules() if r.listing}
    assert {"SA611", "SA612", "SA613", "SA204", "SA607"} <= listings
    assert not needs_decision("SA611") and needs_decision("SA101")
    assert needs_decision("SA999")  # a code this version does not know: decided, never hidden


def test_an_audit_whose_flags_are_all_listings_has_nothing_to_decide(tmp_path: Path) -> None:
    write_listing_run(tmp_path / "run")
    client, store = _client(tmp_path / "run")
    queue = client.get("/").text
    assert "case-faithful" not in queue  # nothing to review in it
    assert "case-mixed" in queue and '<td class="progress">0/1</td>' in queue
    assert "1 flag to decide" in queue
    everything = client.get("/?show=all").text
    assert "nothing to decide (2 listings)" in everything

    page = client.get("/audit/faithful").text
    assert len(_flag_ids(page)) == 2  # the listings stay on the audit page
    assert page.count('class="flag sev-info listing"') == 2
    assert "Nothing to decide" in page and "2 listings (nothing to decide)" in page
    assert 'class="decide"' not in page
    listed = _flag_ids(page)[0]
    r = _decide(client, "faithful", listed, _csrf(page), "confirm")
    assert r.status_code == 400 and "is a listing" in r.text and not store.events()


def test_deciding_the_flags_to_decide_finishes_an_audit_that_also_has_listings(
    tmp_path: Path,
) -> None:
    write_listing_run(tmp_path / "run")
    client, _ = _client(tmp_path / "run")
    page = client.get("/audit/mixed").text
    _listing, error = _flag_ids(page)  # the listing comes first
    assert "0 of 1 flag decided" in page and "1 listing (nothing to decide)" in page
    r = client.post(
        f"/audit/mixed/flag/{error}",
        data={"csrf": _csrf(page), "decision": "confirm"},
        headers={"accept": "application/json"},
    ).json()
    assert r["ok"] and (r["decided"], r["total"], r["next"]) == (1, 1, "")  # not the listing
    assert "case-mixed" not in client.get("/").text
    done = client.get("/?show=done").text
    assert "case-mixed" in done and "case-faithful" not in done
    assert "<b>1</b> decided (100%)" in done
    rows = [json.loads(x) for x in client.get("/export.jsonl").text.splitlines()]
    assert [(x["code"], x["decision"]) for x in rows] == [("SA101", "Confirmed")]


def test_a_faithful_fixture_audit_flagged_only_with_claim_listings_is_not_in_the_queue(
    tmp_path: Path,
) -> None:
    """The report that prompted listings: a faithful summary whose only flags are SA611 claims
    for the officer's attestation showed as "0/4 reviewed" in the queue."""
    from summary_audit.batch import run_batch

    case = Path(__file__).resolve().parent.parent / "fixtures" / "09-consent-search-k9"
    source = tmp_path / "cases" / "09-consent-search-k9"
    source.mkdir(parents=True)
    transcript = next(case.glob("transcript.*"))
    (source / transcript.name).write_bytes(transcript.read_bytes())
    (source / "summary.faithful.txt").write_bytes((case / "summary.faithful.txt").read_bytes())
    run_batch(tmp_path / "cases", tmp_path / "run")
    [entry] = load_run(tmp_path / "run").entries
    codes = sorted({f.code for f in entry.report.flags})
    assert entry.total and codes == ["SA611"], f"the fixture's faithful audit changed: {codes}"
    client, _ = _client(tmp_path / "run")
    queue = client.get("/").text
    assert "Every audit that matches is reviewed" in queue and "0 flags to decide" in queue
    assert f"nothing to decide ({entry.total} listings)" in client.get("/?show=all").text
