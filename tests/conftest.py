"""Shared test settings."""

from __future__ import annotations

import os

from hypothesis import settings

from tests.ci_required import pytest_runtest_makereport  # noqa: F401  (the hook)

# CI replays the same examples on every run (a failure there is reproducible, never a fluke);
# locally hypothesis explores new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
