"""SA1xx: facts in the summary (numbers, times, people, places, vehicles, weapons, drugs, injuries,
force) that the transcript does not support, or states differently (SA110).

Each summary fact is extracted with :mod:`summary_audit.text.facts` and looked up among the facts the
same extractor finds in the transcript.  A fact is *supported* when the transcript yields a fact of
the same kind and value; it is *contradicted* (SA110) when it is not supported and the transcript
states a fact of the same kind and unit in the same context (the claim's best-matching segments,
or the only value of that unit in the whole transcript).  Facts in a negated mention ("no knife was
found") are not checked: they assert absence, which a transcript rarely states in words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from summary_audit.rules.registry import AuditContext, Hit, rule
from summary_audit.text.facts import Fact, digitize, extract_facts, spoken_digit_strings
from summary_audit.types import Claim, Evidence, Segment

_KIND_CODE = {
    "number": "SA101",
    "time": "SA102",
    "person": "SA103",
    "place": "SA104",
    "vehicle": "SA105",
    "weapon": "SA106",
    "drug": "SA107",
    "injury": "SA108",
    "force": "SA109",
}
_KIND_WORD = {
    "number": "number",
    "time": "time or duration",
    "person": "person",
    "place": "place",
    "vehicle": "vehicle detail",
    "weapon": "weapon",
    "drug": "drug",
    "injury": "injury",
    "force": "use of force",
}
# Units specific enough that two values of them in one report describe the same thing.
_CONTEXT_FREE_UNITS = {"mph", "clock", "plate", "colour"}
_MEASURES = {"mph", "$", "year", "minute", "hour", "second", "foot", "inch", "pound", "drink", "%"}
_NO_RIVAL_UNITS = {"make"}  # "F-150" and "Ford" are a model and a make, not rival values
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|nor|denied|deny|denies|any)\b(?:\W+\w+){0,3}\W*$", re.I
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _clock_note(f: Fact) -> str:
    """Clock facts compare on a 12-hour dial but are shown as written: say so in the explanation."""
    if f.unit != "clock":
        return ""
    return " Clock times match across a.m. and p.m. (9:47 = 21:47): speech often leaves it out."


@dataclass(frozen=True)
class _TFact:
    fact: Fact  # offsets into the transcript text
    segment: Segment


@dataclass
class _TranscriptFacts:
    """Everything the SA1 rules look up, built once per audit."""

    facts: list[_TFact] = field(default_factory=list)
    numbers: set[str] = field(default_factory=set)
    measures: set[tuple[str, str | None]] = field(default_factory=set)  # (value, unit) stated
    spoken: set[str] = field(default_factory=set)  # numbers read in pieces: "two-one" = 21
    kinds_values: set[tuple[str, str]] = field(default_factory=set)  # (kind, value) stated
    words: set[str] = field(default_factory=set)  # lower-case words and speaker-label words
    compact: str = ""  # upper-case letters and digits only, numbers as digits, plus plates


# Transcript facts the lookups read: numbers and times (tf.numbers, tf.measures, clock values) and
# plates (tf.compact, rivals).  People, places, makes and colours are looked up by word, never as
# transcript facts; colours are extracted only as rivals (_add_colours), and a lexicon kind
# (weapon, drug ...) only when the summary names one.
_LOOKUP_KINDS = ("number", "time", "vehicle")
_LEXICON_KINDS = ("weapon", "drug", "injury", "force")


# Every ASCII byte but A-Z and 0-9: bytes.translate deletes them about ten times faster than re.sub.
_NOT_ALNUM = bytes(sorted(set(range(128)) - set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")))


def _letters_and_digits(text: str) -> str:
    """``text`` with every character but A-Z and 0-9 removed."""
    if text.isascii():
        return text.encode("ascii").translate(None, _NOT_ALNUM).decode("ascii")
    return re.sub(r"[^A-Z0-9]", "", text)


def _transcript_facts(ctx: AuditContext, summary_kinds: set[str]) -> _TranscriptFacts:
    def build() -> _TranscriptFacts:
        tf = _TranscriptFacts()
        text = ctx.transcript.text
        segments = ctx.transcript.segments
        starts = [seg.span.start for seg in segments]
        kinds = _LOOKUP_KINDS + tuple(k for k in _LEXICON_KINDS if k in summary_kinds)
        # One pass over the whole text (a newline ends every number run and plate): much faster
        # than one pass per segment on a long transcript.
        for f in extract_facts(text, kinds=kinds, vehicle_details=("plate",), lists=ctx.wordlists):
            seg = segments[max(0, bisect_right(starts, f.start) - 1)]
            tf.facts.append(_TFact(f, seg))
            if f.kind in ("number", "time") and f.unit != "clock":
                tf.numbers.add(f.value)
                tf.measures.add((f.value, f.unit))
        tf.spoken = spoken_digit_strings(text)
        tf.numbers |= set(re.findall(r"\d+", text)) | tf.spoken
        tf.words = set(_WORD.findall(text.lower()))
        # Names spelled out letter by letter ("M-A-R-S-H") count as the word.
        tf.words |= {
            re.sub(r"[\s-]", "", m).lower()
            for m in re.findall(r"\b[A-Za-z](?:[ -][A-Za-z]\b){2,}", text)
        }
        for speaker in {seg.speaker for seg in segments if seg.speaker}:
            tf.words |= set(_WORD.findall(speaker.lower()))
        tf.kinds_values = {(t.fact.kind, t.fact.value) for t in tf.facts}
        # Wall-clock stamps support "at 2147 hours" (a value only: a stamp is never a rival).
        for minutes in {int(seg.start_s // 60) for seg in segments if seg.start_s is not None}:
            tf.kinds_values.add(("time", f"{minutes // 60 % 12}:{minutes % 60:02d}"))
        tf.compact = _letters_and_digits(digitize(text).upper())
        tf.compact += "".join("|" + f.fact.value for f in tf.facts if f.fact.unit == "plate")
        return tf

    return ctx.memo("facts.transcript", build)


def _add_colours(ctx: AuditContext, tf: _TranscriptFacts) -> None:
    """Add the transcript's vehicle colours to ``tf.facts``: a summary colour needs its rivals."""
    segments = ctx.transcript.segments
    starts = [seg.span.start for seg in segments]
    lists = ctx.wordlists
    colours = extract_facts(
        ctx.transcript.text, kinds=("vehicle",), vehicle_details=("colour",), lists=lists
    )
    for f in colours:
        tf.facts.append(_TFact(f, segments[max(0, bisect_right(starts, f.start) - 1)]))


