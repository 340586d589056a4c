"""SA5xx: legally significant events in the transcript that the summary leaves out.

The events are found by :mod:`summary_audit.text.events` (the kinds are data:
``data/events/omission_kinds.v1.json``; consent answers are read by
:mod:`summary_audit.text.exchanges`).  An event counts as mentioned when one summary sentence carries its mention cues (for an
invocation: someone asking for a lawyer, "did not want to talk", "stopped questioning"; for a
body-part complaint: that body part and a word for pain or injury) or when the summary repeats
three or more of the spoken words.

An omission has no summary text to point at: its span is zero-width at the end of the summary
and its evidence is the transcript utterances, with speaker and time.  Each rule reports all
omitted events of its kind in one flag.  Limits: the patterns are English and phrase-based, so an
event worded unusually is missed, and a sentence that merely touches the topic ("I told him
signing was not an admission") counts as a mention: the rules prefer silence to false alarms.
Patterns were tuned on the fixture cases, so fixture scores are optimistic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from summary_audit.rules.registry import AuditContext, Hit, rule
from summary_audit.text.events import Event, clean
from summary_audit.text.facts import digit_strings, values_of
from summary_audit.text.numbers import fmt_number
from summary_audit.types import Evidence, Span

MIN_RATE_GAP = 0.5  # SA509: how much more often one side's events must be omitted


def _sentences(ctx: AuditContext) -> list[str]:
    """Summary sentences (clauses of one sentence joined back together)."""
    by_sentence: dict[int, tuple[int, int]] = {}
    for claim in ctx.claims:
        start, end = by_sentence.get(claim.sentence, (claim.span.start, claim.span.end))
        by_sentence[claim.sentence] = (min(start, claim.span.start), max(end, claim.span.end))
    return [ctx.summary.text[s:e] for s, e in sorted(by_sentence.values())]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", clean(text).lower()))


def is_mentioned(
    event: Event,
    sentences: Sequence[str],
    summary_words: str,
    found: dict[re.Pattern[str], int] | None = None,
) -> bool:
    """Whether the summary mentions any utterance of ``event``.

    An utterance is mentioned when one sentence carries all regexes of one of its cue groups
    (and its key word, if any), or when the summary repeats its words: ``summary_words`` is the
    summary as lower-case words joined by single spaces, with a space at both ends; repeating
    counts only for three words or more ("ow" proves nothing).  ``found`` keeps, between calls
    with the same ``sentences``, each regex's sentences as a bit mask (bit i: sentence i): the
    events of one kind share their cues, and a cue group is then tested against every sentence
    at once (one AND of masks, not a loop over sentences per utterance and group).
    """
    found = {} if found is None else found

    def where(pattern: re.Pattern[str]) -> int:
        mask = found.get(pattern)
        if mask is None:
            bits = "".join("1" if pattern.search(s) else "0" for s in reversed(sentences))
            mask = found[pattern] = int(bits or "0", 2)
        return mask

    every = (1 << len(sentences)) - 1
    for u in event.utterances:
        spoken = _words(u.span.text)
        if spoken.count(" ") >= 2 and f" {spoken} " in summary_words:
            return True
        allowed = every if u.key is None else where(u.key)
        if not allowed:
            continue
        for group in u.mentions:
            mask = allowed
            for pattern in group:
                mask &= where(pattern)
                if not mask:
                    break
            if mask:
                return True
    return False


@dataclass(frozen=True)
class Analysis:
    events: tuple[Event, ...]
    omitted: tuple[Event, ...]


def analyse(ctx: AuditContext) -> Analysis:
    """Detected events and the omitted ones, computed once per audit."""

    def compute() -> Analysis:
        events = ctx.events
        sentences = _sentences(ctx)
        words = f" {_words(ctx.summary.text)} "
        found: dict[re.Pattern[str], int] = {}
        omitted = tuple(
            e
            for e in events
            if not is_mentioned(e, sentences, words, found) and not _amounts_reported(ctx, e)
        )
        return Analysis(tuple(events), omitted)

    return ctx.memo("omissions.analysis", compute)


def _amounts_reported(ctx: AuditContext, event: Event) -> bool:
    """Whether the summary states an amount said with the event ("I have the receipt. one
    forty-nine ninety-nine" reported as "$149.99"): an amount of three digits or more said in
    an utterance's turn is written in the summary."""

    def summary_amounts() -> set[str]:
        return {
            fmt_number(v.number)
            for v in values_of(ctx.summary.text)
            if v.kind in ("number", "money") and v.number is not None
        }

    for u in event.utterances:
        said = {d for d in digit_strings(u.segment.text) if sum(c.isdigit() for c in d) >= 3}
        if said and not said.isdisjoint(ctx.memo("omissions.amounts", summary_amounts)):
            return True
    return False


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _evidence(event: Event) -> tuple[Evidence, ...]:
    # A turn denying three acts is quoted once (phrases with a key word are found once per word).
    first = {(u.segment.index, u.key is not None): u for u in reversed(event.utterances)}
    return tuple(
        Evidence(
            span=u.span,
            segments=(u.segment.index,),
            speaker=u.segment.speaker,
            start_s=u.segment.start_s,
            end_s=u.segment.end_s,
            alignment="exact",
            score=100.0,
            quote=u.segment.text,
            note=event.detail,
        )
        for u in event.utterances
        if u.key is None or first[u.segment.index, True] is u
    )


def _end_span(ctx: AuditContext) -> Span:
    end = len(ctx.summary.text)
    return ctx.summary_span(end, end)


def _omissions(ctx: AuditContext, code: str) -> Iterator[Hit]:
    omitted = [e for e in analyse(ctx).omitted if e.kind.code == code]
    if not omitted:
        return
    first = omitted[0]
    where = ", ".join(
        f"{_clock(e.segments[0].start_s)} {e.segments[0].speaker or 'unknown speaker'}: "
        f'"{e.span.text}"'
        for e in omitted
    )
    label = first.detail if len(omitted) == 1 else f"{len(omitted)} {first.kind.label} events"
    yield Hit(
        span=_end_span(ctx),
        message=f"the summary omits the {label} ({where})",
        explanation=f"transcript phrase patterns found {len(omitted)} {first.kind.label} "
        "event(s); no summary sentence carries their cue words or repeats them",
        evidence=tuple(ev for e in omitted for ev in _evidence(e)),
        method="pattern",
        suggestion=f"state the {first.kind.label} with its time, quoting the words spoken",
        category=first.kind.label,
    )


@rule("SA501", "omitted-rights-invocation", "error")
def omitted_rights_invocation(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Finds a civilian invoking the right to counsel or to silence ("I want a lawyer", "I don't
        want to talk") and flags the summary when no sentence mentions it.

    Why it matters:
        Questioning after an invocation can make statements inadmissible; a report that drops
        the invocation hides that from the prosecutor and the defense.

    Example:
        Transcript SUSPECT: "I want a lawyer."; summary never mentions a lawyer or silence -> SA501.
    """
    yield from _omissions(ctx, "SA501")


@rule("SA502", "omitted-miranda-advisement", "warning")
def omitted_miranda_advisement(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Finds an officer reading Miranda rights ("you have the right to remain silent") and flags
        the summary when it does not say the rights were read.

    Why it matters:
        Whether and when rights were read decides what statements can be used in court.

    Example:
        Transcript OFFICER: "You have the right to remain silent..."; summary silent -> SA502.
    """
    yield from _omissions(ctx, "SA502")


@rule("SA503", "omitted-consent-exchange", "error")
def omitted_consent_exchange(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Finds an officer asking for consent to search and the answer in the next turns, and
        flags the summary when it mentions neither consent nor its refusal.

    Why it matters:
        A search without valid consent may be suppressed; the exchange must be in the report.

    Example:
        OFFICER: "Mind if I search the car?" DRIVER: "No, I don't consent." Summary: "I searched
        the vehicle." -> SA503.
    """
    yield from _omissions(ctx, "SA503")


@rule("SA504", "omitted-medical-distress", "error")
def omitted_medical_distress(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Finds a civilian reporting medical distress ("I can't breathe", "my chest", "I need an
        ambulance") and flags the summary when it mentions no medical complaint.

    Why it matters:
        Distress during restraint is central to any later inquiry into the person's care.

    Example:
        Transcript: "I can't breathe!"; summary only says the man was handcuffed -> SA504.
    """
    yield from _omissions(ctx, "SA504")


@rule("SA505", "omitted-injury-complaint", "warning")
def omitted_injury_complaint(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Finds a civilian complaining of pain or injury ("my arm, you're hurting me", "the cuffs
        are too tight") and flags the summary when it records no complaint.

    Why it matters:
        Injury complaints bear on use-of-force review and civil liability.

    Example:
        Transcript: "Ow, you're hurting me"; summary says she was handcuffed without incident
        -> SA505.
    """
    yield from _omissions(ctx, "SA505")


@rule("SA506", "omitted-supervisor-request", "warning")
def omitted_supervisor_request(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Finds a civilian asking for a supervisor and flags the summary when no sentence says a
        supervisor was asked for.

    Why it matters:
        An ignored request for a supervisor is relevant to complaints and to review of the stop.

    Example:
        Transcript: "I want to talk to your supervisor"; summary silent -> SA506.
    """
    yield from _omissions(ctx, "SA506")


@rule("SA507", "omitted-commands-before-force", "warning")
def omitted_commands_before_force(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        When the transcript has a force cue (taser, "stop resisting", a struggle), finds the
        officers' commands in the preceding turns and flags the summary when it mentions no
        command, order or instruction.

    Why it matters:
        Whether clear commands came before force, and how long the person had to comply, is the
        first question of any force review.

    Example:
        "Show me your hands! Get on the ground!" then "Taser, taser!"; summary "I deployed my
        taser." -> SA507.
    """
    yield from _omissions(ctx, "SA507")


@rule("SA508", "omitted-exculpatory-statement", "warning")
def omitted_exculpatory_statement(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Finds exculpatory statements by civilians ("that's not mine", "I wasn't driving", "I paid
        for it", "he hit me first") and flags the summary when it records none of them.

    Why it matters:
        Exculpatory statements must reach the prosecutor (Brady); a summary that drops them
        tells one side of the story.

    Example:
        Transcript: "That bag's not mine."; summary: "I found a bag of pills in his car." -> SA508.
    """
    yield from _omissions(ctx, "SA508")


@rule("SA509", "omission-asymmetry", "info")
def omission_asymmetry(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Counts omitted events that favour the civilian (invocations, distress, injury,
        supervisor requests, exculpatory statements, refused consent) against those that favour
        the officer (Miranda read, commands before force, consent given).  Flags when at least
        two of one side's events are omitted and that side's omission rate exceeds the other
        side's by 0.5 or more; both sides must have events.

    Why it matters:
        Omissions that lean one way are a bias signal even when each single one looks minor.

    Example:
        A summary omitting "I can't breathe" and "that's not mine" but keeping the Miranda
        reading and the commands -> SA509 "civilian-favourable 2 of 2 omitted, officer 0 of 2".
    """
    analysis = analyse(ctx)
    count = {
        side: (
            sum(e.favours == side for e in analysis.omitted),
            sum(e.favours == side for e in analysis.events),
        )
        for side in ("civilian", "officer")
    }
    (civ, civ_all), (off, off_all) = count["civilian"], count["officer"]
    rate = {side: omitted / max(found, 1) for side, (omitted, found) in count.items()}
    lean = "civilian" if rate["civilian"] > rate["officer"] else "officer"
    other = "officer" if lean == "civilian" else "civilian"
    # With no events on the other side there is nothing to lean against.
    if count[lean][0] < 2 or not count[other][1] or rate[lean] - rate[other] < MIN_RATE_GAP:
        return
    yield Hit(
        span=_end_span(ctx),
        message=f"omissions lean one way: {civ} of {civ_all} civilian-favourable events omitted, "
        f"{off} of {off_all} officer-favourable events omitted",
        explanation=f"omitted events fall mostly on the {lean}'s side",
        evidence=tuple(ev for e in analysis.omitted if e.favours == lean for ev in _evidence(e)),
        method="pattern",
        raw_score=rate[lean] - rate[other],
    )
