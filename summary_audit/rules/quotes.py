"""SA2xx: quotes in the summary checked word for word against the transcript, and who said them.

A quote is looked up with :meth:`TranscriptIndex.find`.  Not found -> SA201.  Found only fuzzily ->
the words that differ are compared: a changed negation, number, pronoun or content word is SA202,
while trimming and dropped fillers or stutters are fine.  Found, but said by a speaker whose role
(officer / civilian / dispatch) differs from the summary's attribution -> SA203; unknown diarization
labels (SPEAKER_00) are never guessed at.  Rights invocations, consent exchanges and admissions that
the summary reports without quoting -> SA204.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from summary_audit.rules.registry import AuditContext, Hit, rule
from summary_audit.text.normalize import normalize
from summary_audit.text.polarity import tokens
from summary_audit.text.roles import role_of
from summary_audit.text.wordlists import (
    DISCOURSE_MARKERS,
    FILLERS,
    NEGATORS,
    speech_verb_alternation,
)
from summary_audit.types import Evidence, Segment

_IGNORED = FILLERS | DISCOURSE_MARKERS  # a quote may leave these out
_FUNCTION = {
    "a", "an", "the", "to", "of", "and", "or", "but", "in", "on", "at", "for", "with", "is", "was",
    "are", "be", "been", "am", "that", "this", "just", "all", "right", "then", "there", "here",
    "do", "did", "does", "going", "gonna", "got", "get",
}  # fmt: skip
_MIN_QUOTE_WORDS = 3
_INITIALS = re.compile(r"[A-Z0-9]{2,8}")


def _tokens(text: str) -> list[str]:
    """Word tokens with contractions split off the negation ("didn't" -> did, not); stutters
    ("I I didn't") collapse and fillers never change meaning."""
    out = tokens(text)
    return [t for i, t in enumerate(out) if t not in _IGNORED and (i == 0 or out[i - 1] != t)]


def _said_as_written(quote: str, heard: str) -> bool:
    """Whether the quote's words are a stretch of the heard words once values are read the one
    way (:func:`summary_audit.text.normalize.normalize`: "$20" and "twenty dollars", "52" and
    "fifty-two")."""
    q, h = _tokens(normalize(quote)), _tokens(normalize(heard))
    if not q or len(q) > len(h):
        return False
    first = q[0]
    return any(h[i : i + len(q)] == q for i, t in enumerate(h) if t == first)


def meaning_changes(quote: str, heard: str) -> list[str]:
    """What the summary's ``quote`` changes from the ``heard`` transcript text, in words a
    reviewer reads: "'too' where the recording has 'that'", "leaves out 'did not'".

    Words the quote leaves out at either end (trimming) do not count; inside the quoted stretch, a
    dropped negation or number does.  Any word the quote adds or substitutes that is not a filler
    or a function word counts.
    """
    if _said_as_written(quote, heard):
        return []  # "event parking $20" for "event parking twenty dollars"
    q, h = _tokens(quote), _tokens(heard)
    matcher = difflib.SequenceMatcher(a=q, b=h, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return ["none of its words were said"]
    first_h, last_h = blocks[0].b, blocks[-1].b + blocks[-1].size
    changes: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        ours = q[i1:i2] if op in ("replace", "delete") else []
        theirs = h[j1:j2] if op in ("replace", "insert") and first_h <= j1 and j2 <= last_h else []
        added = [t for t in ours if t not in _FUNCTION]
        dropped = [t for t in theirs if t in NEGATORS or t.isdigit()]
        if added and theirs:
            changes.append(f"{' '.join(ours)!r} where the recording has {' '.join(theirs)!r}")
        elif added:
            changes.append(f"adds {' '.join(ours)!r}, which was not said")
        elif dropped:
            changes.append(f"leaves out {' '.join(theirs)!r}")
    return changes


def _changes(ctx: AuditContext, quote: str, ev: Evidence) -> list[str]:
    """What ``quote`` changes from the whole turns it was found in (the aligner may cut a
    passage mid-phrase: "didn't know" without its "I"), or from those turns and the turn before
    or after when that explains more of it (a note read aloud runs over several sentences of a
    plain transcript: "it says, this is a robbery. put all the ...")."""
    if not ev.segments:
        return meaning_changes(quote, ev.quote or "")
    segments = ctx.transcript.segments
    first, last = min(ev.segments), max(ev.segments)
    spans = [(first, last), (max(0, first - 1), last), (first, min(len(segments) - 1, last + 1))]
    best: list[str] | None = None
    for a, b in dict.fromkeys(spans):
        found = meaning_changes(quote, " ".join(segments[i].text for i in range(a, b + 1)))
        if best is None or len(found) < len(best):
            best = found
    return best or []


def _quotes(ctx: AuditContext, *, terms: bool = False) -> list[tuple[object, Evidence]]:
    """Each summary quote long enough to check, with its best transcript alignment.

    With ``terms``, quoted words and pairs of words ("masseuse", "one or two") are included too.
    """

    def compute() -> list[tuple[object, Evidence]]:
        from summary_audit.text.claims import find_quotes

        out = []
        for q in find_quotes(ctx.summary.text):
            if _tokens(q.inner.text):
                ev = ctx.index.find(q.inner.text, min_score=70.0)
                letters = q.inner.text.rstrip(",.;:!?")  # "KRW," puts its comma inside
                if ev.alignment == "none" and _INITIALS.fullmatch(letters):
                    # Letters are heard one by one: "KRT" is "K R T" in the transcript.
                    ev = ctx.index.find(" ".join(letters), min_score=70.0)
                out.append((q, ev))
        return out

    found = ctx.memo("quotes.found", compute)
    # A quoted word or two is a term, not a statement: only SA201 checks that someone used it.
    return [(q, ev) for q, ev in found if terms or len(_tokens(q.inner.text)) >= _MIN_QUOTE_WORDS]


@rule("SA201", "quote-not-in-transcript", "error")
def quote_not_in_transcript(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a quotation that cannot be found in the transcript, even fuzzily.  A quoted
        term of one or two words counts too: quotation marks say somebody used that word.
    Why it matters:
        Quotation marks tell the reader these exact words were said; an invented quote is a
        fabricated statement.
    Example:
        Summary: he said "I'm going to kill you" - no such words in the transcript.
    """
    n = len(ctx.transcript.segments)
    for q, ev in _quotes(ctx, terms=True):
        if ev.alignment != "none":
            continue
        near = [
            e.model_copy(update={"relation": "nearest"})
            for e in ctx.index.search(q.inner.text, limit=1)
            if e.alignment != "none"
        ]
        note = f"searched for the quoted words in {n} segments"
        yield Hit(
            span=q.span,
            message=f"Quote {q.inner.text!r} is not in the transcript",
            explanation="No passage of the transcript matches the quoted words, even allowing "
            "for ASR noise; the nearest passage, if any, is attached.",
            evidence=(Evidence(alignment="none", note=note), *near),
            method="alignment",
        )


