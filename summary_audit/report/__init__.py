"""Report formatters: each a function ``render_<format>(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

from summary_audit.errors import clip
from summary_audit.types import AuditReport, Claim

FORMATS = ("text", "json", "markdown", "html")
# Plurals that are not the word plus "s".
_IRREGULAR = {"entry": "entries", "was": "were"}


def plural(n: int, word: str) -> str:
    """``n`` and ``word`` agreeing in number: ``plural(1, "claim") == "1 claim"``, else "2 claims".

    The one place counts meet nouns in messages, so "1 entries" cannot creep back in.
    """
    return f"{n} {word if n == 1 else _IRREGULAR.get(word, word + 's')}"


def short_path(source: str | None, fallback: str) -> str:
    """The last two components of ``source`` ("05-welfare-check/transcript.vtt"), else ``fallback``.

    Enough for a person to recognise the case and file, without the machine-specific absolute
    prefix that would make reports differ from one checkout to another.
    """
    if not source:
        return fallback
    path = PurePath(source)
    return "/".join(part for part in (path.parent.name, path.name) if part)


# A crashed rule: the audit is incomplete, neither clean nor merely flagged (exit 3).
CRASH_MARK = "⚠ rule crashed"


def crashed_rules(failures: Sequence[tuple[str, str, str]], width: int = 60, most: int = 3) -> str:
    """``SA101 (OverflowError: ...), SA102 (...) and 2 more``: the first ``most`` crashed rules
    as (code, error, message), each message clipped to ``width`` characters."""
    named = ", ".join(
        f"{code} ({error}: {clip(msg, width)})" for code, error, msg in failures[:most]
    )
    return named + (f" and {len(failures) - most} more" if len(failures) > most else "")


def crash_counts(counts: Mapping[str, Any]) -> str:
    """``2 rules crashed in 1 audit (results incomplete)`` from a run's counts."""
    return (
        f"{plural(counts['rule_failures'], 'rule')} crashed in "
        f"{plural(counts.get('audits_with_rule_failures', 0), 'audit')} (results incomplete)"
    )


SOURCE_LABELS = {
    "heard": "heard (said on the recording: checked against the transcript)",
    "perceived": "perceived (the officer's own observation: not on the recording, needs the "
    "officer's attestation)",
    "inferred": "inferred (a conclusion: needs the speech or observation it rests on)",
}


def claims_by_source(report: AuditReport) -> list[tuple[str, list[Claim]]]:
    """The report's claims grouped by source class, in the order heard, perceived, inferred
    (classes with no claim left out)."""
    groups: list[tuple[str, list[Claim]]] = []
    for source in SOURCE_LABELS:
        claims = [c for c in report.claims if c.source == source]
        if claims:
            groups.append((source, claims))
    return groups


def source_counts(report: AuditReport) -> str:
    """``"12 heard, 3 perceived, 1 inferred"``: the claims per source class."""
    from summary_audit.text.sources import count_sources

    return ", ".join(f"{n} {source}" for source, n in count_sources(report.claims).items())


def get_renderer(name: str) -> Callable[[AuditReport], str]:
    """The renderer for ``name`` (imported lazily: HTML and Markdown are optional extras of batch)."""
    if name == "text":
        from summary_audit.report.text import render_text

        return render_text
    if name == "json":
        from summary_audit.report.json import render_json

        return render_json
    if name == "markdown":
        from summary_audit.report.markdown import render_markdown

        return render_markdown
    if name == "html":
        from summary_audit.report.html import render_html

        return render_html
    raise ValueError(f"unknown report format {name!r}; choose from {', '.join(FORMATS)}")
