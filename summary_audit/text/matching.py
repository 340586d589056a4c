"""Fast regex matching over long texts: the tricks the extractors share.

A 60-minute transcript is about 60,000 characters and is read by several extractors on every
audit; these helpers keep each pass linear and cheap: a case-insensitive pattern runs as its
case-sensitive twin on lower-cased ASCII text, a pattern that can only start at known positions is
tried only there, and a byte mask records which characters a fact already covers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

from summary_audit.text.normalize import lowercase_regex

__all__ = [
    "Mask",
    "ci_finditer",
    "finditer_at",
    "lines_where",
    "occurrences",
    "required_literals",
    "twin",
    "word_before",
]


@cache
def twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The cached case-sensitive twin of an IGNORECASE pattern (see ``lowercase_regex``)."""
    return lowercase_regex(pattern)


def finditer_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at ``starts`` (ascending) and
    never matches empty: only those positions are tried, not every character of a long text."""
    pos = 0
    for i in starts:
        if i >= pos and (m := pattern.match(text, i)) is not None:
            yield m
            pos = m.end()


def ci_finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for an IGNORECASE pattern: on ASCII text its case-sensitive twin
    runs on the lower-cased text (same matches, same offsets, about twice as fast).  Group texts
    may then be lower-cased: take case-sensitive text from ``text`` by offsets."""
    lowered = twin(pattern)
    if lowered is not None and text.isascii():
        return lowered.finditer(text.lower())
    return pattern.finditer(text)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or None when the pattern's form
    does not say (then every text must be searched).

    A text holding none of them cannot match, and ``str.find`` looks for a few words in a long
    text far faster than ``re`` tries a large alternation at every position.  Read from the
    parsed pattern: a run of literal characters is required, so is what a group, a repeat of at
    least one, or every alternative of a branch requires; of a sequence's requirements the one
    whose shortest string is longest is kept.  Anything else (classes, anchors, lookarounds,
    inline flags, case-insensitive patterns) requires nothing."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:  # the parser is private: without it, no shortcut
        from re import _constants, _parser  # type: ignore[attr-defined]

        return _required(_parser.parse(pattern.pattern, pattern.flags).data, _constants)
    except Exception:
        return None


def _required(items: Any, sre: Any) -> frozenset[str] | None:
    """What every match of the parsed sequence ``items`` contains (see required_literals)."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in [*items, (None, None)]:  # a sentinel ends the last run of literals
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        got: frozenset[str] | None = frozenset({"".join(run)}) if run else None
        run = []
        if op is sre.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            got = _stronger(got, None if add_flags or del_flags else _required(sub.data, sre))
        elif op is sre.BRANCH:
            alternatives = [_required(alt.data, sre) for alt in av[1]]
            if all(alternatives):
                got = _stronger(got, frozenset().union(*alternatives))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            got = _stronger(got, _required(av[2].data, sre))
        elif op is sre.ATOMIC_GROUP:
            got = _stronger(got, _required(av.data, sre))
        best = _stronger(best, got)
    return best


def _stronger(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: the longer shortest string, then fewer strings."""
    if not a or not b:
        return a or b or None
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def occurrences(text: str, words: Iterable[str]) -> set[int]:
    """Every offset where one of ``words`` occurs in ``text`` (overlapping ones too)."""
    out: set[int] = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            out.add(at)
            at = text.find(word, at + 1)
    return out


def word_before(text: str, at: int) -> int | None:
    """Start of the lower-case ASCII word that whitespace separates from ``at``, if any."""
    j = at
    while j and text[j - 1].isspace():
        j -= 1
    k = j
    while k and "a" <= text[k - 1] <= "z":
        k -= 1
    return k if k < j < at else None


def lines_where(test: Callable[[str], object], text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text`` that passes ``test``.

    Values never cross a line (a transcript segment is a line), so an extractor reads only the
    lines that can hold what it looks for: on a long transcript most lines hold none.
    """
    pos = 0
    for line in text.split("\n"):
        if test(line):
            yield pos, pos + len(line)
        pos += len(line) + 1


class Mask:
    """Which characters of a text are already taken by a fact (linear, unlike pairwise checks)."""

    def __init__(self, size: int) -> None:
        self.bits = bytearray(size)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * (end - start)

    def any(self, start: int, end: int) -> bool:
        return 1 in self.bits[start:end]

    def all(self, start: int, end: int) -> bool:
        return 0 not in self.bits[start:end]