def _claim_of(ctx: AuditContext, start: int) -> Claim | None:
    for c in ctx.claims:
        if c.span.start <= start < c.span.end:
            return c
    return None


def _word_supported(word: str, words: set[str]) -> bool:
    """A name word is in the transcript, allowing ASR spellings ("Marsh"/"Marsch")."""
    if word in words:
        return True
    if len(word) < 4:
        return False
    return any(
        abs(len(w) - len(word)) <= 2 and w[0] == word[0] and fuzz.ratio(w, word) >= 80
        for w in words
    )


def _supported(f: Fact, tf: _TranscriptFacts) -> bool:
    if f.kind == "person":
        # Every name word must be heard: "Maya Ortiz" is not supported by "Maya Ruiz".
        return all(_word_supported(w, tf.words) for w in f.value.split())
    if f.kind == "place":
        if f.unit == "unit":
            return f.value in tf.compact
        # Street names are compared exactly: "Grand" is not "Grant", "Fourth" is not "four";
        # "4th" is supported by a spoken "fourth".
        name_ok = all(
            w in tf.words or (w[:1].isdigit() and re.sub(r"\D", "", w) in tf.numbers)
            for w in f.value.split()
        )
        return name_ok and (f.unit is None or f.unit in tf.numbers)
    if f.kind == "vehicle":
        if f.unit == "plate":
            return f.value in tf.compact
        if f.unit == "make":  # "F-150" is heard as "F-one-fifty"
            return re.sub(r"[^A-Z0-9]", "", f.value.upper()) in tf.compact
        return f.value in tf.words or (f.value == "gray" and "grey" in tf.words)
    if f.kind in ("number", "time") and f.unit in _MEASURES:
        # "4 minutes" needs a four said as minutes (or bare), not the "four" of "four-door".
        return (
            (f.value, f.unit) in tf.measures
            or (f.value, None) in tf.measures
            or (f.value in tf.spoken and "." in f.value)  # "nineteen forty-nine" = $19.49
        )
    if f.kind in ("number", "time") and f.unit != "clock":
        return f.value in tf.numbers
    if f.unit == "clock":
        hhmm = re.sub(r"\D", "", f.text)
        hour, minute = f.value.split(":")
        # "0012 hours" = "zero zero twelve"; "2200 hours" = "after ten"
        spoken = {hhmm, hhmm.lstrip("0") if len(hhmm.lstrip("0")) >= 3 else hhmm, f"{hour}{minute}"}
        if (len(hhmm) == 4 and spoken & tf.numbers) or (minute == "00" and hour in tf.numbers):
            return True  # "oh nine fifty-two", "five thirty", "after ten"
    return (f.kind, f.value) in tf.kinds_values


