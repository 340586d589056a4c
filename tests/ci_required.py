"""A pytest plugin: under CI, a skipped real-model or browser test is a failure.

Locally a missing extra or browser only skips those tests; in CI (``CI`` set, as ``.ci/run``
does) the suite must not go green by skipping the tests that need the real parts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

REQUIRED_IN_CI = frozenset({"llm_real", "browser"})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if not (os.environ.get("CI") and report.skipped):
        return
    markers = REQUIRED_IN_CI & {m.name for m in item.iter_markers()}
    if markers:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        reason = str(reason).removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"{'/'.join(sorted(markers))} test skipped under CI: {reason}"
