"""What every transcript format reader produces: raw segments with speaker labels and times, and
the :class:`~summary_audit.types.Transcript` built from them (texts joined with newlines, spans,
tags such as ``media`` or ``dispatch`` read from labels and bracketed notes).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from dataclasses import dataclass, field

from summary_audit.errors import InputError
from summary_audit.types import Segment, Span, Transcript, Word

# Timestamps: [h:]mm:ss with an optional fraction ("." in VTT, "," in SRT); the reader is lenient
# about which separator and how many fraction digits, strict about the ranges.
TS = r"(?:[0-9]{1,3}:)?[0-9]{1,2}:[0-9]{2}(?:[.,][0-9]{1,4})?"  # ASCII: \d also takes "٣"


# A speaker label: up to six words before ": ".  Every word starts with a capital, a digit, "[",
# "?" or "#" (or is a name particle), so "He said: stop" or "At 10:30" are not speakers.
_LABEL = re.compile(
    r"([^\W_][\w.'’()\[\]#-]*|[\[(?#][\w.'’()\[\]#?-]*)(?:[ \t]+[\w.'’()\[\]#?-]+){0,5}"
)


_PARTICLES = frozenset(
    {"de", "la", "del", "van", "von", "da", "di", "du", "le", "der", "den", "el"}
)


# The spaces before the colon are read from where they start ("(?<!\s)") and never given back:
# a line of thousands of spaces is read once, not once per space.
_SPEAKER_SPLIT = re.compile(r"(?<!\s)\s*+:(?:\s+|$)")


_ANNOTATION = re.compile(r"\[([^\[\]]*)\]|\(([^()]*)\)")


_WORD = re.compile(r"[A-Za-z0-9?]+")


_MEDIA_WORDS = frozenset(
    {"TV", "TELEVISION", "RADIO", "MEDIA", "BACKGROUND", "MOVIE", "FILM", "BROADCAST", "MUSIC"}
)


# Diarization labels (SPEAKER_00, Speaker A), UNKNOWN..., "?": nobody knows who spoke.
_UNKNOWN_SPEAKER = re.compile(r"SPEAKER(?: ?(?:[0-9]+|[A-Z]))?|(?:UNKNOWN|UNIDENTIFIED)\b.*|\?+")


@dataclass
class RawSegment:
    """A segment as a reader found it, before spans and tags are computed."""

    line: int | None
    where: str  # "cue 3" / "segment 3" for messages; "" when the line says it all
    speaker: str | None = None
    start: float | None = None
    end: float | None = None
    parts: list[str] = field(default_factory=list)
    confidence: float | None = None
    words: tuple[Word, ...] = ()


def build(
    raws: list[RawSegment],
    *,
    fmt: str,
    path: str | None,
    id: str,
    sha: str,
    notes: tuple[str, ...] = (),
) -> Transcript:
    """The Transcript of ``raws``; ``notes`` say how the reader read the input."""
    for raw in raws:
        raw.parts = [clean(" ".join(raw.parts))]
    raws = [r for r in raws if r.parts[0]]  # empty cues and turns carry nothing to audit
    notes = (*notes, *_check_times(raws))
    if fmt == "turns":  # a turn lasts until the next one starts
        for raw, nxt in itertools.pairwise(raws):
            if raw.start is not None and nxt.start is not None:
                raw.end = nxt.start
    segments, texts, offset = [], [], 0
    for index, raw in enumerate(raws):
        seg_text = raw.parts[0]
        span = Span(doc="transcript", start=offset, end=offset + len(seg_text), text=seg_text)
        segments.append(
            Segment(
                index=index,
                speaker=raw.speaker,
                start_s=raw.start,
                end_s=raw.end,
                text=seg_text,
                confidence=raw.confidence,
                span=span,
                words=raw.words,
                tags=_tags(raw.speaker, seg_text),
                line=raw.line,
            )
        )
        texts.append(seg_text)
        offset += len(seg_text) + 1
    if not any(any(c.isalnum() for c in _ANNOTATION.sub("", t)) for t in texts):
        raise InputError("transcript has no speech (no segment with spoken text)", path=path)
    return Transcript(
        id=id,
        source=path,
        format=fmt,
        text="\n".join(texts),
        segments=tuple(segments),
        sha256=sha,
        notes=notes,
    )


def clean(text: str) -> str:
    return " ".join(text.split())


def _check_times(raws: list[RawSegment]) -> list[str]:
    """Notes on times that do not run forward; the times are kept as written, never refused.

    A cue that ends before it starts loses its end time.  Times that go backwards are what two
    recordings joined into one file, or overlapping cues, look like: segment order stays the
    order of the file, which is what the rules use for "before" and "after".
    """
    notes: list[str] = []
    backwards: list[str] = []
    previous: float | None = None
    for raw in raws:
        where = raw.where or (f"line {raw.line}" if raw.line else "a segment")
        if raw.start is not None and raw.end is not None and raw.end < raw.start:
            notes.append(
                f"{where} ends ({_fmt(raw.end)}) before it starts ({_fmt(raw.start)}); "
                "its end time is dropped"
            )
            raw.end = None
        if raw.start is None:
            continue
        if previous is not None and raw.start < previous:
            backwards.append(f"{where} ({_fmt(raw.start)} after {_fmt(previous)})")
        previous = raw.start
    if backwards:
        shown = ", ".join(backwards[:3]) + (
            f" and {len(backwards) - 3} more" if len(backwards) > 3 else ""
        )
        notes.append(
            f"timestamps go backwards at {shown}: recordings joined or cues overlapping; "
            "segments are kept in file order"
        )
    return notes


def _fmt(seconds: float) -> str:
    if not math.isfinite(seconds * 1000):  # a time such as 1e308 s: no clock shows it
        return f"{seconds:g} s"
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def seconds(stamp: str, path: str | None, line: int | None) -> float:
    """Seconds of ``[h:]mm:ss[.fff]``; minutes and seconds must be below 60."""
    main, _, frac = stamp.replace(",", ".").partition(".")
    fields = [int(x) for x in main.split(":")]
    hours, minutes, secs = ([0, *fields] if len(fields) == 2 else fields)[-3:]
    if minutes >= 60 or secs >= 60:
        raise InputError(f"bad timestamp {stamp!r}", path=path, line=line)
    # Read to the millisecond; "00:03:49,1000" is an encoder's rounding of 999.5 ms up to a
    # thousand: the next second.
    millis = (1000 if frac == "1000" else int(frac[:3].ljust(3, "0"))) if frac else 0
    return (hours * 3_600_000 + minutes * 60_000 + secs * 1000 + millis) / 1000


def split_speaker(text: str, labels: frozenset[str] = frozenset()) -> tuple[str | None, str]:
    """``("OFFICER SMITH", "rest")`` for ``"OFFICER SMITH: rest"``, else ``(None, text)``.

    A label is capitalised ("OFFICER SMITH", "Ofc. Reyes"), or one of ``labels``: labels of any
    case that the document uses again and again ("marketing:", "officer:"; see
    :func:`recurring_labels`).
    """
    colon = _SPEAKER_SPLIT.search(text)
    if not colon or colon.start() > 60:
        return None, text
    label = text[: colon.start()].strip()
    if label.lower() in labels or (_is_label(label) and label.lower() not in _UNSAFE):
        return label, text[colon.end() :]
    return None, text


# Where a turn can start inside a line: after a sentence end ("... okay. B: sure"), SAMSum's
# " . " separator included, but not after a title's period ("Ofc. Reyes").
_TURN_BOUNDARY = re.compile(r"[.!?…][\"”’')\]]*+\s++(?:\.\s+)?")
_TITLE_BEFORE = re.compile(r"(?:^|\s)(?:ofc|sgt|det|lt|cpl|capt|dep|mr|mrs|ms|dr|st)$", re.I)
_TITLE_REACH = 5  # "capt" and the space before it: _TITLE_BEFORE is searched in this window
_COLON = re.compile(r"(?<![ \t])[ \t]*+:(?=[ \t]|$)")
_LABEL_SHAPE = re.compile(r"[^\W\d_][\w.'’()#-]*(?:[ \t][\w.'’()#-]+){0,3}")
# Lower-case words that start a sentence, never a speaker label ("so: ...", "the thing is: ...").
_NOT_LABEL_START = frozenset(
    str.split(
        "i he she we they you it the a an this that these those there and but so then because if "
        "also well what which who when where how"
    )
)
_UNSAFE = frozenset({"note", "update", "edit", "source", "summary"})  # headings, not speakers


def _candidates(line: str) -> list[tuple[int, int, str]]:
    """(start, end of "label:", label) for each label candidate that starts the line or a turn
    inside it (after a sentence end)."""
    out = []
    starts = [0] + [
        m.end()
        for m in _TURN_BOUNDARY.finditer(line)
        if not _TITLE_BEFORE.search(line, max(0, m.start() - _TITLE_REACH), m.start())
    ]
    # Whitespace positions, to refuse a label with more than three spaces without copying it:
    # every colon of a long line would otherwise copy the text back to its turn's start.  Read
    # at the first colon: most lines have none.
    spaces: list[int] | None = None
    text_at: dict[int, int] = {}  # a turn start -> its first non-space character
    for colon in _COLON.finditer(line):
        if spaces is None:
            spaces = [m.start() for m in _SPACE.finditer(line)]
        start = starts[bisect.bisect_right(starts, colon.start()) - 1]
        if start not in text_at:
            text_at[start] = _SPACES.match(line, start).end()  # type: ignore[union-attr]
        # The label runs from the turn's first non-space character to the colon, its trailing
        # spaces left out.
        hi = colon.start()
        lo = min(text_at[start], hi)
        while hi > lo and line[hi - 1].isspace():
            hi -= 1
        if bisect.bisect_left(spaces, hi) - bisect.bisect_left(spaces, lo) > 3:
            continue  # _LABEL_SHAPE allows three separators at most
        label = line[lo:hi]
        if not _LABEL_SHAPE.fullmatch(label):
            continue
        first = label.split()[0].lower()
        if first in _NOT_LABEL_START or label.lower() in _UNSAFE:
            continue
        out.append((start, colon.end(), label))
    return out


_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s*+")


def recurring_labels(lines: list[str]) -> frozenset[str]:
    """Labels (lower-cased) the document uses as speakers: any label that opens a turn at least
    twice, whatever its case, and any capitalised label after a sentence end on a line that
    itself opens with a capitalised label (a whole chat on one line: "Ann: hi . Mike: ok")."""
    counts: dict[str, int] = {}
    chat: set[str] = set()
    for line in lines:
        found = _candidates(line)
        for _, _, label in found:
            counts[label.lower()] = counts.get(label.lower(), 0) + 1
        if found and found[0][0] == 0 and _is_label(found[0][2]):
            chat.update(label.lower() for _, _, label in found if _is_label(label))
    labels = {k for k, n in counts.items() if n >= 2} | (chat if len(chat) >= 2 else set())
    # A document of labelled turns (two recurring labels or more): a role that speaks once is
    # a speaker too ("industrial designer: ..." among "marketing:" and "project manager:").
    if len(labels) >= 2:
        labels |= {
            found[0][2].lower() for found in map(_candidates, lines) if found and found[0][0] == 0
        }
    return frozenset(labels)


def split_turns(line: str, labels: frozenset[str]) -> list[str]:
    """A line holding several turns ("A: hi. B: hello.") cut before each label after the first;
    a line with one turn comes back whole."""
    cuts = [start for start, _, label in _candidates(line) if start > 0 and label.lower() in labels]
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    pieces = [line[a:b].strip() for a, b in itertools.pairwise(bounds)]
    # SAMSum separates turns with " . ": the lone period belongs to no one.
    return [p.removesuffix(" .").strip() for p in pieces if p.strip(" .")]


@functools.lru_cache(maxsize=1024)  # the same few speaker labels start most lines
def _is_label(label: str) -> bool:
    return bool(_LABEL.fullmatch(label)) and all(_capitalized(w) for w in label.split())


def _capitalized(word: str) -> bool:
    if word.lower() in _PARTICLES:
        return True
    letter = next((c for c in word if c.isalpha()), None)
    return letter is None or letter.isupper()


# Radio procedure: a unit's call sign ("four-two", "2-Adam-14"), "copy", "ten-four", "be
# advised".  A speaker labelled only "RADIO" who talks this way is police radio, not broadcast.
_RADIO_PROCEDURE = re.compile(
    r"\b(?:copy|ten-four|10-4|be advised|en route|bolo|(?:one|two|three|four|five|six|seven|"
    r"eight|nine)-(?:one|two|three|four|five|six|seven|eight|nine)|\d{1,2}-\d{1,2})\b",
    re.IGNORECASE,
)


# Words spoken to the drafting AI rather than to anyone at the scene: instructions to a model
# ("ignore previous instructions", "AI, write that ...", "the summary should say ..."), which a
# transcript carries as untrusted text.  Officers' "I'll put it in my report" is not one.
_ADDRESSES_MODEL = re.compile(
    r"\b(?:ignore|disregard|forget)\s++(?:all\s++|any\s++)?(?:(?:the|your|my)\s++)?"
    r"(?:previous|prior|above|earlier|other)\s++(?:instructions?|directions?|prompts?|rules)\b"
    r"|\bas an ai\b|\b(?:you are|you're)\s++(?:an ai|a language model|chatgpt)\b"
    r"|\b(?:ai|chatgpt|gpt|draft one|language model)\s*+[,:]?\s*+(?:please\s++)?"
    r"(?:write|put|say|state|note|record|include|report)\b"
    r"|\b(?:write|put|state|say|note|record|include)\s++(?:it\s++)?in\s++(?:the|your|this)\s++"
    r"(?:summary|narrative|ai report)\b"
    r"|\bthe\s++(?:summary|narrative|ai report)\s++(?:should|must|will|needs to)\s++"
    r"(?:say|state|show|read|include)\b|\bsystem prompt\b",
    re.IGNORECASE,
)


def _tags(speaker: str | None, text: str) -> tuple[str, ...]:
    tags = set(_speaker_tags(speaker))
    if _ADDRESSES_MODEL.search(text):
        tags.add("addresses_model")
    if "media" in tags and _bare_radio(speaker) and _RADIO_PROCEDURE.search(text):
        tags = (tags - {"media"}) | {"dispatch"}
    # A sound note inside someone's turn ("sorry [TV volume drops] okay") does not make the turn
    # media; a note carrying the media's words ("[background TV: ...]") or standing alone does.
    alone = not _ANNOTATION.sub("", text).strip()
    for match in _ANNOTATION.finditer(text):
        label, _, content = (match.group(1) or match.group(2) or "").partition(":")
        words = _WORD.findall(label.upper())
        if alone or content.strip():
            tags.update(_source_tags(words))
        if {"CROSSTALK", "OVERLAPPING"} & set(words) or "CROSS-TALK" in label.upper():
            tags.add("crosstalk")
        if {"INAUDIBLE", "UNINTELLIGIBLE", "INDISCERNIBLE"} & set(words):
            tags.add("inaudible")
    return tuple(sorted(tags))


@functools.lru_cache(maxsize=1024)
def _bare_radio(speaker: str | None) -> bool:
    """A label that says radio and no more ("RADIO", "Radio 2"): police radio or broadcast."""
    words = _WORD.findall((speaker or "").upper())
    return "RADIO" in words and not (_MEDIA_WORDS - {"RADIO"}).intersection(words)


@functools.lru_cache(maxsize=1024)
def _speaker_tags(speaker: str | None) -> frozenset[str]:
    if speaker is None:
        return frozenset()
    key = " ".join(_WORD.findall(speaker.upper()))
    tags = _source_tags(key.split())
    if _UNKNOWN_SPEAKER.fullmatch(key) or key == "":
        tags.add("unknown_speaker")
    return frozenset(tags)


def _source_tags(words: list[str]) -> set[str]:
    """``dispatch`` for DISPATCH / POLICE RADIO, ``media`` for TV, RADIO, BACKGROUND..."""
    police_radio = "RADIO" in words and ("POLICE" in words or "TRAFFIC" in words)
    if police_radio or any(w.startswith("DISPATCH") for w in words):
        return {"dispatch"}
    if _MEDIA_WORDS.intersection(words):
        return {"media"}
    return set()