def _evidence_of(t: _TFact, ctx: AuditContext) -> Evidence:
    note = f"the transcript states {t.fact.text!r}" if t.fact.text else "segment time stamp"
    return Evidence.of_segment(
        t.segment, alignment="normalized", score=100.0, note=note, relation="contradicts"
    )


def _nearest(ctx: AuditContext, claim: Claim | None) -> list[Evidence]:
    if claim is None:
        return []
    return [e for e in ctx.index.search(claim.span.text, limit=3) if e.alignment != "none"]


def _contradiction(f: Fact, tf: _TranscriptFacts, near: list[Evidence]) -> _TFact | None:
    """A transcript fact of the same kind and unit stated in the claim's context, if any."""
    if f.kind in ("weapon", "drug", "injury", "force", "person", "place") or f.unit in (
        None,
        *_NO_RIVAL_UNITS,
    ):
        return None
    rivals = [
        t for t in tf.facts if t.fact.kind == f.kind and t.fact.unit == f.unit and t.fact.text
    ]
    if not rivals:
        return None
    near_segments = {i for e in near for i in e.segments}
    in_context = [t for t in rivals if t.segment.index in near_segments]
    if in_context:
        return in_context[0]
    values = {t.fact.value for t in rivals}
    if f.unit in _CONTEXT_FREE_UNITS and len(values) == 1:
        return rivals[0]
    return None


def _check(ctx: AuditContext, kind: str) -> Iterator[Hit]:
    """Yield the SA1 hits of one kind; SA110 hits come from :func:`_contradictions`."""
    for f, _claim, rival, near in _findings(ctx):
        if f.kind != kind or rival is not None:
            continue
        note = (
            f"searched for {_KIND_WORD[kind]} {f.text!r} in {len(ctx.transcript.segments)} segments"
        )
        nearest = tuple(e.model_copy(update={"relation": "nearest"}) for e in near[:1])
        evidence = (Evidence(alignment="none", note=note), *nearest)
        yield Hit(
            span=ctx.summary_span(f.start, f.end),
            message=f"{_KIND_WORD[kind].capitalize()} {f.text!r} is not in the transcript",
            explanation=(
                f"No {_KIND_WORD[kind]} equal to {f.text!r} (compared as {f.display!r}) was found "
                "in the transcript; the nearest related passage is attached when there is one."
                + _clock_note(f)
            ),
            evidence=evidence,
            method="pattern",
            category=kind,
        )


def _findings(ctx: AuditContext) -> list[tuple[Fact, Claim | None, _TFact | None, list[Evidence]]]:
    """Every unsupported summary fact with its claim, contradicting transcript fact and context."""

    def compute() -> list[tuple[Fact, Claim | None, _TFact | None, list[Evidence]]]:
        text = ctx.summary.text
        facts = extract_facts(text, lists=ctx.wordlists)
        tf = _transcript_facts(ctx, {f.kind for f in facts})
        unsupported = [
            f
            for f in facts
            if not (
                f.kind in ("weapon", "drug", "injury", "force")
                and _NEGATION_BEFORE.search(text[max(0, f.start - 40) : f.start])
            )
            and not _supported(f, tf)
        ]
        if any(f.unit == "colour" for f in unsupported):
            _add_colours(ctx, tf)
        out = []
        for f in unsupported:
            claim = _claim_of(ctx, f.start)
            near = _nearest(ctx, claim)
            out.append((f, claim, _contradiction(f, tf, near), near))
        return out

    return ctx.memo("facts.findings", compute)


