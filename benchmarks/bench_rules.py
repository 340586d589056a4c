"""Audit speed with all rules: the fixture set, a 60-minute transcript with a 500-word summary, and
the same summary against a transcript four times as long (the audit should scale about linearly).
"""

from __future__ import annotations

import hashlib
import statistics
import time
from itertools import cycle

from summary_audit import audit
from summary_audit.evaluation.cases import FIXTURES_DIR, iter_cases
from summary_audit.readers.summary import load_summary
from summary_audit.readers.transcript import load_transcript
from summary_audit.text.facts import values_of
from summary_audit.text.normalize import clear_cache
from summary_audit.types import Summary, Transcript

TARGET_WORDS = 10_000  # about 60 minutes of speech
SCALE = 4  # the long-transcript run: 4x the words, same summary
SUMMARY_WORDS = 500
REPEATS = 15


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def long_transcript(sources: list[Transcript], target_words: int = TARGET_WORDS) -> Transcript:
    """The fixture transcripts' segments, cycled in order until ``target_words`` words (10,000
    words = 60 minutes)."""
    picked, words = [], 0
    for seg in cycle([s for t in sources for s in t.segments]):
        picked.append((seg.speaker, seg.text))
        words += len(seg.text.split())
        if words >= target_words:
            break
    step = 3600.0 * target_words / TARGET_WORDS / len(picked)
    return Transcript.from_turns(
        ((speaker, i * step, (i + 1) * step, text) for i, (speaker, text) in enumerate(picked)),
        id="long",
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


def median_ms(transcript: Transcript, summary: Summary) -> tuple[float, float]:
    """Median wall and CPU time of a cold audit (no parse reused from the last run), in ms.

    CPU time is the steadier figure on a shared machine, where wall time also counts waiting.
    """
    wall, cpu = [], []
    for _ in range(REPEATS):
        values_of.cache_clear()
        clear_cache()
        start, start_cpu = time.perf_counter(), time.process_time()
        audit(transcript, summary)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def counting_ms() -> tuple[float, float]:
    """Median CPU ms of a cold audit whose transcript is a driver counting to 1,000 out loud
    (and a 400-digit number), and of the same with the count said four times: the value
    readers must stay linear."""
    from tests.helpers import count_out_loud

    count = count_out_loud(1000)
    summary_text = "He counted to 1000 out loud and said 4" + "1" * 399 + "."
    summary = Summary(id="count", text=summary_text, sha256=_sha(summary_text))
    out = []
    for times in (1, 4):
        turns = [("OFC", None, None, count)] * times + [("DRIVER", None, None, "1" * 400)]
        transcript = Transcript.from_turns(turns, id="count")
        out.append(median_ms(transcript, summary)[1])
    return out[0], out[1]


def main() -> None:
    """Print audits per second on the fixtures, the median time of the 60-minute audit, and the
    median for a transcript four times as long with its ratio to the 60-minute one."""
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

    sources = list({id(t): t for t, _ in pairs}.values())
    faithful = [s.text for case in iter_cases(FIXTURES_DIR) for s in case.summaries_of("faithful")
                for s in [load_summary(s.path)]]  # fmt: skip
    summary = long_summary(faithful)
    transcript = long_transcript(sources)
    base, base_cpu = median_ms(transcript, summary)
    print(
        f"60-minute transcript ({len(transcript.text.split())} words, {len(transcript.segments)} "
        f"segments) x {len(summary.text.split())}-word summary, all rules: median "
        f"{base:.0f} ms wall, {base_cpu:.0f} ms CPU over {REPEATS} runs "
        "(target < 150 ms; one process on a 2-core machine)"
    )
    once, four = counting_ms()
    print(
        f"a driver counting to 1,000 out loud (and a 400-digit number), all rules: median "
        f"{once:.0f} ms CPU; said four times: {four:.0f} ms ({four / once:.1f}x, target about 4)"
    )
    longer = long_transcript(sources, SCALE * TARGET_WORDS)
    scaled, scaled_cpu = median_ms(longer, summary)
    print(
        f"{SCALE}x transcript ({len(longer.text.split())} words, {len(longer.segments)} segments), "
        f"same summary: median {scaled:.0f} ms wall, {scaled_cpu:.0f} ms CPU; {SCALE}x/1x = "
        f"{scaled_cpu / base_cpu:.2f} by CPU time (target about {SCALE}, linear)"
    )


if __name__ == "__main__":
    main()
