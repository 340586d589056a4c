"""Legally significant events in a transcript: rights invocations, Miranda advisements, consent
exchanges, medical distress, injury complaints, supervisor requests, commands before force,
exculpatory statements.

The kinds are data (``data/events/omission_kinds.v1.json``): for each, the phrases that signal it
(a space in a phrase stands for any spoken-word gap: punctuation, stutter dashes, fillers), who
may say them, which side an omission of it favours, and the cues by which a summary sentence
mentions it.  Three ways of detecting an event, named by the kind's ``detect``:

* ``phrases``: a phrase spoken by an eligible speaker; utterances of one kind a turn or two apart
  are one event ("ow ... I rolled my ankle");
* ``exchange``: an officer's request and the answers (:mod:`summary_audit.text.exchanges`, the
  one reader of consent answers), the outcome deciding which side an omission favours;
* ``before_force``: the officers' commands in the turns before the first force cue.

Segments tagged ``media`` or ``dispatch`` are never the source of an event.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from summary_audit.errors import ConfigError
from summary_audit.text.exchanges import Exchange, exchanges
from summary_audit.text.matching import required_literals
from summary_audit.text.normalize import lowercase_regex
from summary_audit.text.roles import role_of
from summary_audit.text.wordlists import DENIAL_VERBS, FILLERS, NEGATORS, shipped_wordlists
from summary_audit.types import Segment, Span

Role = Literal["officer", "civilian", "dispatch", "unknown"]
Favours = Literal["civilian", "officer"]
Cues = tuple[tuple[re.Pattern[str], ...], ...]
KINDS_PATH = Path(__file__).resolve().parents[1] / "data" / "events" / "omission_kinds.v1.json"

_PUNCTUATION = r"[\s,.;:!?\-–—…]+"
_FILLER_WORDS = "|".join(sorted((re.escape(f) for f in FILLERS), key=len, reverse=True))
# A gap between spoken words: punctuation, stutter dashes and the fillers ASR leaves in.
GAP = rf"(?:{_PUNCTUATION}(?:(?:{_FILLER_WORDS}){_PUNCTUATION})*)"
_DEFINE = re.compile(r"\{([A-Z_]+)\}")
# Defines every kinds file may use: negation is read from the one list of negators.
BUILT_IN_DEFINES = {
    "NEGATED": r"\b(?:" + "|".join(sorted(NEGATORS | DENIAL_VERBS)) + r"|deni\w*)\b|n't\b",
    # The body parts are the word list's (data/wordlists/body_parts), as everywhere else.
    "BODY": rf"(?P<part>{shipped_wordlists().alternatives('body_parts')})",
    # A word for an injury (data/wordlists/injuries: "cut", "bleeding", "swollen" ...) or for
    # how it came about or is felt.
    "HURT": rf"\b(?:{shipped_wordlists().alternatives('injuries')}|injur\w*|complain\w*|ach\w*"
    r"|twist\w*|roll\w*|sprain\w*|broke\w*|hit|bang\w*|bit|bitten|bit(?:es?|ing)|surgery|numb"
    r"|killing)\b",
}


def speaker_role(speaker: str | None) -> Role:
    """The role a speaker label suggests: diarization labels (SPEAKER_01) are ``unknown`` and a
    named speaker without a title is a civilian (see :func:`summary_audit.text.roles.role_of`)."""
    return role_of(speaker, assume_civilian=True) or "unknown"


@dataclass(frozen=True)
class Phrase:
    """A spoken phrase that signals an event, and what shows that a summary sentence mentions it.

    A sentence mentions the event when every regex of one ``mentions`` group matches it and,
    when ``key`` names a group of ``pattern``, a form of the word that group matched (the body
    part, the denied act) is in the sentence too.
    """

    pattern: re.Pattern[str]
    mentions: Cues
    key: str | None = None


@dataclass(frozen=True)
class EventKind:
    code: str
    label: str
    speakers: frozenset[Role]
    favours: Favours | None
    phrases: tuple[Phrase, ...]
    detect: Literal["phrases", "exchange", "before_force"] = "phrases"
    mentions_by_outcome: Mapping[str, Cues] | None = None
    favours_by_outcome: Mapping[str, Favours] | None = None
    force: re.Pattern[str] | None = None
    window_seconds: float = 0.0
    window_segments: int = 0
    # Kinds that take a turn first: "my chest hurts, I can't breathe" is medical distress
    # (SA504), not also an injury complaint (SA505).
    yields_to: frozenset[str] = frozenset()

    @functools.cached_property
    def any_phrase(self) -> re.Pattern[str] | None:
        """All phrases in one regex: one cheap test per segment before the phrase-by-phrase pass."""
        if not self.phrases:
            return None
        joined = "|".join(f"(?:{p.pattern.pattern})" for p in self.phrases)
        return re.compile(re.sub(r"\(\?P<\w+>", "(?:", joined), re.I)  # group names repeat

    @functools.cached_property
    def any_phrase_lower(self) -> re.Pattern[str] | None:
        """:attr:`any_phrase` for lower-cased ASCII text: the same answer, twice as fast."""
        return lowercase_regex(self.any_phrase) if self.any_phrase is not None else None

    @functools.cached_property
    def literals(self) -> frozenset[str] | None:
        """Strings of three characters or more one of which every phrase of this kind holds
        once lower-cased (None when the phrases do not say, or say only short ones: those are
        in nearly every turn)."""
        if self.any_phrase_lower is None:
            return None
        found = required_literals(self.any_phrase_lower)
        return found if found and min(map(len, found)) >= 3 else None

    def may_occur(self, text: str, lowered: str | None = None) -> bool:
        """Whether some phrase of this kind may occur in ``text`` (a cheap test, then exact);
        ``lowered`` is ``text.lower()`` when the caller already has it."""
        if self.any_phrase is None:
            return False
        return occurs(self.any_phrase, self.any_phrase_lower, text, lowered)


@dataclass(frozen=True)
class Utterance:
    """One place in the transcript where an event was spoken, and how a mention would look."""

    segment: Segment
    span: Span  # the matched words (the whole segment for an answer)
    mentions: Cues
    key: re.Pattern[str] | None = None  # a word form the mentioning sentence must contain


@dataclass(frozen=True)
class Event:
    """One detected event: nearby utterances of the same kind merged ("ow ... my ankle")."""

    kind: EventKind
    utterances: tuple[Utterance, ...]
    favours: Favours | None
    detail: str

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple({u.segment.index: u.segment for u in self.utterances}.values())

    @property
    def span(self) -> Span:
        return self.utterances[0].span


def occurs(
    pattern: re.Pattern[str], lower: re.Pattern[str] | None, text: str, lowered: str | None = None
) -> bool:
    """``pattern.search(text)``, through its lower-case twin when the text allows (every segment
    is tested against every kind: this is the omission rules' hot loop)."""
    if lower is not None and text.isascii():
        return lower.search(text.lower() if lowered is None else lowered) is not None
    return pattern.search(text) is not None


# --- the kinds, from data ------------------------------------------------------------------------


def _expand(pattern: str, defines: Mapping[str, str], where: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) not in defines:
            raise ConfigError(f"{where}: unknown define {{{m.group(1)}}}")
        return defines[m.group(1)]

    return _DEFINE.sub(one, pattern)


def _compile(pattern: str, where: str, *, spoken: bool = False) -> re.Pattern[str]:
    try:
        return re.compile(pattern.replace(" ", GAP) if spoken else pattern, re.I)
    except re.error as exc:
        raise ConfigError(f"{where}: pattern {pattern!r} does not compile: {exc}") from None


def _cue_set(raw: Any, named: Mapping[str, Cues], defines: Mapping[str, str], where: str) -> Cues:
    if isinstance(raw, str):
        if raw not in named:
            raise ConfigError(f"{where}: no mentions set named {raw!r}")
        return named[raw]
    if not isinstance(raw, list) or not all(isinstance(g, list) and g for g in raw):
        raise ConfigError(f"{where}: mentions are a list of regex groups, or a set's name")
    return tuple(tuple(_compile(_expand(p, defines, where), where) for p in group) for group in raw)


def _kind(raw: dict[str, Any], named: Mapping[str, Cues], defines: Mapping[str, str]) -> EventKind:
    where = f"{KINDS_PATH}: kinds.{raw.get('code', '?')}"
    phrases = tuple(
        Phrase(
            _compile(_expand(ph["say"], defines, where), where, spoken=True),
            _cue_set(ph["mentioned_by"], named, defines, where),
            ph.get("key"),
        )
        for ph in raw.get("phrases", ())
    )
    by_outcome = raw.get("mentioned_by_outcome")
    return EventKind(
        code=raw["code"],
        label=raw["label"],
        speakers=frozenset(raw["speakers"]),
        favours=raw.get("favours"),
        phrases=phrases,
        detect=raw.get("detect", "phrases"),
        mentions_by_outcome=(
            {k: _cue_set(v, named, defines, where) for k, v in by_outcome.items()}
            if by_outcome
            else None
        ),
        favours_by_outcome=raw.get("favours_by_outcome"),
        force=_compile(raw["force"], where) if raw.get("force") else None,
        window_seconds=float(raw.get("window_seconds", 0)),
        window_segments=int(raw.get("window_segments", 0)),
        yields_to=frozenset(raw.get("yields_to", ())),
    )


@functools.cache
def event_kinds() -> tuple[EventKind, ...]:
    """The event kinds of the shipped data file, compiled once."""
    try:
        doc = json.loads(KINDS_PATH.read_text(encoding="utf-8"))
        defines = {**BUILT_IN_DEFINES, **doc["defines"]}
        named = {k: _cue_set(v, {}, defines, f"{KINDS_PATH}: mentions.{k}")
                 for k, v in doc["mentions"].items()}  # fmt: skip
        return tuple(_kind(k, named, defines) for k in doc["kinds"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{KINDS_PATH}: invalid event kinds: {exc}") from None


@functools.cache
def merge_gap() -> int:
    """Utterances of one kind at most this many turns apart are one event."""
    return int(json.loads(KINDS_PATH.read_text(encoding="utf-8")).get("merge_gap", 2))


# --- detection -----------------------------------------------------------------------------------

# Irregular forms, so that "took" in the transcript is mentioned by "taken" in the summary.
_FORMS = {
    w: f
    for f in (
        "take|took|taken|taking",
        "steal|stole|stolen|stealing",
        "break|broke|broken",
        "sell|sold|selling",
        "hit|hitting",
        "foot|feet",
        "rib|ribs",
        "wrist|wrists",
    )
    for w in f.split("|")
}


def word_forms(word: str) -> re.Pattern[str]:
    """A regex for the inflected forms of ``word`` ("pushed" -> push, pushes, pushing...)."""
    w = word.lower()
    if w in _FORMS:
        return re.compile(rf"\b({_FORMS[w]})\b", re.I)
    stem = re.sub(r"(ed|ing|es|s)$", "", w) if len(w) > 4 else w
    return re.compile(rf"\b{re.escape(stem)}\w*", re.I)


def clean(text: str) -> str:
    """Curly apostrophes as straight ones; same length, so offsets stay valid."""
    return text.replace("’", "'").replace("‘", "'")


def _role_if_eligible(seg: Segment) -> Role | None:
    """The speaker's role, or None for a segment no event is taken from (media, dispatch tags)."""
    return speaker_role(seg.speaker) if seg.from_the_scene else None


def _utterances(
    kind: EventKind, seg: Segment, transcript_text: str, prepared: tuple[str, str] | None = None
) -> list[Utterance]:
    """Each phrase of ``kind`` spoken in ``seg`` ("ow, ow, my ankle, I rolled my ankle").

    ``prepared`` is the segment's cleaned text and its lower-case form, when the caller has them.
    """
    text, lowered = prepared or (clean(seg.text), None)
    if not kind.may_occur(text, lowered):
        return []
    found = []
    start = seg.span.start
    for phrase in kind.phrases:
        # A keyed phrase is said once per word ("I didn't break anything ... I didn't kick it"):
        # the summary reports the event by any of them.
        matches = phrase.pattern.finditer(text) if phrase.key else (phrase.pattern.search(text),)
        words: set[str] = set()
        for m in matches:
            if m is None:
                continue
            word = m.group(phrase.key).lower() if phrase.key else None
            if word is not None and word in words:
                continue
            words.add(word or "")
            span = Span.of("transcript", transcript_text, start + m.start(), start + m.end())
            found.append(Utterance(seg, span, phrase.mentions, word_forms(word) if word else None))
    return sorted(found, key=lambda u: u.span.start)


def detect_events(
    segments: Sequence[Segment],
    transcript_text: str,
    found_exchanges: Sequence[Exchange] | None = None,
) -> list[Event]:
    """Every legally significant event in the transcript, kind by kind, in transcript order.

    ``found_exchanges`` are the transcript's requests and answers when the caller has read them
    already (:func:`summary_audit.text.exchanges.exchanges`)."""
    if found_exchanges is None:
        found_exchanges = exchanges(segments)
    events: list[Event] = []
    # Each segment is tested against every kind: prepare its role and text once, not per kind.
    roles = [_role_if_eligible(seg) for seg in segments]
    texts = [(text, text.lower()) for text in (clean(seg.text) for seg in segments)]
    lowered = _Lowered(texts)
    for kind in event_kinds():
        if kind.detect == "exchange":
            events.extend(_consent_events(kind, found_exchanges, transcript_text))
            continue
        if kind.detect == "before_force":
            events.extend(_commands_before_force(kind, segments, transcript_text))
            continue
        maybe = lowered.holding(kind.literals)
        group: list[Utterance] = []
        for i, (seg, role, prepared) in enumerate(zip(segments, roles, texts, strict=True)):
            found = (
                _utterances(kind, seg, transcript_text, prepared)
                if role in kind.speakers and (maybe is None or i in maybe)
                else []
            )
            if not found:
                continue
            if group and seg.index - group[-1].segment.index > merge_gap():
                events.append(Event(kind, tuple(group), kind.favours, kind.label))
                group = []
            group.extend(found)
        if group:
            events.append(Event(kind, tuple(group), kind.favours, kind.label))
    return _yielded(events)


def _yielded(events: list[Event]) -> list[Event]:
    """``events`` without the utterances said in a turn that an event of a kind they yield to
    already holds."""
    taken: dict[str, set[int]] = {}
    for e in events:
        taken.setdefault(e.kind.code, set()).update(u.segment.index for u in e.utterances)
    out = []
    for e in events:
        held = set().union(*(taken.get(code, set()) for code in e.kind.yields_to))
        kept = tuple(u for u in e.utterances if u.segment.index not in held)
        if kept:
            out.append(e if len(kept) == len(e.utterances) else replace(e, utterances=kept))
    return out


class _Lowered:
    """The segments' lower-cased texts joined by newlines, to find which segments may hold a
    phrase by looking for its required strings in one long text (``str.find``) instead of
    trying the phrase's regex on every segment."""

    def __init__(self, texts: Sequence[tuple[str, str]]) -> None:
        self.joined = "\n".join(low for _, low in texts)
        self.starts: list[int] = []
        at = 0
        for _, low in texts:
            self.starts.append(at)
            at += len(low) + 1
        # Non-ASCII segments are matched case-insensitively as they are: always searched.
        self.others = {i for i, (text, _) in enumerate(texts) if not text.isascii()}

    def holding(self, literals: frozenset[str] | None) -> set[int] | None:
        """Positions of the segments whose lower-cased text holds one of ``literals`` (and
        every non-ASCII segment); None, meaning all, when there are no literals."""
        if literals is None:
            return None
        out = set(self.others)
        joined, starts, last = self.joined, self.starts, len(self.starts) - 1
        for literal in literals:
            at = joined.find(literal)
            while at >= 0:
                p = bisect.bisect_right(starts, at) - 1
                out.add(p)
                if p == last:
                    break
                at = joined.find(literal, starts[p + 1])
        return out


def _consent_events(
    kind: EventKind, found: Sequence[Exchange], transcript_text: str
) -> Iterator[Event]:
    """One event per consent exchange; its answer decides which side an omission favours and
    what mentioning it takes (a refusal must be mentioned as a refusal)."""
    outcomes = {"refused": "asked and refused", "given": "asked and given"}
    for ex in found:
        if ex.request.kind != "search":
            continue
        outcome = ex.outcome or "unclear"
        cues = (kind.mentions_by_outcome or {}).get(outcome, ())
        seg = ex.request.segment
        asked = Span.of(
            "transcript", transcript_text, seg.span.start + ex.request.start,
            seg.span.start + ex.request.end,
        )  # fmt: skip
        answers = [a for a in ex.answers if a.stance == outcome] if outcome != "unclear" else []
        utterances = (
            Utterance(seg, asked, cues),
            *(Utterance(a.segment, a.segment.span, cues) for a in answers[-3:]),
        )
        favours = (kind.favours_by_outcome or {}).get(outcome)
        yield Event(
            kind, utterances, favours, f"consent to search {outcomes.get(outcome, 'asked')}"
        )


def _commands_before_force(
    kind: EventKind, segments: Sequence[Segment], transcript_text: str
) -> Iterator[Event]:
    """One event for the officers' commands in the turns before the first force cue."""
    assert kind.force is not None
    lower = lowercase_regex(kind.force)
    force = next(
        (s for s in segments if s.testimony and occurs(kind.force, lower, clean(s.text))),
        None,
    )
    if force is None:
        return
    commands = []
    for seg in segments[max(0, force.index - kind.window_segments) : force.index + 1]:
        near = (
            force.start_s is None
            or seg.start_s is None
            or force.start_s - seg.start_s <= kind.window_seconds
        )
        if near and _role_if_eligible(seg) in kind.speakers:
            commands.extend(_utterances(kind, seg, transcript_text)[:1])
    if commands:
        n = len(commands)
        # The last commands before force matter most.
        yield Event(
            kind, tuple(commands[-3:]), kind.favours, f"{n} command{'s' * (n > 1)} before force"
        )
