"""Audit speed with all rules: the fixture set, and a 60-minute transcript with a 500-word summary."""

from __future__ import annotations

import hashlib
import statistics
import time
from itertools import cycle

from summary_audit import audit
from summary_audit.cases import FIXTURES_DIR, iter_cases
from summary_audit.facts import _numbers
from summary_audit.summary import load_summary
from summary_audit.transcript import load_transcript
from summary_audit.types import Segment, Span, Summary, Transcript

TARGET_WORDS = 10_000  # about 60 minutes of speech
SUMMARY_WORDS = 500
REPEATS = 7


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def long_transcript(sources: list[Transcript]) -> Transcript:
    """The fixture transcripts' segments, cycled in order until ~10,000 words over 60 minutes."""
    picked, words = [], 0
    for seg in cycle([s for t in sources for s in t.segments]):
        picked.append((seg.speaker, seg.text))
        words += len(seg.text.split())
        if words >= TARGET_WORDS:
            break
    step = 3600.0 / len(picked)
    segments, pos = [], 0
    for i, (speaker, text) in enumerate(picked):
        span = Span(doc="transcript", start=pos, end=pos + len(text), text=text)
        segments.append(
            Segment(index=i, speaker=speaker, start_s=i * step, end_s=(i + 1) * step, text=text,
                    span=span)
        )  # fmt: skip
        pos += len(text) + 1
    text = "\n".join(t for _, t in picked)
    return Transcript(
        id="long", format="turns", text=text, segments=tuple(segments), sha256=_sha(text)
    )


def long_summary(texts: list[str]) -> Summary:
    """Faithful fixture summaries joined until ~500 words."""
    out, words = [], 0
    for t in cycle(texts):
        out.append(t.strip())
        words += len(t.split())
        if words >= SUMMARY_WORDS:
            break
    text = "\n\n".join(out)
    return Summary(id="long", text=text, sha256=_sha(text))


def main() -> None:
    """Print audits per second on the fixtures and the median time of the long audit."""
    pairs = []
    for case in iter_cases(FIXTURES_DIR):
        transcript = load_transcript(case.transcript_path)
        pairs += [(transcript, load_summary(s.path)) for s in case.summaries]
    audit(*pairs[0])  # import and compile everything once before timing
    start = time.perf_counter()
    for t, s in pairs:
        audit(t, s)
    elapsed = time.perf_counter() - start
    print(f"fixtures: {len(pairs)} audits in {elapsed:.2f} s = {len(pairs) / elapsed:.1f} audits/s")

    transcript = long_transcript(list({id(t): t for t, _ in pairs}.values()))
    faithful = [s.text for case in iter_cases(FIXTURES_DIR) for s in case.summaries_of("faithful")
                for s in [load_summary(s.path)]]  # fmt: skip
    summary = long_summary(faithful)
    times = []
    for _ in range(REPEATS):
        _numbers.cache_clear()  # time a cold audit, not one that reuses the last run's parse
        start = time.perf_counter()
        audit(transcript, summary)
        times.append(time.perf_counter() - start)
    print(
        f"60-minute transcript ({len(transcript.text.split())} words, {len(transcript.segments)} "
        f"segments) x {len(summary.text.split())}-word summary, all rules: median "
        f"{1000 * statistics.median(times):.0f} ms over {REPEATS} runs (target < 150 ms; one "
        "process on a 2-core machine)"
    )


if __name__ == "__main__":
    main()
