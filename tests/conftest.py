"""Shared test settings."""

from __future__ import annotations

import os

from hypothesis import settings

# CI replays the same examples on every run (a failure there is reproducible, never a fluke);
# locally hypothesis explores new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
