"""Hostile input: pathological series and a seeded mutation fuzz (issue 15, item 6).

**Series.** Each series grows one hostile payload (a transcript turn ending in N periods, a
summary with N quotes, a driver counting out loud, a 5,000-digit number, an ASR loop "the the the",
a line without spaces, many speakers...) through sizes of about 1k, 4k, 16k and 64k characters,
and prints the time of one whole audit (reading, all rules, the JSON report) at each size.  Each
point runs in a forked child that is killed after ``BENCH_FUZZ_WALL`` seconds (default 30): a
superlinear spot shows as a time that grows faster than the size, or as ``>30 s``.  Target: every
series under 3 s at its largest size.

**Mutation fuzz.** ``BENCH_FUZZ_N`` (default 300) fixture inputs (transcript and summary files of
``fixtures/*/``; never ``fixtures/blind``), each mutated from a fixed seed (byte flips, duplicated
or deleted chunks, spliced hostile payloads, absurd JSON numbers), audited from files in a pool of
forked workers with the same wall limit.  Counts: ok, documented errors (``InputError``,
``ConfigError``), crashes (any other exception, a rule crash recorded in ``report.failures``, a
report that cannot be rendered as JSON), hangs (killed at the wall limit) and audits over 3 s;
then the slowest audit per input size.  Target: 0 crashes, 0 hangs, 0 over 3 s.

Environment: ``BENCH_FUZZ_N``; ``BENCH_FUZZ_SERIES`` (``0`` skips the series, a comma list of
names runs only those); ``BENCH_FUZZ_CLI=N`` also runs N mutated inputs through ``summary-audit
check`` and counts tracebacks and exit codes; ``BENCH_FUZZ_KEEP=DIR`` saves every crashing, hung
or slow input there; ``BENCH_FUZZ_SEED``, ``BENCH_FUZZ_WORKERS`` (default 2), ``BENCH_FUZZ_WALL``.
Run: ``python -m benchmarks fuzz``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from summary_audit import ConfigError, InputError, audit
from summary_audit.engine import TRACEBACK_ENV
from summary_audit.report.json import render_json
from tests.helpers import say

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SIZES = (1_000, 4_000, 16_000, 64_000)
SLOW_S = 3.0  # an audit over this is a finding
DOCUMENTED = (InputError, ConfigError)
BUCKETS = ((4_000, "<4k"), (16_000, "4k-16k"), (64_000, "16k-64k"), (256_000, "64k-256k"))


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    return float(value) if value.strip() else default


# ---------------------------------------------------------------------------------------------
# Payloads


def counting(chars: int) -> str:
    """ "one two three ..." until about ``chars`` characters."""
    out, total, n = [], 0, 1
    while total < chars:
        word = say(n)
        out.append(word)
        total += len(word) + 1
        n += 1
    return " ".join(out)


def repeat(unit: str, chars: int) -> str:
    return unit * max(1, chars // len(unit))


BASE_TRANSCRIPT = (
    "[00:00:02] OFC. REYES: Evening sir, I stopped you because you were doing fifty-two in a "
    "thirty-five.\n"
    "[00:00:09] DRIVER: Sorry officer, I was late for work, I didn't see the sign.\n"
    "[00:00:15] OFC. REYES: Can I see your license and registration please?\n"
    "[00:00:21] DRIVER: Yeah, here you go.\n"
)
BASE_SUMMARY = (
    "I stopped the driver for going 52 mph in a 35 mph zone. The driver said, \"I didn't see "
    'the sign," and told me he was late for work. He gave me his license and registration.'
)


def _turn(payload: str) -> tuple[str, str | None, str]:
    return BASE_TRANSCRIPT + f"[00:00:25] DRIVER: okay{payload}\n", None, BASE_SUMMARY


def _said(payload: str) -> tuple[str, str | None, str]:
    return BASE_TRANSCRIPT, None, BASE_SUMMARY + f" He said it was fine{payload} He left."


def _both(payload: str) -> tuple[str, str | None, str]:
    t, _, _ = _turn(" " + payload + ".")
    return t, None, BASE_SUMMARY + f" He said {payload}."


def _until(chars: int, piece: Callable[[int], str]) -> str:
    """``piece(0) + piece(1) + ...`` until the text is ``chars`` characters or more."""
    pieces, total, i = [], 0, 0
    while total < chars:
        pieces.append(piece(i))
        total += len(pieces[-1])
        i += 1
    return "".join(pieces)


def _many_speakers(chars: int) -> tuple[str, str | None, str]:
    lines = _until(
        chars,
        lambda i: f"[00:{i // 60 % 60:02d}:{i % 60:02d}] WITNESS {i}: I saw the car at {i % 97}.\n",
    )
    return BASE_TRANSCRIPT + lines, None, BASE_SUMMARY


def _chat_line(chars: int) -> tuple[str, str | None, str]:
    """A whole chat on one line: "A1: hi. A2: ok. ..." (turns split inside a line)."""
    return _until(chars, lambda i: f"Ann: I saw it {i}. Mike: okay. "), None, BASE_SUMMARY


def _plain(payload: str) -> tuple[str, str | None, str]:
    return payload, "plain", BASE_SUMMARY


def _whisper_times(chars: int) -> tuple[str, str | None, str]:
    segs = [{"start": 1e308, "end": 1e308, "text": "I was late for work.", "speaker": "DRIVER"}]
    n = max(1, chars // 80)
    segs += [
        {"start": 1e308 / (i + 2), "end": 1e308, "text": "okay.", "speaker": f"S{i}"}
        for i in range(n)
    ]
    return json.dumps({"segments": segs}), "whisper", BASE_SUMMARY


def _digits(chars: int) -> tuple[str, str | None, str]:
    number = "4" + "1" * (chars - 1)
    t, _, _ = _turn(f" the amount was {number} dollars.")
    return t, None, BASE_SUMMARY + f" He said the amount was {number} dollars."


Builder = Callable[[int], tuple[str, str | None, str]]

SERIES: dict[str, tuple[Builder, tuple[int, ...]]] = {
    "turn-periods": (lambda n: _turn(repeat(".", n)), SIZES),
    "turn-quotes": (lambda n: _turn(repeat('"', n)), SIZES),
    "turn-hyphens": (lambda n: _turn(repeat("-", n)), SIZES),
    "turn-?!": (lambda n: _turn(repeat("?!", n)), SIZES),
    "turn-commas": (lambda n: _turn(repeat(",", n)), SIZES),
    "turn-colons": (lambda n: _turn(repeat(" a:", n)), SIZES),
    "turn-brackets": (lambda n: _turn(repeat("[0:", n)), SIZES),
    "summary-periods": (lambda n: _said(repeat(".", n)), SIZES),
    "summary-quotes": (lambda n: _said(repeat('"', n)), SIZES),
    "summary-quote-pairs": (lambda n: _said(repeat(' "no" ', n)), SIZES),
    "summary-hyphens": (lambda n: _said(repeat("-", n)), SIZES),
    "summary-?!": (lambda n: _said(repeat("?!", n)), SIZES),
    "summary-commas": (lambda n: _said(repeat(",", n)), SIZES),
    "summary-spaces": (lambda n: _said(repeat(" ", n)), SIZES),
    "summary-then": (lambda n: _said(repeat(" then", n)), SIZES),
    "summary-sentences": (lambda n: _said(repeat(". He ran", n)), SIZES),
    "summary-numbers": (lambda n: _said(" " + repeat("1 2 ", n) + "."), SIZES),
    "summary-then-lines": (lambda n: _said(" x" + repeat(" then", n) + "\nthen y."), SIZES),
    "summary-after-commas": (lambda n: _said(". After x" + repeat(",", n) + "\n y."), SIZES),
    "summary-list-items": (lambda n: _said("\n" + repeat("- he ran\n", n)), SIZES),
    "summary-open-quotes": (lambda n: _said(repeat(' "he ran.', n)), SIZES),
    "turn-open-brackets": (lambda n: _turn(repeat("[", n)), SIZES),
    "turn-open-parens": (lambda n: _turn(repeat("(", n)), SIZES),
    "turn-spaces": (lambda n: _turn(repeat(" ", n) + "x"), SIZES),
    "counting-out-loud": (lambda n: _both(counting(n)), SIZES),
    "digits": (_digits, (309, 1_000, 5_000, 16_000, 64_000)),
    "asr-loop-turn": (lambda n: _both(repeat("the ", n)), SIZES),
    "asr-loop-plain": (lambda n: _plain(repeat("the ", n)), SIZES),
    "plain-sentences": (lambda n: _plain(repeat("He ran. ", n)), SIZES),
    "plain-initials": (lambda n: _plain(repeat("J. ", n)), SIZES),
    "plain-periods": (lambda n: _plain("okay" + repeat(".", n) + " yes"), SIZES),
    "no-spaces": (lambda n: _both(repeat("abc", n)), SIZES),
    "many-speakers": (_many_speakers, SIZES),
    "chat-one-line": (_chat_line, SIZES),
    "whisper-1e308": (_whisper_times, (100, 1_000, 16_000)),
}


# ---------------------------------------------------------------------------------------------
# One audit, as a worker does it


def _audit_text(transcript: str, fmt: str | None, summary: str) -> tuple[str, str]:
    """("ok" | "error" | "crash", detail) for one audit of texts."""
    try:
        report = audit(transcript, summary, transcript_format=fmt)
        return _judge(report)
    except DOCUMENTED as exc:
        return "error", f"{type(exc).__name__}: {str(exc)[:120]}"
    except Exception as exc:
        return "crash", _signature(exc)


def _judge(report: object) -> tuple[str, str]:
    failures = getattr(report, "failures", ())
    try:
        render_json(report)  # type: ignore[arg-type]
    except Exception as exc:
        return "crash", "report not serializable: " + _signature(exc)
    if failures:
        f = failures[0]
        return "crash", f"rule crash {f.code}: {f.error}: {str(f.message)[:100]}"
    return "ok", ""


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "summary_audit" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}: {str(exc)[:100]}"


def _series_child(conn: Connection, builder: Builder, size: int) -> None:
    os.environ[TRACEBACK_ENV] = "1"  # a rule crash propagates: its signature names the line
    transcript, fmt, summary = builder(size)
    start = time.perf_counter()
    status, detail = _audit_text(transcript, fmt, summary)
    conn.send((status, detail, time.perf_counter() - start, len(transcript) + len(summary)))
    conn.close()


def run_series(names: list[str], wall: float) -> None:
    ctx = multiprocessing.get_context("fork")
    print(f"series: one audit per point, seconds (killed after {wall:.0f} s); target < {SLOW_S} s")
    worst: list[tuple[str, float, str]] = []
    for name in names:
        builder, sizes = SERIES[name]
        cells, peak, verdicts = [], 0.0, set()
        for size in sizes:
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_series_child, args=(child, builder, size), daemon=True)
            proc.start()
            child.close()
            if parent.poll(wall):
                status, detail, secs, _chars = parent.recv()
                proc.join()
                mark = "" if status == "ok" else ("!" if status == "crash" else "e")
                if status != "ok":
                    verdicts.add(f"{status}: {detail}")
                cells.append(f"{size:>6}:{secs:6.2f}{mark or ' '}")
                peak = max(peak, secs)
            else:
                proc.kill()
                proc.join()
                cells.append(f"{size:>6}:>{wall:4.0f}s ")
                peak = max(peak, wall)
                verdicts.add("hang")
                break  # larger sizes would only take longer
            parent.close()
        print(f"  {name:<20} " + " ".join(cells))
        for v in sorted(verdicts):
            print(f"  {'':<20} {v}")
        worst.append((name, peak, ",".join(sorted(v.split(":")[0] for v in verdicts))))
    over = [w for w in worst if w[1] >= SLOW_S]
    print(
        f"series over {SLOW_S:.0f} s at their largest size: {len(over)} of {len(worst)}"
        + (": " + ", ".join(f"{n} {s:.1f} s" for n, s, _ in over) if over else "")
    )
    bad = [w for w in worst if w[2]]
    if bad:
        print("series with crashes/errors/hangs: " + ", ".join(f"{n} ({v})" for n, _, v in bad))


# ---------------------------------------------------------------------------------------------
# Mutations


@dataclass
class Source:
    transcript: bytes
    transcript_name: str
    summary: bytes
    summary_name: str


@dataclass
class Mutant:
    index: int
    transcript: bytes
    transcript_name: str
    summary: bytes
    summary_name: str
    steps: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.transcript) + len(self.summary)


def sources() -> list[Source]:
    """Every (transcript, summary) pair of the fixture cases (``fixtures/*/case.json`` only)."""
    out = []
    for case_file in sorted(FIXTURES.glob("*/case.json")):
        case = json.loads(case_file.read_text(encoding="utf-8"))
        folder = case_file.parent
        t = folder / case["transcript"]
        for s in case["summaries"]:
            sp = folder / s["file"]
            out.append(Source(t.read_bytes(), t.name, sp.read_bytes(), sp.name))
    return out


HOSTILE_UNITS = (
    ".",
    '"',
    "-",
    "?!",
    ",",
    " ",
    " then",
    "the ",
    "uh ",
    "1",
    "9",
    "[0:",
    " a:",
    "A: hi. ",
    "-->",
    "…",
    "'",
    "”",
    "(",
    ")",
    "[",
    "\n",
    "\t",
    "no. ",
    "J. ",
    "Mr. ",
    "$1,",
    "#",
    "not ",
    "never ",
    "I ",
    "x",
    "\u200b",
    "é",
    ";",
    ":",
    "*",
    "=",
    "/",
)
HOSTILE_WORDS = (
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "1" * 400,
    "9" * 5000,
    "\ud800",
    "\x00",
    "\ufeff",
    "\r",
    "WEBVTT",
    "00:00:01.000 --> 00:00:02.000",
    "[99:99:99]",
    "[00:00:01 --> 00:00:00]",
    "SPEAKER_00: ",
    '{"segments": [',
    "]}",
    "nine hundred ninety-nine thousand",
    "$99999999999999999999999",
    "plate 7KLM214",
    "at 25:61 hours",
    "on 13/45/99999",
    "2147 hours",
    "Ofc. ",
    "[INSERT: time]",
    "Miranda",
    "\"I didn't",
)
JSON_NUMBERS = (b"1e308", b"-1", b"1e999", b"NaN", b"-0", b"1" * 400, b"true", b"null", b'"3"')


def _flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    buf = bytearray(data)
    n = rng.randint(1, 20)
    for _ in range(n):
        if buf:
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf), f"flip{n}"


