"""Split a summary into claims (sentences and clauses) and find its quotes, with exact offsets.

The rules, kept simple so that results are predictable:

* Blocks: a blank line ends a paragraph; Markdown headings, list items (``-``, ``*``, ``+``, ``•``,
  ``1.``, ``1)``, ``a)``), table rows and block quotes are blocks of their own (their markers are
  not part of the claim); horizontal rules give no claim.
* Sentences end at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) followed by whitespace
  and an upper-case letter, a digit or an opening quote, or by the end of the block.  Never after
  titles (Ofc. Sgt. Det. Lt. Cpl. Capt. Dep. Mr. Mrs. Ms.), vs., e.g., i.e., approx., single
  initials ("J. Smith"; "section C. He" ends: no name is "He") or "No." before a number.  After
  a.m., p.m., Jr., Sr., St., Ave., Blvd., Rd., Dr., U.S. and other dotted initials only when the
  next word commonly starts a sentence
  ("He", "The", "At" ...).  Nothing inside a double-quoted passage ends a sentence, except at its
  closing quote mark.
* Clauses: a sentence is cut at ``"; "`` and before ``", and"``, ``", then"``, ``", but"`` and
  ``", which"`` when both sides have at least four words (counted from the previous cut and to the
  end of the sentence).  The connective stays with the right-hand clause; the comma or semicolon
  belongs to neither.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from summary_audit.text.wordlists import speech_verb_alternation
from summary_audit.types import Claim, Span

__all__ = ["Quote", "find_quotes", "split_claims"]


_NEVER_ENDS = frozenset(
    str.split("ofc sgt det lt cpl capt dep mr mrs ms vs e.g i.e approx appx")
)  # a period after these never ends a sentence
_MAYBE_ENDS = frozenset(str.split("a.m p.m jr sr st ave blvd rd dr u.s etc inc co"))
_STARTERS = frozenset(
    str.split(
        """he she they i we it you his her their its the a an this that these those there then
        when after before at on in during while as both neither no one two three four five six
        seven eight nine ten"""
    )
)  # words that commonly begin a sentence (lower case)
_MIN_CLAUSE_WORDS = 4

_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)]|\(?[a-z]\))[ \t]+")
_TABLE_ROW = re.compile(r"[ \t]*\|")
_BLOCKQUOTE = re.compile(r"[ \t]*>[ \t]?")
_RULE_LINE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*")
# A terminator starts where its run of marks starts and gives nothing back: a run of thousands of
# periods or "?!" is read once, not retried at each of its marks.
_TERMINATOR = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s|$)")
_CLAUSE_CUT = re.compile(r"(;)\s+|(,)\s+(?=(?:and|then|but|which)\b)")
_WORD = re.compile(r"\w+")
_WORD_OR_DOT = re.compile(r"[\w.]")
_NON_SPACE = re.compile(r"\S")
_NEXT_WORD = re.compile(r"[\"“'‘(\[]?(\w+)")


@dataclass(frozen=True)
class Quote:
    """A double-quoted passage: ``span`` includes the quote marks, ``inner`` does not.

    ``speaker_hint`` is the subject of a reporting verb right before or after the quote ("Smith",
    "Ofc. Reyes", "the driver", "he"), or None when there is no obvious one.
    """

    span: Span
    inner: Span
    speaker_hint: str | None


def _blocks(text: str) -> list[tuple[int, int]]:
    """Character ranges of paragraphs, list items, headings and table rows (markers excluded)."""
    blocks: list[tuple[int, int]] = []
    current: list[int] | None = None  # [start, end] of an open paragraph or list item
    pos = 0
    for line in text.splitlines(keepends=True):
        start, body = pos, line.rstrip("\r\n")
        pos += len(line)
        end = start + len(body)
        if not body.strip() or _RULE_LINE.fullmatch(body):
            current = None
            continue
        own = None
        for pattern in (_HEADING, _LIST_ITEM, _TABLE_ROW, _BLOCKQUOTE):
            m = pattern.match(body)
            if m:
                own = pattern
                break
        if own is None and current is not None:
            current[1] = end  # a continuation line of the paragraph or list item
            continue
        content = start + (m.end() if own is not None and own is not _TABLE_ROW else 0)
        current = [content, end]
        blocks.append(current)  # type: ignore[arg-type]
        if own in (_HEADING, _TABLE_ROW):
            current = None
    return [(s, e) for s, e in blocks if s < e]


def _quote_ranges(text: str) -> list[tuple[int, int]]:
    """[open, close + 1) of paired double quotes; pairing restarts at every blank line."""
    return list(_quote_ranges_of(text))


@functools.lru_cache(maxsize=64)  # claims and every quote rule ask for the same summary's quotes
def _quote_ranges_of(text: str) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in re.finditer(r"[\"“”]|\n[ \t]*\n", text):
        char, i = m.group(), m.start()
        if char.startswith("\n"):
            open_at = None
        elif char == '"' and re.search(r"\d['’]\s?\d{1,2}$", text[max(0, i - 5) : i]):
            continue  # an inch mark, as in 5'9"
        elif open_at is None:
            # A quote never opens right after a digit: 29.5", 28" are inch marks.
            if char != "”" and not text[i - 1 : i].isdigit():
                open_at = i
        elif char != "“":
            ranges.append((open_at, i + 1))
            open_at = None
    return tuple(ranges)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(text: str, dot: int, after: int, block_end: int) -> bool:
    """Whether the terminator at ``dot`` (its run ends at ``after``) ends a sentence.

    Reads only the characters next to the terminator (no copy of the text before or after it:
    that made every terminator cost the length of the summary)."""
    first = _NON_SPACE.search(text, after, block_end)
    if first is None:
        return True
    rest0 = text[first.start()]
    if not (rest0.isupper() or rest0.isdigit() or rest0 in "\"“'‘(["):
        return False
    if text[dot] != ".":
        return True
    # The run of word characters and periods just before the dot (or before a line break just
    # before it: "$" of the search this replaces also matched there).
    stop = dot - 1 if dot > 0 and text[dot - 1] == "\n" else dot
    begin = stop
    while begin > 0 and _WORD_OR_DOT.match(text, begin - 1):
        begin -= 1
    word = text[begin:stop].lower()
    if word in _NEVER_ENDS:
        return False
    if len(word) == 1 and word.isalpha():
        # an initial, "J. Smith" -- unless a word that is no name follows ("section C. He ...")
        next_word = _NEXT_WORD.match(text, first.start(), block_end)
        starter = next_word.group(1).lower() if next_word else ""
        return len(starter) > 1 and starter in _STARTERS
    if word == "no" and (rest0.isdigit() or rest0 == "#"):
        return False
    if word in _MAYBE_ENDS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        next_word = _NEXT_WORD.match(text, first.start(), block_end)
        return bool(next_word) and next_word.group(1).lower() in _STARTERS  # type: ignore[union-attr]
    return True


class _Quoted:
    """Quote ranges (sorted, disjoint) with a binary search for whether a position is inside."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in ranges]
        self.ranges = ranges

    def inside(self, pos: int) -> bool:
        i = bisect.bisect_left(self.starts, pos) - 1  # the last range opening before pos
        return i >= 0 and pos < self.ranges[i][1]


