"""Small builders for tests that need parsed objects without going through the readers."""

from __future__ import annotations

import hashlib

from summary_audit.types import Summary, Transcript


def make_transcript(turns: list[tuple[str | None, str]], *, step: float = 5.0) -> Transcript:
    """A Transcript from (speaker, text) turns, one every ``step`` seconds."""
    return Transcript.from_turns(
        ((speaker, i * step, (i + 1) * step, text) for i, (speaker, text) in enumerate(turns)),
        id="t",
    )


def make_summary(text: str) -> Summary:
    return Summary(id="s", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def say(n: int) -> str:
    """``n`` (1 to 999,999) as a driver counting out loud says it ("one hundred twenty-one",
    "two thousand three hundred forty-one")."""
    if n < 10:
        return _ONES[n - 1]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        return _TENS[n // 10 - 2] + (f"-{_ONES[n % 10 - 1]}" if n % 10 else "")
    if n < 1000:
        return f"{_ONES[n // 100 - 1]} hundred" + (f" {say(n % 100)}" if n % 100 else "")
    return f"{say(n // 1000)} thousand" + (f" {say(n % 1000)}" if n % 1000 else "")


def count_out_loud(upto: int) -> str:
    """ "one two three ... " up to ``upto`` (at most 1000): a stress test for the number reader."""
    return " ".join(say(n) for n in range(1, upto + 1))


# A short traffic stop the judge and routing tests share.
STOP_TURNS = [
    ("OFFICER", "Where are you headed tonight?"),
    ("DRIVER", "I was just coming home from work."),
    ("OFFICER", "Okay. Wait here please."),
    ("DRIVER", "Sure, no problem."),
    ("DISPATCH", "Unit four, copy your location."),
    ("OFFICER", "Copy, on Elm Street."),
]
