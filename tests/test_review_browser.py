"""The review app in a real browser: headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .review_support import write_run

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _require(condition: bool, reason: str) -> None:
    # In CI a missing browser is a failure, not a skip: the browser tests must run there.
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    pytest.importorskip("uvicorn")
    import uvicorn

    from summary_audit.review.app import ReviewApp
    from summary_audit.review.decisions import ReviewStore
    from summary_audit.review.run_dir import load_run

    write_run(tmp_path / "run")
    app = ReviewApp(load_run(tmp_path / "run"), ReviewStore(tmp_path / "run" / "review.sqlite"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app.asgi(), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def page(tmp_path: Path):  # type: ignore[no-untyped-def]
    _require(
        Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser.new_page()
        browser.close()


def test_reviewer_confirms_and_dismisses_and_decisions_persist(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    page.fill("form.reviewer input[name=reviewer]", "Sgt. Ames")
    page.click("form.reviewer button")
    assert "Sgt. Ames" in page.inner_text("header")
    page.click("text=case-risky / summary.txt")
    flags = page.locator("article.flag")
    assert flags.count() == 2
    flags.nth(0).locator("button[value=confirm]").click()
    page.wait_for_load_state()
    flags = page.locator("article.flag")
    flags.nth(1).locator("input[name=reason]").fill("the driver did say nine")
    flags.nth(1).locator("button[value=dismiss]").click()
    page.wait_for_load_state()
    page.reload()
    statuses = page.locator("article.flag .status").all_inner_texts()
    assert statuses[0].startswith("Confirm by Sgt. Ames")
    assert statuses[1] == "Dismiss by Sgt. Ames: the driver did say nine"
    exported = page.request.get(server + "/export.jsonl").text()
    assert exported.count("\n") == 2 and "the driver did say nine" in exported
    page.goto(server + "/stats")
    assert "SA101" in page.inner_text("table") and "SA403" in page.inner_text("table")


def test_keyboard_shortcuts_move_between_flags_and_confirm(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    page.fill("form.reviewer input[name=reviewer]", "Det. Okafor")
    page.click("form.reviewer button")
    page.goto(server + "/audit/risky")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.n") == "1"
    page.keyboard.press("c")
    page.wait_for_load_state()
    assert "Confirm by" in page.locator("article.flag .status").nth(1).inner_text()


def test_injected_markup_stays_inert(server: str, page) -> None:  # type: ignore[no-untyped-def]
    for url in ("/", "/audit/risky"):
        page.goto(server + url)
        if url != "/":
            page.hover("mark")
        assert page.evaluate("window.__pwned === undefined")
        assert page.locator("script:not(:last-of-type)").count() <= 1
    assert "<script>window.__pwned=1</script>" in page.inner_text(".transcript")