def _sentences(text: str, quotes: _Quoted) -> list[tuple[int, int]]:
    out = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for m in _TERMINATOR.finditer(text, block_start, block_end):
            if quotes.inside(m.end()):
                continue
            if _ends_sentence(text, m.start(), m.end(), block_end):
                out.append(_trim(text, start, m.end()))
                start = m.end()
        out.append(_trim(text, start, block_end))
    # A "sentence" without a letter or digit (a stray "--" or "**") is not a claim.
    return [(s, e) for s, e in out if s < e and re.search(r"\w", text[s:e])]


def _clauses(text: str, start: int, end: int, quotes: _Quoted) -> list[tuple[int, int]]:
    """Cut one sentence into clauses (see the module docstring)."""
    out, clause_start = [], start
    words: tuple[list[int], list[int]] | None = None  # word starts and ends, read once if needed
    for m in _CLAUSE_CUT.finditer(text, start, end):
        if quotes.inside(m.start()):
            continue
        if words is None:
            spans = [w.span() for w in _WORD.finditer(text, start, end)]
            words = [a for a, _ in spans], [b for _, b in spans]
        left = _count_words(words, clause_start, m.start())
        right = _count_words(words, m.end(), end)
        if left >= _MIN_CLAUSE_WORDS and right >= _MIN_CLAUSE_WORDS:
            out.append(_trim(text, clause_start, m.start()))
            clause_start = m.end()
    out.append(_trim(text, clause_start, end))
    return out


