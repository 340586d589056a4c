"""TranscriptIndex speed on synthetic body-camera transcripts.

A 60-minute transcript (~1,200 segments, ~10,000 words) and one four times longer, built from a
fixed seed.  Prints the median index build time, the median time of 40 lookups (20 ``find`` of
quotes, half of them altered, and 20 ``search`` of claims from a ~500-word summary) and the 4x/1x
ratios.  Targets: build well under 20 ms and 40 lookups well under 50 ms for 60 minutes, cost about
linear in transcript length.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator

from summary_audit.text.align import TranscriptIndex
from summary_audit.types import Transcript

_COMMON = str.split(
    "i you he she we they it the a to and of in on at that this is was were be have do did not "
    "no yes okay so just right here there what why where when can could would go get got out up "
    "down back now sir ma'am please hands car door stop know don't didn't won't I'm it's"
)
_RARE = str.split(
    "license registration insurance warrant lawyer attorney vehicle sedan toyota honda plate "
    "knife gun wallet phone jacket hoodie backpack ambulance medic breathe hurt arm wrist "
    "handcuffs search consent refuse sergeant supervisor dispatch apartment neighbor window "
    "street avenue corner store receipt money cash forty twenty fifty nine thirty minutes "
    "tased pushed grabbed kicked ran fled walked stood sat yelled screamed cried"
)
_SPEAKERS = ("Officer Reyes", "Officer Lee", "Driver", "Witness", "Dispatch")


def make_transcript(minutes: int, seed: int = 7) -> Transcript:
    """About 20 segments and 167 words per minute, deterministic for a seed."""
    rng = random.Random(seed)

    def turns() -> Iterator[tuple[str, float, float, str]]:
        for i in range(minutes * 20):
            words = [
                rng.choice(_RARE) if rng.random() < 0.25 else rng.choice(_COMMON)
                for _ in range(rng.randint(3, 14))
            ]
            if rng.random() < 0.1:
                words.insert(0, "um,")
            text = " ".join(words).capitalize() + rng.choice(".?.!")
            yield rng.choice(_SPEAKERS), i * 3.0, i * 3.0 + 2.5, text

    return Transcript.from_turns(turns(), id=f"synthetic-{minutes}m", format="synthetic")


def make_queries(transcript: Transcript, seed: int = 11) -> tuple[list[str], list[str]]:
    """20 quotes (every other one with a word changed) and 20 claims of about 25 words."""
    rng = random.Random(seed)
    segs = transcript.segments
    quotes = []
    for k in range(20):
        words = rng.choice(segs).text.split()
        if k % 2:
            words[rng.randrange(len(words))] = rng.choice(_RARE)
        quotes.append(" ".join(words))
    claims = []
    for _ in range(20):
        seg = rng.choice(segs)
        words = seg.text.split() + [rng.choice(_RARE) for _ in range(rng.randint(5, 15))]
        rng.shuffle(words)
        claims.append("The subject said " + " ".join(words[:25]))
    return quotes, claims


def _median_ms(func: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _measure(minutes: int) -> dict[str, object]:
    transcript = make_transcript(minutes)
    quotes, claims = make_queries(transcript)
    repeats = 9
    # A fresh index per run: an index remembers its search answers, and an audit builds its own.
    fresh = iter([TranscriptIndex(transcript) for _ in range(repeats)])

    def lookups() -> None:
        index = next(fresh)
        for quote in quotes:
            index.find(quote)
        for claim in claims:
            index.search(claim)

    return {
        "segments": len(transcript.segments),
        "words": len(transcript.text.split()),
        "build": _median_ms(lambda: TranscriptIndex(transcript), repeats=repeats),
        "lookups": _median_ms(lookups, repeats=repeats),
    }


def main() -> None:
    """Print build and lookup medians for 60 and 240 minutes (2-core machine)."""
    print("machine: 2 shared cores; medians of 9 runs, wall / CPU")
    rows = {}
    for minutes in (60, 240):
        row = rows[minutes] = _measure(minutes)
        build, query = row["build"], row["lookups"]
        print(
            f"{minutes:>4} min: {row['segments']} segments, {row['words']} words: "
            f"index build {build[0]:.1f} / {build[1]:.1f} ms, "  # type: ignore[index]
            f"40 lookups {query[0]:.1f} / {query[1]:.1f} ms"  # type: ignore[index]
        )
    for key in ("build", "lookups"):
        ratio = rows[240][key][1] / rows[60][key][1]  # type: ignore[index]
        print(f"4x/1x CPU-time ratio, {key}: {ratio:.2f}")


if __name__ == "__main__":
    main()