def _dup(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if not data:
        return data, "dup0"
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 400))
    times = rng.choice((1, 2, 5, 20, 100, 400))
    return data[:b] + data[a:b] * times + data[b:], f"dup{b - a}x{times}"


def _delete(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if not data:
        return data, "del0"
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 2000))
    return data[:a] + data[b:], f"del{b - a}"


def _splice(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if rng.random() < 0.6:
        unit = rng.choice(HOSTILE_UNITS)
        chars = int(10 ** rng.uniform(1, 4.85))  # 10 to ~70,000 characters
        payload = repeat(unit, chars)
        what = f"{unit!r}x{len(payload) // len(unit)}"
    elif rng.random() < 0.3:
        payload = counting(int(10 ** rng.uniform(2, 4.5)))
        what = f"counting{len(payload)}"
    else:
        payload = rng.choice(HOSTILE_WORDS)
        what = repr(payload[:20])
    raw = payload.encode("utf-8", "surrogatepass")
    at = rng.randint(0, len(data))
    return data[:at] + raw + data[at:], f"splice {what}"


def _json_number(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Replace a JSON number ("start": 12.5) with an absurd one."""
    spots = [i for i in range(len(data) - 1) if data[i : i + 2] in (b": ", b":")][:2000]
    if not spots:
        return _flip(data, rng)
    at = rng.choice(spots) + 1
    end = at
    while end < len(data) and data[end : end + 1] in b" 0123456789.-eE":
        end += 1
    new = rng.choice(JSON_NUMBERS)
    return data[:at] + b" " + new + data[end:], f"num {new[:12]!r}"


def _bad_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    junk = rng.choice((b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\x00" * 50, b"\xef\xbb\xbf"))
    at = rng.randint(0, len(data))
    return data[:at] + junk + data[at:], f"bytes {junk[:6]!r}"


def _truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    n = rng.randint(0, len(data))
    return data[:n], f"trunc{n}"


MUTATIONS = (
    (_flip, 3),
    (_dup, 3),
    (_delete, 2),
    (_splice, 6),
    (_json_number, 1),
    (_bad_bytes, 1),
    (_truncate, 1),
)


def mutant(index: int, seed: int, pool: list[Source]) -> Mutant:
    rng = random.Random(f"{seed}:{index}")
    src = rng.choice(pool)
    m = Mutant(index, src.transcript, src.transcript_name, src.summary, src.summary_name)
    funcs, weights = zip(*MUTATIONS, strict=True)
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        func = rng.choices(funcs, weights)[0]
        if func is _json_number and not (
            m.transcript_name.endswith(".json") or m.summary_name.endswith(".json")
        ):
            func = _splice
        which = rng.random()
        if which < 0.5:
            m.transcript, step = func(m.transcript, rng)
            m.steps.append(f"t:{step}")
        else:
            m.summary, step = func(m.summary, rng)
            m.steps.append(f"s:{step}")
    if rng.random() < 0.05:  # a summary given as JSON with metadata
        body = m.summary.decode("utf-8", "replace")
        m.summary = json.dumps({"text": body, "model": "x"}).encode()
        m.summary_name = "summary.json"
        m.steps.append("s:as-json")
    return m


def bucket(size: int) -> str:
    for limit, name in BUCKETS:
        if size < limit:
            return name
    return ">=256k"


# ---------------------------------------------------------------------------------------------
# The worker pool


def _worker(conn: Connection, workdir: str) -> None:
    os.environ[TRACEBACK_ENV] = "1"
    folder = Path(workdir)
    while True:
        job = conn.recv()
        if job is None:
            return
        m: Mutant = job
        t_path = folder / m.transcript_name
        s_path = folder / m.summary_name
        t_path.write_bytes(m.transcript)
        s_path.write_bytes(m.summary)
        start = time.perf_counter()
        try:
            status, detail = _judge(audit(t_path, s_path))
        except DOCUMENTED as exc:
            status, detail = "error", type(exc).__name__
        except Exception as exc:
            status, detail = "crash", _signature(exc)
        conn.send((status, detail, time.perf_counter() - start))
        t_path.unlink()
        s_path.unlink()


class Pool:
    """Forked workers, each auditing one mutant at a time; one that passes the wall limit is
    killed (a hang) and replaced."""

    def __init__(self, workers: int, wall: float, tmp: str) -> None:
        self.ctx = multiprocessing.get_context("fork")
        self.wall, self.tmp = wall, tmp
        self.slots: list[list] = [self._spawn(i) for i in range(workers)]

    def _spawn(self, i: int) -> list:
        parent, child = self.ctx.Pipe()
        workdir = tempfile.mkdtemp(dir=self.tmp, prefix=f"w{i}-")
        proc = self.ctx.Process(target=_worker, args=(child, workdir), daemon=True)
        proc.start()
        child.close()
        return [proc, parent, None, 0.0, i]  # process, pipe, job, started

    def run(self, jobs: list[Mutant]):
        pending = list(reversed(jobs))
        busy = 0
        while pending or busy:
            for slot in self.slots:
                if slot[2] is None and pending:
                    slot[2] = pending.pop()
                    slot[3] = time.perf_counter()
                    slot[1].send(slot[2])
                    busy += 1
            ready = wait([s[1] for s in self.slots if s[2] is not None], timeout=0.5)
            now = time.perf_counter()
            for k, slot in enumerate(self.slots):
                if slot[2] is None:
                    continue
                if slot[1] in ready:
                    try:
                        status, detail, secs = slot[1].recv()
                    except EOFError:
                        status, detail, secs = "crash", "worker died", now - slot[3]
                        self.slots[k] = self._respawn(slot)
                    yield slot[2], status, detail, secs
                    slot[2] = None
                    busy -= 1
                elif now - slot[3] > self.wall:
                    job = slot[2]
                    self.slots[k] = self._respawn(slot)
                    busy -= 1
                    yield job, "hang", f"killed after {self.wall:.0f} s", now - slot[3]

    def _respawn(self, slot: list) -> list:
        slot[0].kill()
        slot[0].join()
        slot[1].close()
        return self._spawn(slot[4])

    def close(self) -> None:
        for proc, conn, *_ in self.slots:
            with contextlib.suppress(OSError):
                conn.send(None)
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()


def _keep(folder: Path | None, m: Mutant, why: str) -> None:
    if folder is None:
        return
    target = folder / f"{m.index:05d}-{why}"
    target.mkdir(parents=True, exist_ok=True)
    (target / m.transcript_name).write_bytes(m.transcript)
    (target / m.summary_name).write_bytes(m.summary)
    (target / "steps.txt").write_text("\n".join(m.steps) + "\n", encoding="utf-8")


def run_fuzz(n: int, seed: int, workers: int, wall: float, keep: Path | None) -> None:
    pool_sources = sources()
    print(
        f"mutation fuzz: {n} mutants of {len(pool_sources)} fixture pairs, seed {seed}, "
        f"{workers} workers, wall limit {wall:.0f} s"
    )
    counts: Counter[str] = Counter()
    over: list[tuple[float, Mutant]] = []
    crashes: Counter[str] = Counter()
    crash_example: dict[str, Mutant] = {}
    slowest: dict[str, tuple[float, Mutant]] = {}
    per_bucket: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-fuzz-") as tmp:
        pool = Pool(workers, wall, tmp)
        try:
            jobs = [mutant(i, seed, pool_sources) for i in range(n)]
            for m, status, detail, secs in pool.run(jobs):
                counts[status] += 1
                b = bucket(m.size)
                per_bucket[b] += 1
                if status in ("crash", "hang"):
                    key = detail if status == "crash" else "hang"
                    crashes[key] += 1
                    crash_example.setdefault(key, m)
                    _keep(keep, m, status)
                if secs > SLOW_S:
                    over.append((secs, m))
                    if status not in ("crash", "hang"):
                        _keep(keep, m, "slow")
                if b not in slowest or secs > slowest[b][0]:
                    slowest[b] = (secs, m)
        finally:
            pool.close()
    elapsed = time.perf_counter() - started
    print(
        f"  ok {counts['ok']} / documented errors {counts['error']} / crashes {counts['crash']} "
        f"/ hangs {counts['hang']} / over {SLOW_S:.0f} s {len(over)}   ({elapsed:.0f} s wall)"
    )
    for key, k in crashes.most_common():
        m = crash_example[key]
        print(f"  {k:>4} x {key}   e.g. #{m.index} {m.transcript_name} {' '.join(m.steps)}")
    for secs, m in sorted(over, key=lambda x: -x[0])[:10]:
        print(f"  slow {secs:6.2f} s #{m.index} ({m.size} bytes) {' '.join(m.steps)}")
    print("  slowest audit per input size (transcript + summary bytes):")
    for _, name in (*BUCKETS, (0, ">=256k")):
        if name in slowest:
            secs, m = slowest[name]
            print(
                f"    {name:<9} {per_bucket[name]:>6} inputs, slowest {secs:6.2f} s "
                f"(#{m.index}, {' '.join(m.steps)[:90]})"
            )


# ---------------------------------------------------------------------------------------------
# Through the command line


def run_cli(n: int, seed: int, workers: int, wall: float, keep: Path | None) -> None:
    from concurrent.futures import ThreadPoolExecutor

    pool_sources = sources()
    codes: Counter[str] = Counter()
    tracebacks: list[tuple[Mutant, str]] = []
    env = dict(os.environ)
    env.pop(TRACEBACK_ENV, None)

    def one(i: int) -> tuple[Mutant, str, str]:
        m = mutant(1_000_000 + i, seed, pool_sources)
        with tempfile.TemporaryDirectory(prefix="bench-fuzz-cli-") as tmp:
            t, s = Path(tmp) / m.transcript_name, Path(tmp) / m.summary_name
            t.write_bytes(m.transcript)
            s.write_bytes(m.summary)
            cmd = [sys.executable, "-m", "summary_audit.cli", "check", "--format", "json"]
            try:
                proc = subprocess.run(
                    [*cmd, str(t), str(s)], capture_output=True, timeout=wall, env=env, check=False
                )
            except subprocess.TimeoutExpired:
                return m, "hang", ""
            return m, str(proc.returncode), proc.stderr.decode("utf-8", "replace")

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        for m, code, err in ex.map(one, range(n)):
            codes[code] += 1
            if "Traceback (most recent call last)" in err or code in ("3", "hang"):
                tracebacks.append((m, err.strip().splitlines()[-1] if err.strip() else code))
                _keep(keep, m, f"cli-{code}")
    print(
        f"CLI: {n} mutants through `summary-audit check --format json` "
        f"({time.perf_counter() - start:.0f} s): exit codes "
        + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items()))
        + f"; tracebacks or exit 3: {len(tracebacks)}"
    )
    for m, last in tracebacks[:10]:
        print(f"  #{m.index} {' '.join(m.steps)[:80]}: {last[:120]}")


def main() -> None:
    wall = _env_float("BENCH_FUZZ_WALL", 30.0)
    workers = _env_int("BENCH_FUZZ_WORKERS", 2)
    seed = _env_int("BENCH_FUZZ_SEED", 15)
    keep_dir = os.environ.get("BENCH_FUZZ_KEEP")
    keep = Path(keep_dir) if keep_dir else None
    chosen = os.environ.get("BENCH_FUZZ_SERIES", "").strip()
    audit(BASE_TRANSCRIPT, BASE_SUMMARY)  # load lexicons and compile once: children inherit it
    if chosen != "0":
        names = [s.strip() for s in chosen.split(",") if s.strip()] if chosen else list(SERIES)
        unknown = [s for s in names if s not in SERIES]
        if unknown:
            raise SystemExit(f"unknown series {unknown}; known: {', '.join(SERIES)}")
        run_series(names, wall)
    n = _env_int("BENCH_FUZZ_N", 300)
    if n:
        run_fuzz(n, seed, workers, wall, keep)
    cli = _env_int("BENCH_FUZZ_CLI", 0)
    if cli:
        run_cli(cli, seed, workers, wall, keep)


if __name__ == "__main__":
    main()