def _count_words(words: tuple[list[int], list[int]], a: int, b: int) -> int:
    """``len(_WORD.findall(text, a, b))`` from the sentence's words: the words that overlap
    ``[a, b)`` (a word cut by ``a`` or ``b`` counts, as findall reads its part)."""
    starts, ends = words
    return max(0, bisect.bisect_left(starts, b) - bisect.bisect_right(ends, a))


def split_claims(text: str) -> list[Claim]:
    """The claims of a summary: sentences, list items and headings, cut into clauses.

    Every claim's span satisfies ``text[span.start:span.end] == span.text``, is trimmed of
    surrounding whitespace, and no two claims overlap.
    """
    quotes = _Quoted(_quote_ranges(text))
    claims: list[Claim] = []
    for sentence_no, (start, end) in enumerate(_sentences(text, quotes)):
        for clause_start, clause_end in _clauses(text, start, end, quotes):
            span = Span.of("summary", text, clause_start, clause_end)
            claims.append(Claim(index=len(claims), span=span, sentence=sentence_no))
    return claims


_VERBS = speech_verb_alternation()
_TITLE = r"(?:Ofc|Officer|Sgt|Sergeant|Det|Detective|Lt|Cpl|Capt|Dep|Deputy|Mr|Mrs|Ms|Dr)\.?"


def _subject(group: str) -> str:
    """A reporting verb's subject: a (titled) name, "the driver", or a pronoun."""
    return (
        rf"(?P<{group}>\b(?:{_TITLE}\s+)?(?:[A-Z]\.|[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*)?"
        r"|\b(?:[Tt]he|[Aa]n?|[Tt]hat|[Tt]his)\s+(?:[a-z]+\s+)?[a-z]+|\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)\b)"
    )


_SUBJECT_BEFORE_VERB = re.compile(rf"{_subject('subj')},?\s+(?:[a-z]+ly\s+)?$")
_AFTER = re.compile(
    rf"\s*,?\s*(?:{_VERBS}\s+{_subject('subj')}"
    rf"|{_subject('subj2')}\s+(?:[a-z]+ly\s+)?{_VERBS}\b)"
)
_VERB_RE = re.compile(rf"\b{_VERBS}\b")
_NOT_NAMES = frozenset(
    str.split("When Then After Before And But So As While Later Finally Also Once Here There")
)


def _clean_subject(subject: str | None) -> str | None:
    if subject is None:
        return None
    words = subject.split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    return " ".join(words) or None


def _speaker_hint(text: str, start: int, end: int) -> str | None:
    """The subject of a reporting verb just before ``text[start:end]`` or just after it."""
    cut = max(0, start - 100)
    # Never look back past another quote mark or a line break.
    cut += max((m.end() for m in re.finditer(r"[\"“”\n]", text[cut:start])), default=0)
    for m in _TERMINATOR.finditer(text, cut, start):
        if _ends_sentence(text, m.start(), m.end(), start):
            cut = m.end()
    window = text[cut:start]
    verbs = list(_VERB_RE.finditer(window))
    if verbs:
        verb = verbs[-1]
        if len(window) - verb.end() <= 40:
            m = _SUBJECT_BEFORE_VERB.search(window[: verb.start()])
            hint = _clean_subject(m.group("subj") if m else None)
            if hint:
                return hint
    # A quote closed by a period ends its sentence and takes no subject from the next one:
    # '"... nothing." I told him'.  After "!" or "?" the attribution may follow: '"Stop!" I yelled'.
    if "." in text[max(start, end - 3) : end]:
        return None
    m = _AFTER.match(text, end, min(len(text), end + 80))
    return _clean_subject((m.group("subj") or m.group("subj2")) if m else None)


def find_quotes(text: str) -> list[Quote]:
    """Double-quoted passages (straight or curly quotes) with a speaker hint where obvious."""
    return list(_find_quotes(text))


@functools.lru_cache(maxsize=64)  # the quote rules of one audit each ask for the same summary
def _find_quotes(text: str) -> tuple[Quote, ...]:
    quotes = []
    for start, end in _quote_ranges(text):
        inner_start, inner_end = _trim(text, start + 1, end - 1)
        if inner_start == inner_end:
            continue
        quotes.append(
            Quote(
                span=Span.of("summary", text, start, end),
                inner=Span.of("summary", text, inner_start, inner_end),
                speaker_hint=_speaker_hint(text, start, end),
            )
        )
    return tuple(quotes)
