"""The dev set (``fixtures/dev``): police cases written independently of the rules, by someone
who never ran the auditor on them, and used for tuning.  Scored like the fixtures; its figures
sit between the fixtures' (written alongside the rules) and the blind set's (never tuned on)."""

from __future__ import annotations

from pathlib import Path

from summary_audit.evaluation.fixtures import fixtures_section

TITLE = "Dev set: independent police cases the rules are tuned on"


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The dev section: the fixtures table for ``fixtures_dir / "dev"``."""
    return fixtures_section(
        TITLE,
        fixtures_dir / "dev",
        limit,
        note="Written without running the auditor (plain ASR text, diarized labels, one-line "
        "chats, joined cameras); rule changes were measured and tuned here.",
    )
