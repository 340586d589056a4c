"""Under CI a skipped real-model or browser test fails the run; locally it stays a skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SKIPPING = """
import pytest

@pytest.mark.llm_real
def test_needs_the_model():
    pytest.skip("xllamacpp is not installed")

@pytest.mark.browser
def test_needs_chromium():
    pytest.skip("no chromium")

def test_plain_skip():
    pytest.skip("nothing required")
"""


def _run(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_skips.py").write_text(SKIPPING)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.ci_required", "-p", "no:cacheprovider",
         "-q", "-rA", "-o", "markers=llm_real\n browser", str(tmp_path / "test_skips.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(("ci", "expected"), [(False, "3 skipped"), (True, "2 failed, 1 skipped")])
def test_skips_of_required_tests_fail_only_under_ci(
    tmp_path: Path, ci: bool, expected: str
) -> None:
    result = _run(tmp_path, ci)
    assert expected in result.stdout, result.stdout + result.stderr
    if ci:
        assert "llm_real test skipped under CI: xllamacpp is not installed" in result.stdout
