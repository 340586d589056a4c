"""The blind set (``fixtures/blind``): police cases written before the rules were changed and
never tuned on, scored like the fixtures.  Its figures are the honest ones."""

from __future__ import annotations

from pathlib import Path

from summary_audit.evaluation.fixtures import fixtures_section

TITLE = "Blind set: police cases the rules were not tuned on"


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The blind section: the fixtures table for ``fixtures_dir / "blind"``."""
    return fixtures_section(
        TITLE,
        fixtures_dir / "blind",
        limit,
        note="Written independently (all transcript formats, heavy paraphrase) before any rule "
        "change of the precision work; read, never tuned on.",
    )