@rule("SA202", "altered-quote", "error")
def altered_quote(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a quotation found only approximately where the difference changes meaning: a negation,
        number, pronoun or content word added, changed or dropped.  Trimming the ends, dropping
        fillers ("uh") and stutters ("I- I") is not flagged.
    Why it matters:
        "I didn't know I was going that fast" and "I know I was going too fast" are opposite
        statements; one is an admission.
    Example:
        Summary: Marsh said, "I know I was going too fast" - transcript: "I- I didn't know I was
        going that fast."
    """
    for q, ev in _quotes(ctx):
        if ev.alignment in ("none", "exact") or not ev.quote:
            continue
        changes = _changes(ctx, q.inner.text, ev)
        if not changes:
            continue
        yield Hit(
            span=q.span,
            message=f"Quote differs from what was said: {'; '.join(changes[:3])}",
            explanation=f"The closest transcript passage is {ev.quote!r}; the quote changes "
            "words that carry meaning, not only fillers or trimmed ends.",
            evidence=(ev,),
            method="alignment",
            raw_score=ev.score,
        )


_REPORTING = speech_verb_alternation()


def _attributed(text: str, start: int, end: int, hint: str) -> bool:
    """Whether the summary attributes the quote to ``hint`` right beside it.

    'I told him, "..."' and '"...," the driver said' attribute the quote; a hint found further away
    ("I asked ... and she repeated, "..."") is not trusted for a flag.
    """
    who = re.escape(hint.strip())
    before = re.search(
        rf"\b{who}\s+(?:\w+\s+)?{_REPORTING}\b[^\"“”.]{{0,25}}$",
        text[max(0, start - 80) : start],
        re.I,
    )
    if before:
        return True
    # After the quote only when the quote does not end its sentence: '"...," he said'.
    closing = text[max(start, end - 3) : end]
    if "." in closing or (("!" in closing or "?" in closing) and hint.strip() == "I"):
        return False
    after = re.match(rf"[\s,]*{who}\s+(?:\w+\s+)?{_REPORTING}\b", text[end : end + 80], re.I)
    after_inv = re.match(rf"[\s,]*{_REPORTING}\s+{who}\b", text[end : end + 80], re.I)
    return bool(after or after_inv)


@rule("SA203", "misattributed-quote", "error")
def misattributed_quote(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a quotation that is in the transcript but spoken by someone of another role than the
        summary says (officer vs civilian vs dispatch).  Speaker labels that do not reveal a role
        (SPEAKER_00, UNKNOWN) are never used to flag.
    Why it matters:
        Putting the officer's words in the suspect's mouth (or the reverse) changes who threatened,
        consented or admitted.
    Example:
        Summary: the driver said, "Get out of the car" - the OFFICER said it.
    """
    for q, ev in _quotes(ctx):
        if ev.alignment == "none" or _changes(ctx, q.inner.text, ev):
            continue
        hint = q.speaker_hint
        said_by, claimed = role_of(ev.speaker), role_of(hint)
        if said_by is None or claimed is None or said_by == claimed:
            continue
        if not _attributed(ctx.summary.text, q.span.start, q.span.end, hint or ""):
            continue  # the hint is not the subject of a reporting verb right at the quote
        yield Hit(
            span=q.span,
            message=f"Quote attributed to {hint!r} ({claimed}) but said by "
            f"{ev.speaker} ({said_by})",
            explanation="The quoted words are in the transcript, spoken by a speaker whose role "
            "differs from the summary's attribution.",
            evidence=(ev,),
            method="alignment",
        )


# --- SA204 ---------------------------------------------------------------------------------------

# How a summary refers to a rights invocation or a consent answer.
_REPORTED = {
    "rights": re.compile(
        r"\b(?:lawyer|attorney|counsel|remain(?:ed)? silent|right to silence)\b", re.I
    ),
    "consent": re.compile(r"\b(?:consent(?:ed|s)?|permission|declined|refused)\b", re.I),
}
_ADVISEMENT = re.compile(r"\b(?:advis|read|informed|miranda|warning)\w*", re.I)


def _legal_statements(ctx: AuditContext) -> dict[str, list[Segment]]:
    """The turns that hold a rights invocation (the SA501 events) or decide a consent
    exchange (its clear answers), read once by the shared readers."""
    rights = [seg for e in ctx.events if e.kind.code == "SA501" for seg in e.segments]
    consent = [
        a.segment
        for ex in ctx.exchanges
        if ex.request.kind == "search"
        for a in ex.answers
        if a.stance != "unclear"
    ]
    return {"rights": rights, "consent": consent}


@rule("SA204", "paraphrased-legal-statement", "info")
def paraphrased_legal_statement(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Points at a sentence that reports a rights invocation (lawyer, silence) or a consent
        answer without quoting the words, when the transcript contains those words (the
        invocations SA501 finds, the answers that decide a consent exchange).  A hint for the
        reviewer, not a finding: the paraphrase may be accurate.
    Why it matters:
        Defence practice: rights invocations and consent exchanges are quoted verbatim, never
        paraphrased, because the exact words decide whether they were clear.
    Example:
        Summary: "He asked for an attorney." - transcript: "I think I want a lawyer."
    """
    from summary_audit.text.claims import find_quotes

    quoted = [(q.span.start, q.span.end) for q in find_quotes(ctx.summary.text)]
    for topic, heard in _legal_statements(ctx).items():
        if not heard:
            continue
        reported = _REPORTED[topic]
        for claim in ctx.claims:
            m = reported.search(claim.span.text)
            if not m or _ADVISEMENT.search(claim.span.text):
                continue
            start, end = claim.span.start + m.start(), claim.span.start + m.end()
            if any(s <= claim.span.end and claim.span.start <= e for s, e in quoted):
                continue  # the sentence quotes the words
            seg = heard[0]
            yield Hit(
                span=ctx.summary_span(start, end),
                message=f"The {topic} statement is paraphrased; quote the words said",
                explanation=f"The transcript says {seg.text!r}; the summary reports it without "
                "quoting it.",
                evidence=(Evidence.of_segment(seg, alignment="exact", score=100.0),),
                method="pattern",
                suggestion=f'Quote it: "{seg.text.strip()}"',
            )