@rule("SA101", "unsupported-number", "warning")
def unsupported_number(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags numbers, quantities, money and counts in the summary that the transcript never states
        (compared after normalisation: "fifty-two" = 52, "two-one" = 21, "$40" = "forty dollars").
    Why it matters:
        A wrong speed, amount or count changes the charge and is easy to miss in review.
    Example:
        Summary "he had 4 beers" where the driver said "two beers" and nothing else gives 4.
    """
    yield from _check(ctx, "number")


@rule("SA102", "unsupported-time-or-date", "warning")
def unsupported_time(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags clock times, dates and durations the transcript does not state ("2147 hours" is
        supported by "twenty-one forty-seven" or by a wall-clock segment stamp).
    Why it matters:
        Timelines are cross-examined; an invented time undermines the whole report.
    Example:
        Summary "about 40 minutes later" where nobody mentions forty minutes.
    """
    yield from _check(ctx, "time")


@rule("SA103", "unsupported-person", "error")
def unsupported_person(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags names of people (with or without a title such as Ofc., Sgt., Det.) of whom no name
        word occurs in the transcript or its speaker labels, allowing ASR misspellings.
    Why it matters:
        A report that names an officer who was not there has ended prosecutions.
    Example:
        Summary "Ofc. Brandt arrived to assist" when no Brandt is ever heard.
    """
    yield from _check(ctx, "person")


@rule("SA104", "unsupported-place", "warning")
def unsupported_place(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags streets, addresses and apartment numbers the transcript does not mention.
    Why it matters:
        The place decides jurisdiction, the search area and witness canvass.
    Example:
        Summary "on Fourth Street" when the radio call says "Harlan at Ninth".
    """
    yield from _check(ctx, "place")


@rule("SA105", "unsupported-vehicle", "warning")
def unsupported_vehicle(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags vehicle colours, makes, models and plates not in the transcript; plates are compared
        letter by letter, with the phonetic alphabet read ("king lincoln" = "KL").
    Why it matters:
        A wrong plate or car ties the report to the wrong person.
    Example:
        Summary "a blue Toyota" when the officer said "gray honda civic".
    """
    yield from _check(ctx, "vehicle")


@rule("SA106", "unsupported-weapon", "error")
def unsupported_weapon(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags weapons (gun, knife, bat ...) that nobody mentions in the transcript.
    Why it matters:
        An invented weapon justifies force and raises charges.
    Example:
        Summary "he was holding a knife" when no knife or blade is mentioned.
    """
    yield from _check(ctx, "weapon")


@rule("SA107", "unsupported-drug", "error")
def unsupported_drug(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags drugs and paraphernalia that nobody mentions in the transcript.
    Why it matters:
        An invented drug find is a new charge and a search justification.
    Example:
        Summary "I smelled marijuana" when marijuana, weed or cannabis is never said.
    """
    yield from _check(ctx, "drug")


@rule("SA108", "unsupported-injury", "warning")
def unsupported_injury(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags injuries (cut, bleeding, bruise, broken bone, pain) the transcript never mentions.
    Why it matters:
        Injuries matter for use-of-force review and for the charge.
    Example:
        Summary "a laceration above her eye" with no cut, blood or injury in the audio.
    """
    yield from _check(ctx, "injury")


@rule("SA109", "unsupported-force-action", "error")
def unsupported_force(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags force actions (struck, punched, kicked, pushed, tased, took to the ground, pepper
        spray, choke) of which no form is heard in the transcript.
    Why it matters:
        Force must be documented exactly; invented or inflated force misleads every reviewer.
    Example:
        Summary "I struck him twice" when the audio has only commands and a handcuffing.
    """
    yield from _check(ctx, "force")


@rule("SA110", "contradicted-fact", "error")
def contradicted_fact(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a number, time, vehicle detail or plate that the transcript states differently in the
        same context (the claim's best-matching segments, or the only such value in the transcript).
    Why it matters:
        Here the auditor has positive evidence that the summary is wrong, not only unsupported.
    Example:
        Summary "61 mph" where the officer said "fifty-two in a thirty-five".
    """
    for f, _claim, rival, _near in _findings(ctx):
        if rival is None:
            continue
        shown = rival.fact.text or rival.fact.value
        yield Hit(
            span=ctx.summary_span(f.start, f.end),
            message=(
                f"Summary says {f.text!r} but the transcript says {shown!r} "
                f"({_KIND_WORD[f.kind]}, {f.unit})"
            ),
            explanation=(
                f"The summary's {_KIND_WORD[f.kind]} {f.text!r} (compared as {f.display!r}) is not "
                f"in the transcript, which states {shown!r} (compared as {rival.fact.display!r}) "
                "in the same context." + _clock_note(f)
            ),
            evidence=(_evidence_of(rival, ctx),),
            method="pattern",
            category=f.kind,
        )
