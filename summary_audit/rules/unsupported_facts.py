"""SA1xx: facts in the summary (numbers, times, dates, people, places, organisations, vehicles,
weapons, drugs, injuries, force) that the transcript does not support, or states differently
(SA110).

Each summary fact is extracted with :mod:`summary_audit.text.facts` and looked up among what the
same readers find in the transcript.  A fact is *supported* when the transcript states the same
value in any of its readings ("nine thirty" supports 9:30, 9, 30 and 930; "forty-two each"
supports $42).  It is *contradicted* (SA110) only when the transcript states another value about
the same thing: same kind and unit (``mph``, ``$``, the counted noun, a clock time, a plate),
for an attribute the same object ("blue Civic" against "black Civic"), in a passage that aligns
with the claim (:func:`summary_audit.text.evidence` scale) -- or, for a plate, the only plate in
the transcript.  Otherwise an unsupported fact is reported by its own rule (SA101-SA109) with the
record of the search and, when one resembles the claim, the nearest passage (never support).
Facts in a negated mention ("no knife was found") are not checked: they assert absence, which a
transcript rarely states in words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from rapidfuzz import fuzz

from summary_audit.rules.registry import AuditContext, Hit, rule
from summary_audit.text.events import BUILT_IN_DEFINES
from summary_audit.text.evidence import CONTRADICTION_MIN_SCORE, NEAREST_MIN_SCORE, claim_at
from summary_audit.text.facts import (
    DURATION_UNITS,
    Fact,
    corrections,
    day_dates,
    digit_strings,
    digitize,
    extract_facts,
    in_written_range,
    spoken_dates,
    spoken_measures,
    unit_word,
)
from summary_audit.text.names import fold_name, name_words
from summary_audit.text.polarity import content_stems, negated_at
from summary_audit.text.roles import role_of
from summary_audit.text.times import offset_clocks
from summary_audit.text.wordlists import OFFICER_TITLES
from summary_audit.types import Claim, Evidence, Segment, Severity, Span

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
    "attribute": "description",
}
_UNIT_WORD = {
    "clock": "time",
    "date": "date",
    "colour": "colour",
    "plate": "plate",
    "model year": "model year",
    "side": "side",
    "mph": "speed",
    "$": "amount",
    "%": "percentage",
    "height": "height",
}
# Units whose facts can be contradicted; a quantity's counted noun can too ("4 beers").
_NO_RIVAL_UNITS = {None, "make", "titled", "name", "organisation", "unit"}
_MEASURES = {"mph", "mile", "$", "year", "minute", "hour", "second", "day", "week", "month", "foot",
             "inch", "pound", "drink", "%", "height", "gram"}  # fmt: skip
# A passage must align with the claim at least this much to be cited as stating the other value,
# and at least NEAREST_MIN to be shown as the nearest passage: the engine's thresholds
# (summary_audit.text.evidence), applied here first so that a rival that would not hold up is
# never chosen over one that would.
CONTRADICTION_MIN = CONTRADICTION_MIN_SCORE
NEAREST_MIN = NEAREST_MIN_SCORE
# Units whose value alone does not say what it is about: an amount or a share is about the noun
# around it, a member of an exclusive list (a room, a food) about what is said of it ("the
# garage door was open" is not where the knife was found), and a date about the event around it
# (the day of the report is not the day of a withdrawal discussed in it).
_BARE_UNITS = {"$", "%", "member", "date"}
_LOCAL_CHARS = 40
_ONE = re.compile(r"\bone\b", re.I)
_PHONE_BEFORE = re.compile(r"\d{3}-$")
# "an hour", "a minute", "a one-day pass": one of a unit, said without a number ("one" is read as
# no count: mostly a pronoun).
_ONE_UNIT = re.compile(
    rf"\b(?:an?|one)[\s-]+({'|'.join(sorted(DURATION_UNITS | {'year'}))})s?\b", re.I
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CLIPPED = re.compile(r"\b[A-Z][a-z]{2,3}\b")


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
    numbers: set[str] = field(default_factory=set)  # every number in every reading
    # The numbers but the digits of a plate or serial read out ("B X R T four one eight" says
    # 418, and "F-250" 250): what supports an amount said without "dollars".
    amounts: set[str] = field(default_factory=set)
    measures: set[tuple[str, str | None]] = field(default_factory=set)  # (value, unit) stated
    kinds_values: set[tuple[str, str]] = field(default_factory=set)  # (kind, value) stated
    dates: set[tuple[str, str, str | None]] = field(default_factory=set)  # (month, day, year)
    words: set[str] = field(default_factory=set)  # lower-case words and speaker-label words
    compact: str = ""  # upper-case letters and digits only, numbers as digits, plus plates
    joined: str = ""  # lower-case letters only: "you tube" holds "youtube"
    members: set[tuple[str, str]] = field(default_factory=set)  # ("room", "kitchen") named
    make_names: dict[str, str] = field(default_factory=dict)  # "chevy" -> "chevrolet"
    models: dict[str, str] = field(default_factory=dict)  # "accord" -> "honda"
    org_kinds: frozenset[str] = frozenset()  # "pizza", "market": words naming a business's kind
    text: str = ""  # the transcript
    # Values the speaker took back ("four hundred. no, wait, four ninety"), with the new value.
    corrected: dict[Fact, _TFact] = field(default_factory=dict)

    @cached_property
    def clipped(self) -> frozenset[str]:
        """Capitalised words of three or four letters in mid-sentence: a name said clipped ("Rec",
        "Gov", "Chris"; a sentence's first word, "Good ...", is capitalised anyway).  Read only
        when a name word is not heard as it is written."""
        text = self.text
        return frozenset(
            m.group().lower()
            for m in _CLIPPED.finditer(text)
            if text[max(0, m.start() - 8) : m.start()].rstrip()[-1:] not in ("", ".", "!", "?", ":")
        )


# Transcript facts the lookups read: numbers, times and dates, plates, and a lexicon kind
# (weapon, drug ...) only when the summary names one.  People, places and makes are looked up by
# word; colours and members of exclusive lists (containers, rooms ...) are extracted only as
# rivals (_add_attributes).
_LOOKUP_KINDS = ("number", "time", "vehicle")
_LEXICON_KINDS = ("weapon", "drug", "injury", "force")

# Every ASCII byte but A-Z and 0-9: bytes.translate deletes them about ten times faster than re.sub.
_NOT_ALNUM = bytes(sorted(set(range(128)) - set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")))
_NOT_LOWER = bytes(sorted(set(range(128)) - set(b"abcdefghijklmnopqrstuvwxyz")))


def _letters_and_digits(text: str) -> str:
    """``text`` with every character but A-Z and 0-9 removed."""
    if text.isascii():
        return text.encode("ascii").translate(None, _NOT_ALNUM).decode("ascii")
    return re.sub(r"[^A-Z0-9]", "", text)


def _segment_of(segments: tuple[Segment, ...], starts: list[int], offset: int) -> Segment:
    return segments[max(0, bisect_right(starts, offset) - 1)]


def _transcript_facts(ctx: AuditContext, summary_kinds: set[str]) -> _TranscriptFacts:
    def build() -> _TranscriptFacts:
        tf = _TranscriptFacts()
        text = ctx.transcript.text
        segments = ctx.transcript.segments
        starts = [seg.span.start for seg in segments]
        kinds = _LOOKUP_KINDS + tuple(k for k in _LEXICON_KINDS if k in summary_kinds)
        # One pass over the whole text (values never cross a line): much faster than one pass
        # per segment on a long transcript.
        for f in extract_facts(text, kinds=kinds, vehicle_details=("plate",), lists=ctx.wordlists):
            tf.facts.append(_TFact(f, _segment_of(segments, starts, f.start)))
            if f.kind in ("number", "time") and f.unit not in ("clock", "date"):
                tf.measures.add((f.value, f.unit))
            if f.unit == "date":
                tf.dates.add(_date_parts(f.value))
        # Support, never rivals: loose spoken shapes and the recording's own clock.
        tf.dates.update(_date_parts(d) for d in spoken_dates(text) | day_dates(text))
        tf.measures.update(("1", unit_word(m)) for m in _ONE_UNIT.findall(text))
        loose = spoken_measures(text)
        tf.measures |= loose | _minutes_across_pauses(segments)
        tf.numbers = digit_strings(text) | set(_FREE_DIGITS.findall(text))
        tf.numbers |= {value for value, unit in loose if unit is None}
        # The digits of a plate or serial read out: "B X R T four one eight" says 418.
        tf.amounts = set(tf.numbers)
        tf.numbers |= {
            d for f in tf.facts if f.fact.unit == "plate" for d in _DIGITS.findall(f.fact.value)
        }
        lowered = text.lower()
        tf.words = set(_WORD.findall(lowered))
        if not lowered.isascii():  # "Inés" is heard as the name "Ines" is written
            tf.words |= set(_WORD.findall(fold_name(lowered)))
        # Names spelled out letter by letter ("M-A-R-S-H") count as the word.
        tf.words |= {
            re.sub(r"[\s-]", "", m).lower()
            for m in re.findall(r"\b[A-Za-z](?:[ -][A-Za-z]\b){2,}", text)
        }
        for speaker in {seg.speaker for seg in segments if seg.speaker}:
            tf.words |= set(_WORD.findall(fold_name(speaker)))
        tf.text = text
        tf.kinds_values = {(t.fact.kind, t.fact.value) for t in tf.facts}
        by_fact = {t.fact: t for t in tf.facts}
        tf.corrected = {
            old: by_fact[new] for old, new in corrections(text, [t.fact for t in tf.facts]).items()
        }
        tf.make_names = ctx.wordlists.table("vehicle_make_names")
        tf.org_kinds = ctx.wordlists.words("organisation_suffixes")
        tf.models = ctx.wordlists.table("vehicle_models")
        tf.kinds_values |= {("time", clock) for clock in offset_clocks(text)}
        # Wall-clock stamps support "at 2147 hours" (a value only: a stamp is never a rival).
        for minutes in {int(seg.start_s // 60) for seg in segments if seg.start_s is not None}:
            tf.kinds_values.add(("time", f"{minutes // 60 % 12}:{minutes % 60:02d}"))
        tf.compact = _letters_and_digits(digitize(text).upper())
        tf.compact += "".join("|" + f.fact.value for f in tf.facts if f.fact.unit == "plate")
        if lowered.isascii():
            tf.joined = lowered.encode("ascii").translate(None, _NOT_LOWER).decode("ascii")
        else:
            tf.joined = re.sub(r"[^a-z]", "", lowered)
        return tf

    return ctx.memo("facts.transcript", build)


_DIGITS = re.compile(r"\d{2,}")
# Digits not part of a model or code name ("F-250", "4x4", "I-95"): those support no amount.
_FREE_DIGITS = re.compile(r"(?<![A-Za-z0-9])(?<![A-Za-z]-)\d+")
# "my ankle": the body part a complaint names, as the injury-complaint events read it.
_MY_PART = re.compile(rf"\bmy\s+(?:left\s+|right\s+)?{BUILT_IN_DEFINES['BODY']}\b", re.I)
# Drugs dispensed as tablets (data/wordlists/drugs kinds).
_PRESCRIBED = ("oxycodone", "hydrocodone", "alprazolam", "tramadol", "amphetamine salts",
               "buprenorphine", "methadone", "morphine", "codeine")  # fmt: skip
_PAUSE_S = 60.0  # a stretch of recording this long with nobody speaking: driving, waiting
_BEFORE_PAUSE_S = 120.0


def _minutes_across_pauses(segments: tuple[Segment, ...]) -> set[tuple[str, str]]:
    """Minutes the recording's clock shows across a pause ("I arrived approx. 5 minutes
    later": dispatch at 00:00:01, "on scene" at 00:05:02), from each turn shortly before a pause
    of a minute or more to the turn after it, rounded down and up."""
    out: set[tuple[str, str]] = set()
    timed = [seg for seg in segments if seg.start_s is not None]
    for k in range(1, len(timed)):
        after, before = timed[k].start_s, timed[k - 1].end_s or timed[k - 1].start_s
        if after is None or before is None or after - before < _PAUSE_S:
            continue
        for seg in timed[max(0, k - 5) : k]:
            if seg.start_s is not None and before - seg.start_s <= _BEFORE_PAUSE_S:
                minutes = (after - seg.start_s) / 60
                out |= {(str(int(minutes)), "minute"), (str(-int(-minutes // 1)), "minute")}
    return out


def _add_attributes(ctx: AuditContext, tf: _TranscriptFacts, lists: set[str]) -> None:
    """Add the transcript's colours and its members of the exclusive ``lists`` (by their word) to
    ``tf.facts``, and those members to ``tf.members``: a summary attribute needs its rivals (read
    only when the summary names a colour or a member, and only the lists it names members of: a
    member is compared only with members of its list, and they are slow to find in a long
    transcript)."""
    segments = ctx.transcript.segments
    starts = [seg.span.start for seg in segments]
    found = extract_facts(
        ctx.transcript.text,
        kinds=("vehicle", "attribute"),
        vehicle_details=("colour",),
        lists=ctx.wordlists,
        members=lists,
    )
    added = {
        f: _TFact(f, _segment_of(segments, starts, f.start))
        for f in found
        if f.unit in ("colour", "member", "side")
    }
    tf.facts += added.values()
    tf.members = {(f.about[0], f.value) for f in found if f.unit == "member"}
    # "the yellow one. no wait. he took the red one": a colour taken back
    colours = sorted((f for f in added if f.unit == "colour"), key=lambda f: f.start)
    taken_back = corrections(ctx.transcript.text, colours)
    tf.corrected |= {old: added[new] for old, new in taken_back.items()}


def _date_parts(value: str) -> tuple[str, str, str | None]:
    parts = value.split("/")
    return parts[0], parts[1], parts[2] if len(parts) > 2 else None


def _word_supported(word: str, tf: _TranscriptFacts) -> bool:
    """A name word is in the transcript, allowing ASR spellings ("Marsh"/"Marsch") and names
    heard as two words ("YouTube" / "you tube")."""
    if word in tf.words or word + "s" in tf.words or word + "'s" in tf.words:
        return True  # "Ray-Ban" heard as "Ray-Bans", "Sal" as "Sal's"
    letters = word.replace("-", "")
    if len(letters) >= 6 and letters.isalpha() and letters in tf.joined:
        return True  # "YouTube" heard as "you tube"
    if len(word) >= 6 and any(word.startswith(w) for w in tf.clipped):
        return True  # "Parks and Recreation" said "Parks and Rec"
    if len(word) < 4:
        return False
    return any(
        abs(len(w) - len(word)) <= 2 and w[0] == word[0] and fuzz.ratio(w, word) >= 80
        for w in tf.words
    )


_OCCUPATION = re.compile(r"[a-z]{3,}(?:ist|ician)")


def _role_then_name(text: str, f: Fact, tf: _TranscriptFacts) -> bool:
    """A sentence's capitalised first word before a heard name of two words or more is a role
    noun, not a first name ("Patron Vanessa Trinh said ...", "Neighbour Ann Cole ...")."""
    if f.kind != "person":
        return False
    words = name_words(f.value)
    # a sentence start, after its end mark and any closing quote ('... area."')
    before = text[max(0, f.start - 5) : f.start].strip().rstrip("\"”'’)]")
    at_start = f.start == 0 or before == "" or before[-1] in ".!?:;\n"
    # Two words when the first is a role ("Neighbor Pellegrini, Gus, said ..."), three otherwise.
    # An occupation's suffix says as much ("Receptionist Kendra", "Hygienist Mara Lutz").
    role = role_of(words[0]) == "civilian" or _OCCUPATION.fullmatch(words[0]) is not None
    enough = len(words) >= 3 or (len(words) == 2 and role)
    # the "O" of "O'Donnell" and initials stand with the rest of the name
    return at_start and enough and all(_word_supported(w, tf) for w in words[1:] if len(w) > 1)


def _said_as_clock(value: str, tf: _TranscriptFacts) -> bool:
    """Whether four digits that read as a 24-hour time ("a job at 1600") are the clock time said
    ("at four", "four fifteen"): an hour said alone supports its whole hour."""
    if len(value) != 4 or not value.isdigit():
        return False
    hour, minute = int(value[:2]), value[2:]
    if hour > 23 or int(minute) > 59:
        return False
    if minute == "00" and str(hour % 12 or 12) in tf.numbers:
        return True
    return ("time", f"{hour % 12}:{minute}") in tf.kinds_values


def _supported(f: Fact, tf: _TranscriptFacts) -> bool:
    if f.kind == "person" or f.unit == "organisation":
        # Every name word must be heard: "Maya Ortiz" is not supported by "Maya Ruiz"; an
        # organisation's kind of business may go unsaid ("Sal's" for "Sal's Pizza").
        words = name_words(f.value)
        if f.unit == "organisation" and len(words) > 1:
            words = [w for w in words if w not in tf.org_kinds] or words
        return all(_word_supported(w, tf) for w in words)
    if f.kind == "place":
        if f.unit == "unit":  # "Room 114" is heard as "room one-fourteen" (read as 1:14 too)
            return f.value in tf.compact or f.value in tf.numbers
        # Street names are compared exactly: "Grand" is not "Grant", "Fourth" is not "four";
        # "4th" is supported by a spoken "fourth".
        name_ok = all(
            w in tf.words or (w[:1].isdigit() and re.sub(r"\D", "", w) in tf.numbers)
            for w in f.value.split()
        )
        return name_ok and (f.unit is None or f.unit in tf.numbers)
    if f.kind == "drug" and f.value == "pills":
        # Tablets are how the prescription drugs come: "oxy thirties" were pills.
        return bool({("drug", d) for d in _PRESCRIBED} & tf.kinds_values) or (
            (f.kind, f.value) in tf.kinds_values
        )
    if f.kind in ("vehicle", "attribute"):
        if f.unit == "plate":
            return f.value in tf.compact
        if f.unit == "model year":  # "2017" is said "seventeen", "twenty seventeen" or "2017"
            return not {str(int(f.value)), f"19{f.value}", f"20{f.value}"}.isdisjoint(tf.numbers)
        if f.unit == "make":  # "F-150" is heard as "F-one-fifty"; "Chevrolet" as "Chevy"
            if re.sub(r"[^A-Z0-9]", "", f.value.upper()) in tf.compact:
                return True
            name = tf.make_names.get(f.value, f.value)
            said_as = {w for w in (name, *tf.make_names) if tf.make_names.get(w, w) == name}
            # A make is said by naming one of its models ("a seventeen Accord" is a Honda).
            said_as |= {m for m, make in tf.models.items() if tf.make_names.get(make, make) == name}
            # A model with digits is said in pieces ("F-150" is "F" and "150"): its letters and
            # digits, run together, are in the transcript's.
            return not said_as.isdisjoint(tf.words) or any(
                re.search(r"\d", m) and _letters_and_digits(m.upper()) in tf.compact
                for m in said_as
            )
        if f.unit == "member":
            return (f.about[0], f.value) in tf.members
        if f.unit == "side":  # decided by the sides said of the same thing, if any is
            said = {
                t.fact.value
                for t in tf.facts
                if t.fact.unit == "side" and t.segment.testimony and t.fact.about == f.about
            }
            return not said or f.value in said
        # A colour said of the same object decides ("blue Civic" against "black Civic", even
        # with a "black backpack" elsewhere); else the colour word anywhere will do.
        said = {
            t.fact.value
            for t in tf.facts
            if t.fact.unit == "colour" and t.segment.testimony and _same_object(f, t.fact)
        }
        if said:
            return f.value in said
        return f.value in tf.words or (f.value == "gray" and "grey" in tf.words)
    if f.unit == "date":
        month, day, year = _date_parts(f.value)
        return any(
            m == month and d == day and (year is None or y is None or y == year)
            for m, d, y in tf.dates
        )
    if f.kind in ("number", "time") and f.unit in _MEASURES:
        # "4 minutes" needs a four said as minutes (or bare), not the "four" of "four-door".
        return (
            (f.value, f.unit) in tf.measures
            or (f.value, None) in tf.measures
            or ("." in f.value and f.value in tf.numbers)  # "nineteen forty-nine" = $19.49
            # Amounts are said without "dollars": "I paid eleven ninety-nine" is $1,199.
            or (f.unit == "$" and f.value in tf.amounts)
            # Three digits or more said in pieces ("three eighty-six" miles, "one sixty-five"
            # pounds) are seldom another thing's number (a plate's digits are not counted).
            or (f.value.isdigit() and len(f.value) >= 3 and f.value in tf.amounts)
        )
    if f.kind in ("number", "time") and f.unit != "clock":
        # A year is said short: "valid through twenty-six" is 2026.
        year = f.unit is None and len(f.value) == 4 and f.value[:2] in ("19", "20")
        # A zero-led number (a phone number's "0137") is read out without its zeros' value.
        digits = f.value.lstrip("0") if f.value[:1] == "0" and f.value.isdigit() else f.value
        return (
            f.value in tf.numbers
            or (len(digits) >= 2 and digits in tf.numbers)
            or (year and f.value[2] != "0" and f.value[2:] in tf.numbers)
            or (f.unit is None and _said_as_clock(f.value, tf))
        )
    if f.unit == "clock":
        hhmm = re.sub(r"\D", "", f.text)
        hour, minute = f.value.split(":")
        spoken = {hhmm, hhmm.lstrip("0") if len(hhmm.lstrip("0")) >= 3 else hhmm, f"{hour}{minute}"}
        if (len(hhmm) >= 3 and spoken & tf.numbers) or (minute == "00" and hour in tf.numbers):
            return True  # "fourteen twenty", "three-oh-six", "after ten"
    return (f.kind, f.value) in tf.kinds_values


# --- the claim's context and the rival value ---------------------------------------------------


@dataclass(frozen=True)
class _Finding:
    fact: Fact
    claim: Claim | None
    rival: _TFact | None
    rival_score: float
    passage: tuple[int, ...]  # the segments of the passage that states the rival value
    near: tuple[Evidence, ...]  # nearest passages, one per segment, score >= NEAREST_MIN
    taken_back: _TFact | None = None  # the summary's value, said and then corrected


def _context(ctx: AuditContext, claim: Claim | None) -> list[Evidence]:
    if claim is None:
        return []
    return [e for e in ctx.index.search(claim.span.text, limit=3) if e.alignment != "none"]


def _head(words: tuple[str, ...]) -> set[str]:
    """The object words an attribute is said of, plural folded ("jeans" stays)."""
    return {w[:-1] if w.endswith("s") and len(w) > 3 and not w.endswith("ss") else w for w in words}


def _same_object(f: Fact, t: Fact) -> bool:
    """Whether two colours are said of the same object: a shared object word ("Civic"), or two
    vehicles ("black SUV" / "gray sedan": one report rarely describes two cars by type alone)."""
    if _head(f.about) & _head(t.about):
        return True
    # Two vehicles by type alone are one; a vehicle named by make or model ("silver Honda CR-V")
    # is not the "red car" a witness mentions in a crash with three.
    return f.kind == "vehicle" and t.kind == "vehicle" and not (_named(f) or _named(t))


_GENERIC_VEHICLES = frozenset(
    {"car", "vehicle", "sedan", "suv", "truck", "van", "coupe", "pickup", "hatchback"}
)


def _named(f: Fact) -> bool:
    """Whether a colour's vehicle is named by make or model ("red Toyota"), not by type alone."""
    return bool(set(f.about) - _GENERIC_VEHICLES)


def _same_subject(f: Fact, t: Fact, vehicle_words: frozenset[str]) -> bool:
    """Whether transcript fact ``t`` is a value of the same thing as summary fact ``f``: same
    kind and unit; an attribute of the same object (a shared object word, or one vehicle)."""
    if f.unit == "$" and ("each" in f.about or "each" in t.about):
        # A price of one item competes only with another price of one item ("$48 each" with
        # "forty-two each, so eighty-four dollars": 42, not the 84 the dollars belong to).
        per_item = "each" in f.about and "each" in t.about and t.unit in ("$", None)
        return per_item and t.kind == "number" and t.value != f.value
    if t.kind != f.kind or t.unit != f.unit or t.value == f.value:
        return False
    if f.unit == "colour":
        return _same_object(f, t)
    if f.unit in ("member", "side"):
        # a kitchen against a garage, not against a backpack; a left wrist against a right one
        return f.about == t.about
    return True


def _rival(
    ctx: AuditContext, f: Fact, claim: Claim | None, tf: _TranscriptFacts
) -> tuple[_TFact | None, float, tuple[int, ...]]:
    """The transcript fact that states another value about the same thing as ``f`` in a passage
    aligned with the claim, with that passage's alignment score and segments; (None, 0, ()) if
    there is none.

    The passage is the rival's segment, or it and a neighbour when that aligns better (a radio
    exchange: "two-one, traffic, Harlan at Ninth" / "copy, time is twenty-one forty-seven").
    Among passages that align well enough, an object word shared with the claim counts first,
    then the alignment, then the value nearest the summary's ("0112" was more likely "0012" than
    "10:40" when one passage states both)."""
    if f.kind in ("weapon", "drug", "injury", "force", "person", "place") or f.unit in (
        _NO_RIVAL_UNITS
    ):
        return None, 0.0, ()
    from summary_audit.text.facts import vocabulary

    vehicle_words = vocabulary(ctx.wordlists).vehicle_words
    # Only testimony states another value: a TV in the background is not a witness.
    rivals = [
        t
        for t in tf.facts
        if t.segment.testimony
        and _same_subject(f, t.fact, vehicle_words)
        and not _hedged_rival(t, f, ctx.transcript.text)
    ]
    if f.unit == "$" and _said_as_total(ctx.summary.text, f):
        # "about $2,000 in withdrawals" sums a list: one amount of the list is no rival; an
        # amount said as a total is.
        rivals = [t for t in rivals if _TOTAL.search(t.segment.text)]
    if not rivals or claim is None:
        return None, 0.0, ()
    text = ctx.summary.text
    if f.unit == "clock" and _PHONE_BEFORE.search(text, max(0, f.start - 8), f.start):
        return None, 0.0, ()  # "555-262-0011" reads as a time too, but it is no time of day
    if in_written_range(text, f.start, f.end):
        return None, 0.0, ()  # "$22,000-23,000": an end of an estimate is no contradiction
    if f.unit == "$" and "." in f.value:
        # "six hundred and two dollars" for $602.19: the cents left unsaid are no other amount
        dollars = f.value.split(".")[0]
        rivals = [t for t in rivals if t.fact.value != dollars]
        if not rivals:
            return None, 0.0, ()
    if f.value == "1" and any(
        _ONE.search(ctx.index.segment(i).text)
        for e in _context(ctx, claim)
        if e.score >= CONTRADICTION_MIN
        for i in e.segments
    ):
        # A spoken "one" is read as no count (mostly a pronoun), so a passage aligned with the
        # claim that says it may be the summary's 1 ("I had one", not her husband's "two beers").
        return None, 0.0, ()
    if f.unit in _BARE_UNITS and "each" not in f.about:
        # "$85" and "fifty dollars", or "garage" and "kitchen", compete only when said of the
        # same thing: the words around the summary's value ("a total of $85 before tax", "found
        # the knife in the garage") meet the passage of the rival's turn (a question and its
        # answer: "where was the knife?" / "in the kitchen"), or name its speaker ("Mike asks if
        # there is any cheese" / Mike: "do we have any milk?").
        around = _local_stems(ctx.summary.text, f, claim)
        rivals = [
            t
            for t in rivals
            if any(
                around & _turn_stems(ctx.index.segment(i))
                for i in _passage(ctx, claim, t.segment.index)[1]
            )
        ]
    scored: list[tuple[int, float, float, int, _TFact, tuple[int, ...]]] = []
    for n, t in enumerate(rivals):
        score, segments = _passage(ctx, claim, t.segment.index)
        if segments != (t.segment.index,):
            # A neighbour of the same speaker may complete the passage, not stand in for the
            # rival's turn.  A neighbour under another speaker is not shown (only the turn
            # stating the value is: "copy, time is twenty-one forty-seven" without the call it
            # answers), so then the turn must align on its own: evidence shown must hold alone.
            alone = ctx.index.passage_score(claim.span.text, (t.segment.index,))
            other = any(ctx.index.segment(i).speaker != t.segment.speaker for i in segments)
            if alone < (CONTRADICTION_MIN if other else CONTRADICTION_MIN / 2):
                continue
        shared = len(_head(f.about) & _head(t.fact.about))
        similar = fuzz.ratio(f.value, t.fact.value)
        scored.append((shared, score, similar, -n, t, segments))
    good = [s for s in scored if s[1] >= CONTRADICTION_MIN]
    if not good:
        return None, 0.0, ()
    best = max(good, key=lambda s: s[:4])
    return best[4], best[1], best[5]


def _share_said_bare(ctx: AuditContext, f: Fact, tf: _TranscriptFacts) -> bool:
    """Whether a share ("80%") is said without "percent" in a turn about what the claim says of
    it ("these things stop at eighty" for "the chargers stop at 80%"): the words around the
    summary's value are in that turn."""
    claim = _claim_of(ctx, f.start)
    if claim is None:
        return False
    around = _local_stems(ctx.summary.text, f, claim)
    return any(
        t.fact.kind == "number"
        and t.fact.unit not in _MEASURES  # none, or a word after it: "eighty anyway"
        and t.fact.value == f.value
        and around & content_stems(t.segment.text)
        for t in tf.facts
    )


def _turn_stems(seg: Segment) -> set[str]:
    """The content-word stems of a turn and of its speaker's name."""
    return content_stems(seg.text) | content_stems(seg.speaker or "")


def _local_stems(text: str, f: Fact, claim: Claim) -> set[str]:
    """Content-word stems within a few words of a fact, inside its claim (numbers left out)."""
    lo = max(claim.span.start, f.start - _LOCAL_CHARS)
    hi = min(claim.span.end, f.end + _LOCAL_CHARS)
    around = f"{text[lo : f.start]} {text[f.end : hi]}"  # not the value's own words ("October")
    return {w for w in content_stems(around) if not any(c.isdigit() for c in w)}


def _passage(ctx: AuditContext, claim: Claim, index: int) -> tuple[float, tuple[int, ...]]:
    """The best-aligned passage holding segment ``index``: it alone or with one neighbour."""

    def compute() -> tuple[float, tuple[int, ...]]:
        around = [seg.index for seg in ctx.index.window(index, 1)]
        p = around.index(index)
        windows = [(index,)]
        if p > 0:
            windows.append((around[p - 1], index))
        if p + 1 < len(around):
            windows.append((index, around[p + 1]))
        scores = [(ctx.index.passage_score(claim.span.text, w), -len(w), w) for w in windows]
        best = max(scores)
        return best[0], best[2]

    return ctx.memo(f"facts.passage.{claim.index}.{index}", compute)


def _nearest(ctx: AuditContext, near: list[Evidence]) -> tuple[Evidence, ...]:
    """The nearest passage as evidence that does NOT support the claim: one piece per segment
    (each under its own speaker), and none below NEAREST_MIN."""
    if not near or near[0].score < NEAREST_MIN:
        return ()
    best = near[0]
    return tuple(
        Evidence.of_segment(
            ctx.index.segment(i),
            alignment=best.alignment,
            score=best.score,
            note="nearest passage (not support)",
            relation="nearest",
        )
        for i in best.segments
    )


# The writer naming themselves: "I (Deputy Mwangi, unit 3-7)", "I, Officer Reyes,"; an officer
# named with a unit or badge: "Ofc. Rehman (unit 8-6)".  Names from the report's header and the
# dispatch record, not facts of the recording.
_WRITER_BEFORE = re.compile(r"\bI\s*[,(]\s*$")
_UNIT_AFTER = re.compile(r"\s*[,(]\s*(?:unit|badge|car|#)", re.I)


def _from_the_header(text: str, f: Fact) -> bool:
    """Whether a name is the writer's own or an officer's given with a unit or badge."""
    if _WRITER_BEFORE.search(text, max(0, f.start - 8), f.start):
        return True
    words = f.text.split()
    title = words[0].rstrip(".").lower() if words else ""
    return title in OFFICER_TITLES and _UNIT_AFTER.match(text, f.end) is not None


def _findings(ctx: AuditContext) -> list[_Finding]:
    """Every unsupported summary fact with its claim, rival transcript fact and context."""

    def compute() -> list[_Finding]:
        text = ctx.summary.text
        facts = extract_facts(text, lists=ctx.wordlists)
        tf = _transcript_facts(ctx, {f.kind for f in facts})
        if any(f.unit in ("colour", "member", "side") for f in facts):
            # a colour is checked against the colours of its object, a member against its list's
            _add_attributes(ctx, tf, {f.about[0] for f in facts if f.unit == "member"})
        unsupported = [
            f
            for f in facts
            if not (
                f.kind in ("weapon", "drug", "injury", "force", "attribute")
                and negated_at(text, f.start, asked=f.unit != "member")
            )
            and not _supported(f, tf)
            and not _role_then_name(text, f, tf)
            and not (f.kind == "person" and _from_the_header(text, f))
        ]
        if any(f.kind == "injury" and f.value == "pain" for f in unsupported):
            unsupported = [f for f in unsupported if not _complained_of(ctx, f)]
        if any(f.unit == "clock" for f in unsupported):
            unsupported = [f for f in unsupported if not _near_time(f, text, tf)]
        if any(f.kind == "number" and f.unit is None for f in unsupported):
            ages = _ages(tf, facts)
            unsupported = [f for f in unsupported if not _age_from_birth(f, text, ages)]
        if any(f.unit == "%" for f in unsupported):
            unsupported = [f for f in unsupported if not _share_said_bare(ctx, f, tf)]
        if any(f.unit == "$" for f in unsupported):
            missing, starts = set(unsupported), [p.start for p in facts]
            unsupported = [f for f in unsupported if not _summed(f, facts, starts, missing, text)]
        out = []
        # The nearest passage depends on the claim only: built once per claim, not once per fact
        # (a claim listing thousands of numbers).
        nearest: dict[int | None, tuple[Evidence, ...]] = {}
        for f in unsupported:
            claim = _claim_of(ctx, f.start)
            key = claim.index if claim is not None else None
            if key not in nearest:
                nearest[key] = _nearest(ctx, _context(ctx, claim))
            rival, score, passage = _rival(ctx, f, claim, tf)
            if rival is not None and _claim_says(facts, claim, rival.fact):
                rival, score, passage = None, 0.0, ()
            out.append(_Finding(f, claim, rival, score, passage, nearest[key]))
        if tf.corrected:
            out += _taken_back(ctx, [f for f in facts if f not in unsupported], tf)
            out.sort(key=lambda found: found.fact.start)
        return out

    return ctx.memo("facts.findings", compute)


def _claim_says(facts: list[Fact], claim: Claim | None, rival: Fact) -> bool:
    """Whether the claim states the rival's value too ("the basement laundry room" against "the
    basement laundry"): a summary that says both values contradicts neither."""
    if claim is None or rival.unit not in ("member", "colour", "side", "plate"):
        return False  # a number may be said twice in one claim of two things ("52 in a 25")
    return any(
        g.kind == rival.kind
        and g.unit == rival.unit
        and g.value == rival.value
        and claim.span.start <= g.start < claim.span.end
        for g in facts
    )


def _complained_of(ctx: AuditContext, f: Fact) -> bool:
    """Pain in a body part someone complained of ("I got a bad wrist", "my ankle hurts": an
    injury complaint event, :mod:`summary_audit.text.events`) that the summary's sentence names
    ("his right wrist hurt in the cuffs").  A kind of injury (a cut, a fracture) needs its word."""
    claim = _claim_of(ctx, f.start)
    if f.value != "pain" or claim is None:
        return False
    sentence = ctx.sentence(claim)
    for e in ctx.events:
        if e.kind.code != "SA505":
            continue
        for u in e.utterances:
            if u.key is not None and u.key.search(sentence) is not None:
                return True
            # "ow. ow, my ankle. I tripped on the curb": the part named in the complaint's turn
            for m in _MY_PART.finditer(u.segment.text):
                if re.search(rf"\b{re.escape(m.group('part'))}", sentence, re.I):
                    return True
    return False


# An age written after a name ("Okafor, Janelle (39)") or as "age 39", "39 years old".
_AGE_AROUND = re.compile(r"\(\s*$|\bage[ds]?\s+$|\baged\s+$")
_AGE_AFTER = re.compile(r"\s*\)|[\s-]+(?:years?|yrs?)[\s-]+old\b|\s*yoa\b", re.I)


def _ages(tf: _TranscriptFacts, facts: list[Fact]) -> set[str]:
    """The ages the dates of birth said work out to on the day of the report: the latest dated
    day the transcript or the summary names ("dated today, May fourteenth, twenty twenty-four";
    "On 05/14/2024"), and a year before it for a birthday not yet come."""
    dated = [(int(y), int(m), int(d)) for m, d, y in tf.dates if y is not None]
    dated += [
        (int(y), int(m), int(d))
        for m, d, y in (_date_parts(f.value) for f in facts if f.unit == "date")
        if y is not None
    ]
    if not dated:
        return set()
    today = max(dated)
    return {
        str(today[0] - born[0] - ((today[1], today[2]) < (born[1], born[2])))
        for born in dated
        if 0 < today[0] - born[0] < 120
    }


def _age_from_birth(f: Fact, text: str, ages: set[str]) -> bool:
    """Whether number ``f`` is written as an age that a date of birth said works out to."""
    if f.value not in ages:
        return False
    before = _AGE_AROUND.search(text, max(0, f.start - 6), f.start)
    return before is not None or _AGE_AFTER.match(text, f.end) is not None


# A sentence that tells of the correction ("He first read the plate as CMX441, then corrected it
# to CMX414") may keep the value taken back.
_TELLS_CORRECTION = re.compile(
    r"\b(?:initially|at first|first (?:sa(?:id|ying)|gave|giving|stat(?:ed|ing)|read|guess\w*)"
    r"|originally|correct\w*|mistaken\w*|"
    r"misspoke|then said|revised|amended)\b",
    re.I,
)


def _taken_back(ctx: AuditContext, supported: list[Fact], tf: _TranscriptFacts) -> list[_Finding]:
    """Summary values the transcript states only to take them back ("the first one is four
    hundred. no, wait, four ninety"): contradicted by the value said instead, unless the claim's
    sentence tells of the correction."""
    said_at: dict[tuple[str, str], list[_TFact]] = {}
    for t in tf.facts:
        said_at.setdefault((t.fact.kind, t.fact.value), []).append(t)
    out = []
    for f in supported:
        heard = said_at.get((f.kind, f.value))
        if not heard or not all(t.fact in tf.corrected for t in heard):
            continue
        claim = _claim_of(ctx, f.start)
        if claim is None or _TELLS_CORRECTION.search(ctx.sentence(claim)):
            continue
        old = heard[0]
        new = tf.corrected[old.fact]
        score, passage = _passage(ctx, claim, new.segment.index)
        if score >= CONTRADICTION_MIN:
            out.append(_Finding(f, claim, new, score, passage, (), taken_back=old))
    return out


# Words that make a value an estimate ("approx. $221"); a time also "circa", "after midnight".
_ESTIMATE = r"approx\.?|approximately|about|around|roughly"
_ABOUT_TIME = re.compile(
    rf"\b(?P<hedge>{_ESTIMATE}|circa|like|after|before|just)\W+(?:\w+\W+)?$", re.I
)
_NEAR_MINUTES = 2  # an estimate this close to a time heard is that time
_AFTER_MINUTES = 15  # "after midnight" holds 0007 hours, "before nine" holds 0850


def _minutes(clock: str) -> int:
    hour, minute = clock.split(":")
    return int(hour) % 12 * 60 + int(minute)


def _delta(a: str, b: str) -> int:
    """Minutes from clock ``a`` to clock ``b`` on a 12-hour dial (-360 to 359)."""
    return (_minutes(b) - _minutes(a) + 360) % 720 - 360


def _near_time(f: Fact, text: str, tf: _TranscriptFacts) -> bool:
    """Whether clock ``f``, written as an estimate ("approximately 2105 hours"), is within a
    minute or two of a time the transcript states ("twenty-one oh six")."""
    if f.unit != "clock" or not _ABOUT_TIME.search(text[max(0, f.start - 30) : f.start]):
        return False
    return any(
        t.fact.unit == "clock" and abs(_delta(t.fact.value, f.value)) <= _NEAR_MINUTES
        for t in tf.facts
    )


def _hedged_rival(t: _TFact, f: Fact, transcript: str) -> bool:
    """Whether the transcript's value is itself an estimate that holds the summary's ("it's after
    midnight" and "0007 hours"; "close to four hundred miles" and "386 miles"): no
    contradiction."""
    if t.fact.unit != "clock" or f.unit != "clock":
        return _rough_amount(t, f, transcript)
    m = _ABOUT_TIME.search(transcript[max(t.segment.span.start, t.fact.start - 30) : t.fact.start])
    if m is None:
        return False
    delta = _delta(t.fact.value, f.value)
    hedge = m.group("hedge").lower()
    if hedge == "after":
        return 0 <= delta <= _AFTER_MINUTES
    if hedge == "before":
        return -_AFTER_MINUTES <= delta <= 0
    return abs(delta) <= _NEAR_MINUTES


# Before a number said as a round estimate: "close to four hundred miles", "like sixty".
_ROUGHLY = re.compile(
    rf"\b(?:{_ESTIMATE}|close\s+to|almost|nearly|like|maybe|some|over|under)\W+$", re.I
)
_ROUGH_SHARE = Decimal("0.1")  # an estimate holds values within a tenth of it


def _rough_amount(t: _TFact, f: Fact, transcript: str) -> bool:
    """Whether the transcript's number is said as an estimate ("close to four hundred") that the
    summary's value lies within a tenth of."""
    if t.fact.kind != "number" or f.kind != "number":
        return False
    before = transcript[max(t.segment.span.start, t.fact.start - 16) : t.fact.start]
    if _ROUGHLY.search(before) is None:
        return False
    try:
        said, written = Decimal(t.fact.value), Decimal(f.value)
    except ArithmeticError:
        return False
    return said > 0 and abs(said - written) <= said * _ROUGH_SHARE


_TOTAL = re.compile(r"\b(?:total\w*|in all|altogether|combined|together|sum)\b", re.I)
# After an amount: "$1,540 in total", "$1,540 total"; an amount of plural things is their total
# too ("about $2,000 in withdrawals", "$350 in damages", "$900 worth of tools").
_TOTAL_AFTER = re.compile(
    r"\W*(?:in\s+(?:total|all)|total|altogether|combined|"
    r"(?:in|worth\s+of)\s+(?:[a-z-]+\s+)?[a-z]*[^s\W]s)\b",
    re.I,
)
_MAX_ADDENDS = 24  # amounts before a total tried as its parts
# Before an amount the writer subtracted: "the balance less the deposit ($1,450)".
_DIFFERENCE = re.compile(r"\b(?:less|minus)\b", re.I)


def _said_as_total(text: str, f: Fact) -> bool:
    """Whether amount ``f`` is written as a total ("a total loss of $14,500", "$1,540 in
    total", "about $2,000 in withdrawals")."""
    before = _TOTAL.search(text, max(0, f.start - 30), f.start)
    return before is not None or _TOTAL_AFTER.match(text, f.end, f.end + 40) is not None


def _summed(
    f: Fact, facts: list[Fact], starts: list[int], unsupported: set[Fact], text: str
) -> bool:
    """Whether amount ``f`` is the writer's arithmetic on amounts the summary states and the
    transcript supports: a line total, the count times the price of one just before it ("2
    batteries at $69.97 each ($139.94)"), or a total ("a total loss of $14,500", "$1,540 in
    total") equal to a run of two or more amounts before it, in order ("$9,000 ... and $5,500";
    the priced items of a list, before the cash it leaves out).  ``facts`` are sorted by start,
    ``starts`` are their starts."""
    if f.unit != "$":
        return False
    n = bisect_right(starts, f.start - 1)  # the facts before f
    if _line_product(f, facts[max(0, n - 8) : n], unsupported, text):
        return True
    if _DIFFERENCE.search(text, max(0, f.start - 60), f.start):
        # "the balance less the deposit ($1,450)": one amount stated before less another
        amounts = [p for p in facts[:n] if p.unit == "$"][-_MAX_ADDENDS:]
        before = [Decimal(p.value) for p in amounts if p not in unsupported]
        if any(a - b == Decimal(f.value) for a in before for b in before):
            return True
    if not _said_as_total(text, f):
        return False
    total = Decimal(f.value)
    # The parts come before the total ("... and $5,500; a total loss of $14,500") or, for a
    # total said first, after it ("about $2,000 in withdrawals. ... four withdrawals of $500
    # each").
    window = facts[max(0, n - 4 * _MAX_ADDENDS) : n]
    following = facts[n + 1 : n + 1 + 4 * _MAX_ADDENDS]
    for parts in (_addends(window, unsupported, text), _addends(following, unsupported, text)):
        for i in range(len(parts)):  # a run: parts[i..j]
            run = Decimal(0)
            for j, (value, product) in enumerate(parts[i:], i):
                if value is None:
                    break
                run += value
                if (j > i or product) and run == total:
                    return True
    return False


def _addends(
    window: list[Fact], unsupported: set[Fact], text: str
) -> list[tuple[Decimal | None, bool]]:
    """The amounts of ``window`` as parts of a sum: ``(value, product)``, a price "each" taken
    as many times as the count said before it in its sentence ("four withdrawals of $500
    each" is $2,000, a product); None for an amount the transcript does not support."""
    parts: list[tuple[Decimal | None, bool]] = []
    for k, p in enumerate(window):
        if p.unit != "$":
            continue
        supported = p not in unsupported or _line_product(p, window, unsupported, text)
        if "each" not in p.about:
            parts.append((Decimal(p.value) if supported else None, False))
            continue
        sentence_start = max(text.rfind(". ", 0, p.start), text.rfind("\n", 0, p.start))
        counts = [
            q
            for q in window[max(0, k - 3) : k]
            if q.kind == "number" and q.unit != "$" and q.start > sentence_start
        ]
        if not counts or not supported or p.end - counts[-1].end >= 60:
            continue
        product = Decimal(counts[-1].value) * Decimal(p.value)
        line_total = next((q for q in window[k + 1 :] if q.unit == "$"), None)
        if line_total is None or Decimal(line_total.value) != product:  # "($139.94)" follows
            parts.append((product, True))
    return parts[-_MAX_ADDENDS:]


# A price per unit after an amount: "$6.95/gal", "$12 per hour", "$3 a pound".
_PER_UNIT = re.compile(
    r"\s*(?:/|per\s+|an?\s+)(?:gal|gallon|lb|pound|hr|hour|unit|ea|item|night|day|foot|ft)\b",
    re.I,
)
_ABOUT_BEFORE = re.compile(rf"\b(?:{_ESTIMATE}|~)\s*\$?$", re.I)


def _line_product(f: Fact, before: list[Fact], unsupported: set[Fact], text: str) -> bool:
    """Whether amount ``f`` is a count times the price of one said just before it on its line
    ("2 Milwaukee batteries at $69.97 each ($139.94)")."""
    line_start = text.rfind("\n", 0, f.start) + 1
    on_line = [p for p in before if line_start <= p.start and p.end <= f.start]
    each = [
        p
        for p in on_line
        if p.unit == "$" and ("each" in p.about or _PER_UNIT.match(text, p.end) is not None)
    ]
    if not each or each[-1] in unsupported:
        return False
    counts = [
        p for p in on_line if p.kind == "number" and p.unit != "$" and p.end <= each[-1].start
    ]
    if not counts:
        return False
    product = Decimal(counts[-1].value) * Decimal(each[-1].value)
    if product == Decimal(f.value):
        return True
    # "31.8 gal at $6.95/gal (approx. $221)": rounded, and said to be
    return (
        _ABOUT_BEFORE.search(text, max(0, f.start - 12), f.start) is not None
        and abs(product - Decimal(f.value)) < 1
    )


def _claim_of(ctx: AuditContext, start: int) -> Claim | None:
    return claim_at(ctx.claims, start)  # a binary search: a scan per fact was quadratic


# --- hits ----------------------------------------------------------------------------------


def _passage_evidence(ctx: AuditContext, found: _Finding, note: str) -> Evidence:
    """The segment stating the rival value, as evidence.  Its ``segments`` are the whole passage
    it was chosen with (a radio call and its answer), which the engine scores against the claim;
    its span and quote are the stating segment's own, so that only the words that say the other
    value are shown as saying it (a neighbour under another speaker is not cited)."""
    segs = [ctx.index.segment(i) for i in found.passage]
    if len(segs) == 1 or found.rival is None:
        return Evidence.of_segment(
            segs[0], alignment="fuzzy", score=found.rival_score, note=note, relation="contradicts"
        )
    text = ctx.transcript.text
    own = found.rival.segment
    start, end = own.span.start, own.span.end
    # The times are the passage's; when its turns have different speakers the engine cuts it
    # into one piece per speaker, each with its own segment's times.
    return Evidence(
        span=Span.of("transcript", text, start, end),
        segments=tuple(seg.index for seg in segs),
        speaker=own.speaker,
        start_s=segs[0].start_s,
        end_s=segs[-1].end_s,
        alignment="fuzzy",
        score=found.rival_score,
        quote=text[start:end],
        note=note,
        relation="contradicts",
    )


def _said(f: Fact, source: str) -> str:
    """What the text says, as written, with what the value is about: "black Civic", "4 beers",
    "$1,200.50" (never a trailing comma)."""
    if "each" in f.about:
        return f"{f.text} each"
    if f.unit in ("colour", "side") and f.about:
        m = re.match(
            rf"[\w-]+(?:\s+[\w-]+){{0,3}}?\s+{re.escape(f.about[-1])}\w*", source[f.start :], re.I
        )
        if m:
            return m.group()
    return f.text


_PHRASE_END = re.compile(r"[.,;!?\n]")


def _phrase_end(text: str, end: int) -> int:
    """Where the phrase holding ``end`` stops: the next stop, comma or line end ("four ninety")."""
    m = _PHRASE_END.search(text, end)
    return m.start() if m else len(text)


def _unsupported_severity(f: Fact) -> Severity | None:
    """Less than the rule's default where a flag would too often be wrong: a 0 or a 1 (far more
    often "a", "an" or "the only" than a counted fact) is a hint."""
    if f.kind == "number" and f.value in ("0", "1"):
        return Severity.INFO
    return None


def _check(ctx: AuditContext, kind: str) -> Iterator[Hit]:
    """Yield the SA1 hits of one kind; SA110 hits come from :func:`contradicted_fact`."""
    for found in _findings(ctx):
        f = found.fact
        if f.kind != kind or found.rival is not None:
            continue
        what = _KIND_WORD[kind] if f.unit != "organisation" else "organisation"
        if kind == "person" and f.unit == "name":
            what = "name"
        shown = _said(f, ctx.summary.text)
        note = f"searched for {what} {shown!r} in {len(ctx.transcript.segments)} segments"
        evidence = (Evidence(alignment="none", note=note), *found.near)
        yield Hit(
            span=ctx.summary_span(f.start, f.end),
            message=f"{what.capitalize()} {shown!r} is not in the transcript",
            explanation=(
                f"No {what} equal to {shown!r} (compared as {f.display!r}) was found in the "
                "transcript; the nearest passage, when one resembles the claim, is attached and "
                "does not support it." + _clock_note(f)
            ),
            evidence=evidence,
            method="pattern",
            category=kind,
            severity=_unsupported_severity(f),
        )


@rule("SA101", "unsupported-number", "warning")
def unsupported_number(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags numbers, quantities, money, percentages and counts in the summary that the
        transcript never states, in any reading ("fifty-two" = 52, "two-one" = 21, "$40" =
        "forty dollars", "one point five" = 1.5, "forty-two each" = $42).  A 0 or 1 is a hint.
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
        supported by "twenty-one forty-seven", "oh nine fifty-two" by "0952 hours", "March 3rd"
        by "the third of March", a date of birth by "six thirteen ninety", and a clock time by a
        wall-clock segment stamp).
    Why it matters:
        Timelines are cross-examined; an invented time undermines the whole report.
    Example:
        Summary "about 40 minutes later" where nobody mentions forty minutes.
    """
    yield from _check(ctx, "time")


@rule("SA103", "unsupported-person", "error")
def unsupported_person(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags names of people (with or without a title such as Ofc., Sgt., Det.) and other
        proper names of which a word never occurs in the transcript or its speaker labels,
        allowing ASR misspellings.  A first name that is also a phonetic-alphabet word (Victor,
        Mike, Charlie) is a name unless it is part of a spelled plate.
    Why it matters:
        A report that names an officer who was not there has ended prosecutions.
    Example:
        Summary "Ofc. Brandt arrived to assist" when no Brandt is ever heard.
    """
    yield from _check(ctx, "person")


@rule("SA104", "unsupported-place", "warning")
def unsupported_place(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags streets, addresses, apartment numbers and organisations (a store, a school, a
        company: "Lincoln High School", "the Shell station") the transcript does not mention.
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
        letter by letter, with the phonetic alphabets read ("king lincoln" = "KL").
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
        Flags a number, time, date, plate or attribute (the colour of a vehicle, clothing or a
        bag; which bag, room, kind of place, food or drink, animal: values of one word list
        that exclude one another; the side of a body part or lane) that the transcript states
        differently about the same thing:
        the same unit or counted noun, the same object, in a passage that aligns with the claim
        and, for an amount or a list value, shares words with what the summary says of it (for
        a plate, the only plate heard).  The evidence is that passage, under its own speaker.
    Why it matters:
        Here the auditor has positive evidence that the summary is wrong, not only unsupported.
    Example:
        Summary "61 mph" where the officer said "fifty-two in a thirty-five"; "a black Civic"
        where the transcript says "blue Civic".
    """
    for found in _findings(ctx):
        f, rival = found.fact, found.rival
        if rival is None:
            continue
        said = _said(f, ctx.summary.text)
        heard = _said(rival.fact, ctx.transcript.text)
        if found.taken_back is not None:
            t = ctx.transcript.text
            back = t[found.taken_back.fact.start : _phrase_end(t, rival.fact.end)]
            message = f"The summary keeps {said!r}, which the transcript takes back: {back!r}"
            explanation = (
                f"The transcript says {f.display!r} only to correct it at once ({back!r}); the "
                "claim does not tell of the correction."
            )
            note = f"corrected to {heard!r}"
        else:
            what = (
                f.about[0]
                if f.unit == "member"
                else _UNIT_WORD.get(f.unit or "", f.unit or _KIND_WORD[f.kind])
            )
            message = f"The transcript says {heard!r} where the summary says {said!r} ({what})"
            explanation = (
                f"The summary's {what} {said!r} (compared as {f.display!r}) is not in the "
                f"transcript, which states {heard!r} (compared as {rival.fact.display!r}) about "
                "the same thing in a passage that aligns with the claim." + _clock_note(f)
            )
            note = f"the transcript states {heard!r}"
        yield Hit(
            span=ctx.summary_span(f.start, f.end),
            message=message,
            explanation=explanation,
            evidence=(_passage_evidence(ctx, found, note),),
            method="pattern",
            category=f.kind,
            # A spoken duration or height is an estimate ("ETA about twenty minutes" against
            # "arrived 6 minutes later", one clerk's "five nine" against another's "five ten"):
            # a different one is worth a look, not proof.
            severity=Severity.WARNING if f.unit in DURATION_UNITS | {"height"} else None,
        )
