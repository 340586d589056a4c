"""Lexicon speed: compile time of the combined regex, match time on a 500-word summary and on a
10,000-word text, and the SA4 rules on a fixture-sized audit (medians, 2 shared cores)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from summary_audit.text.lexicon import Lexicon, load_lexicon

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _median_ms(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def _words(n: int) -> str:
    """``n`` words of realistic report text: the fixture summaries, repeated."""
    pool = " ".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/summary*.txt")))
    words = pool.split()
    return " ".join(words[i % len(words)] for i in range(n))


def main() -> None:
    """Print the medians."""
    entries = load_lexicon().entries
    compile_ms = _median_ms(lambda: Lexicon(entries=entries).compile(), 7)
    lex = load_lexicon()
    short, long = _words(500), _words(10_000)
    short_ms = _median_ms(lambda: lex.matches(short), 21)
    long_ms = _median_ms(lambda: lex.matches(long), 7)
    print(f"lexicon: {len(entries)} entries, sha {lex.sha256[:12]} (2 shared cores; medians)")
    print(f"compile combined regex:      {compile_ms:8.1f} ms")
    print(f"match 500-word summary:      {short_ms:8.2f} ms  ({len(lex.matches(short))} matches)")
    print(f"match 10,000-word text:      {long_ms:8.1f} ms  ({len(lex.matches(long))} matches)")

    from summary_audit.engine import run_rules
    from summary_audit.readers import resolve_summary, resolve_transcript
    from summary_audit.rules.registry import AuditContext, select_rules

    case = FIXTURES / "ll-01-noise-complaint"
    if case.is_dir():
        transcript = resolve_transcript(case / "transcript.txt")
        summary = resolve_summary(case / "summary.flawed.txt")
        rules = select_rules(["SA4"])

        def one_audit() -> None:
            run_rules(AuditContext(transcript=transcript, summary=summary), rules)

        print(f"SA4 rules, one fixture audit: {_median_ms(one_audit, 21):7.2f} ms")


if __name__ == "__main__":
    main()
