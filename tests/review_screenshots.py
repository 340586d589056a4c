"""Screenshots of the review app (queue, audit, rule precision) on the fixture cases.

``python -m tests.review_screenshots [OUT_DIR]`` writes them (default: ``docs/``, which keeps
``review-audit.png`` for the README), reduced to 128 colours when Pillow is installed so the
committed image stays small; the browser tests take them too, into a temporary folder.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = (
    "01-speeding-stop", "02-dui-field-sobriety", "03-domestic-call", "04-shoplifting",
    "05-welfare-check", "06-foot-pursuit", "07-taser-use-of-force", "08-miranda-interview",
)  # fmt: skip
VIEWPORT = {"width": 1280, "height": 760}


def make_run(root: Path) -> Path:
    """A batch run over a few fixture cases, with some decisions already made."""
    from summary_audit.batch import run_batch
    from summary_audit.review.app import flag_hash
    from summary_audit.review.decisions import ReviewStore
    from summary_audit.review.run_dir import load_run

    for case in CASES:
        shutil.copytree(FIXTURES / case, root / "cases" / case)
    run_batch(root / "cases", root / "run")
    run = load_run(root / "run")
    store = ReviewStore(root / "run" / "review.sqlite")
    choices = [("confirm", ""), ("dismiss", "the transcript says so at 02:14"), ("follow_up", "")]
    for n, entry in enumerate(run.entries[1:6]):
        for i, flag in enumerate(entry.report.flags[: 2 + n % 3]):
            decision, reason = choices[(i + n) % 3]
            store.record(
                reviewer=("Sgt. Ames", "Det. Okafor")[n % 2],
                audit_key=entry.key,
                flag_id=flag.id,
                flag_hash=flag_hash(flag),
                code=flag.code,
                decision=decision,
                reason=reason,
            )
    store.close()
    return root / "run"


def take(
    browser: Any, out_dir: Path, serving: Callable[..., AbstractContextManager[str]]
) -> list[Path]:
    """Three screenshots of a fresh run in ``out_dir``: queue, audit page (a flag selected and
    one decision just recorded), rule precision."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = make_run(Path(tmp))
        with serving(run_dir, default_reviewer="Sgt. Ames") as url:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            shots = []
            page.goto(url + "/?show=all")
            page.keyboard.press("j")
            shots.append(out_dir / "review-queue.png")
            page.screenshot(path=shots[-1])
            page.goto(url + "/")
            with page.expect_navigation():
                page.keyboard.press("o")
            page.keyboard.press("c")  # focus moves to the next flag; its evidence lights up
            page.locator("#toast:not([hidden])").wait_for()
            page.evaluate("window.scrollTo(0, 0)")
            shots.append(out_dir / "review-audit.png")
            page.screenshot(path=shots[-1])
            page.goto(url + "/stats")
            shots.append(out_dir / "review-stats.png")
            page.screenshot(path=shots[-1])
            context.close()
    return shots


def _shrink(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    image = Image.open(path).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        path, optimize=True
    )


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from tests.test_review_browser import CHROMIUM, serving

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "docs"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for path in take(browser, out, serving):
            _shrink(path)
            print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
