"""SA4xx: loaded language, judged against what the transcript supports.

One shared analysis (``_findings``) scans the summary once with the lexicon's combined regex,
checks each entry's context conditions, and grounds each term in the transcript: a term (or its
lemma / near-synonym) that a speaker actually said is *supported*.  Each category rule
(SA401-SA410) then keeps its own category:

* unsupported term -> the entry's severity, with a "none" Evidence saying what was searched;
* supported term, not quoted or attributed in the summary -> an info flag with the transcript lines;
* supported term inside quotation marks, or in a sentence that attributes speech -> no flag;
* identity details (H) -> flagged only when absent from the transcript, whatever the tone.

SA411 compares how the summary reports the speech of officers and of civilians.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summary_audit.rules.registry import AuditContext, Hit, Rule, rule, signature_part
from summary_audit.text.lexicon import CATEGORY_NAMES, Entry, Lexicon, Match, load_lexicon
from summary_audit.text.matching import twin
from summary_audit.text.polarity import negated_at
from summary_audit.text.roles import subject_role
from summary_audit.text.wordlists import speech_verb_alternation
from summary_audit.types import Evidence, Segment, Severity, Span

MAX_EVIDENCE = 3


def _words(text: str) -> list[str]:
    return text.split()


_WINDOW = 400  # characters looked back for a clause or sentence start (keeps long texts linear)

# A transcript "establishes an accusation" when someone is arrested, charged or accused of a crime.
# Deliberately broad: role nouns (category B) are then left alone, which keeps SA402 conservative.
_ACCUSATION = re.compile(
    r"\b(under arrest|you'?re being (arrested|detained|charged)|placed under arrest|arrest(ed|ing)?"
    r"|warrants? for|charg(ed|ing) (you|him|her|them)? ?with|(cuff|book) (him|her|them)"
    r"|stole|stolen|steal(ing)?|rob(bed|bery|bing)|burglar(y|ized)|broke into|assault(ed)?"
    r"|hit me|punched me|attacked me|stabbed|shot (me|at)|shoplift(ing|ed)?|theft|DUI|OWI"
    r"|driving (under the influence|drunk)|trespass(ing)?|vandali[sz](ed|m)|he did it|she did it"
    r"|that'?s (him|her) (right there)?|fleeing|hit and run)\b",
    re.IGNORECASE,
)

# An arrest or charge, which is more than an accusation: "offender" needs this to be neutral.
_ARREST = re.compile(
    r"\b(under arrest|being arrested|placed under arrest|arrest(ed|ing) (you|him|her|them)"
    r"|(cuff|book|booked|booking) (him|her|them)|charg(ed|ing) (you|him|her|them) with)\b",
    re.IGNORECASE,
)
# Reported speech follows; an identity claimed ("a caller claiming to be from Microsoft", "claimed
# to be an officer") describes who someone said they were, not doubt about an account.
_SPEECH_NEXT = re.compile(
    r"(?!\s+to be (?:from|with|a|an)\b)"
    r"\s*(?:[\"“,:]|(?i:that|he|she|they|it|i|his|her|their|him|them|to|was|were|had|there|this|the)\b"
    r"|[A-Z][a-z]+\b)"
)
_APPOSITIVE = re.compile(r",?\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_ATTRIBUTION = re.compile(
    r"\b(said|says|stated|states|told|tells|telling|explained|described|reported|yelled|shouted|"
    r"asked|according to|called|replied|responded|answered|added|referred to|used the word)\b",
    re.IGNORECASE,
)
# Speech verbs that report neutrally; SA411 contrasts them with the D1/D2 verbs of the lexicon.
_NEUTRAL_SPEECH = re.compile(rf"\b{speech_verb_alternation('neutral')}\b", re.IGNORECASE)
_ASYMMETRY_CATEGORIES = frozenset({"D1", "D2"})


def _lexicon(ctx: AuditContext) -> Lexicon:
    return ctx.memo("sa4.lexicon", lambda: load_lexicon(ctx.options.get("lexicon")))


def _matches(ctx: AuditContext) -> list[Match]:
    return ctx.memo("sa4.matches", lambda: _lexicon(ctx).matches(ctx.summary.text))


@signature_part("lexicon")
def _lexicon_signature(options: dict, rules: list[Rule]) -> str | None:
    """The lexicon hash, when any SA4 rule runs (a user lexicon changes the results)."""
    if not any(r.code.startswith("SA4") for r in rules):
        return None
    return load_lexicon(options.get("lexicon")).sha256[:12]


# --- context -------------------------------------------------------------------------------------


def _segments(ctx: AuditContext) -> list[Segment]:
    # Background TV/radio and words spoken to the drafting AI are not something a party said.
    return [s for s in ctx.transcript.segments if s.testimony]


def _lowered_segments(ctx: AuditContext) -> list[tuple[Segment, str | None]]:
    """The testimony segments, each with its lower-cased text when that is ASCII (else None)."""
    return ctx.memo(
        "sa4.lowered",
        lambda: [(s, s.text.lower() if s.text.isascii() else None) for s in _segments(ctx)],
    )


def _accusation(ctx: AuditContext) -> bool:
    return ctx.memo(
        "sa4.accusation", lambda: any(_ACCUSATION.search(s.text) for s in _segments(ctx))
    )


def _arrested(ctx: AuditContext) -> bool:
    def compute() -> bool:
        for seg in _segments(ctx):
            for m in _ARREST.finditer(seg.text):
                # "you're not under arrest" establishes the opposite
                if not negated_at(seg.text, m.start()):
                    return True
        return False

    return ctx.memo("sa4.arrest", compute)


def _accused(ctx: AuditContext, text: str, end: int) -> bool:
    """Whether the person a role noun (ending at ``end``) refers to is accused in the transcript.

    With an appositive name ("the suspect, Tasha Greer") only accusations whose transcript line
    names that person count; otherwise any accusation does (the conservative choice).
    """
    name = _APPOSITIVE.match(text, end)
    if name is None:
        return _accusation(ctx)
    tokens = re.compile(rf"\b({'|'.join(name.group(1).split())})\b")
    return any(_ACCUSATION.search(s.text) and tokens.search(s.text) for s in _segments(ctx))


# What may come before a speech verb in its base form ("they claim", "to claim", "did claim"):
# after anything else the word is a noun ("the insurance claim was rejected").
_BEFORE_BASE_VERB = re.compile(
    r"\b(?:i|you|we|they|to|do|did|does|would|will|could|can|may|might|should|also|and|"
    r"not|never|often|now)\s+$",
    re.I,
)


def _reports_speech(text: str, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` reports speech: followed by what is said ("claimed
    that", "admitted he ..."), and, in its base form ("claim", "allege"), after a subject or an
    auxiliary, not as a noun ("the insurance claim was rejected")."""
    if not _SPEECH_NEXT.match(text, end):
        return False
    if text[start:end].lower().endswith(("s", "ed", "ing")):
        return True
    return _BEFORE_BASE_VERB.search(text, max(0, start - 12), start) is not None


def _conditions_hold(ctx: AuditContext, match: Match) -> bool:
    text = ctx.summary.text
    for cond in match.entry.conditions:
        if cond == "no_accusation" and _accused(ctx, text, match.end):
            return False
        if cond == "no_arrest" and _arrested(ctx):
            return False
        if cond == "civilian_subject" and subject_role(text, match.start) != "civilian":
            return False
        if cond == "reporting_speech" and not _reports_speech(text, match.start, match.end):
            return False
    return True


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max(0, pos - _WINDOW)
    for m in _SENTENCE_END.finditer(text, start, pos):
        start = m.end()
    end_m = _SENTENCE_END.search(text, pos)
    return start, end_m.end() if end_m else len(text)


def _quoted(ctx: AuditContext, match: Match) -> bool:
    from summary_audit.text.claims import find_quotes

    spans = ctx.memo(
        "sa4.quotes", lambda: [(q.span.start, q.span.end) for q in find_quotes(ctx.summary.text)]
    )
    return any(a <= match.start and match.end <= b for a, b in spans)


def _attributed(text: str, match: Match) -> bool:
    start, end = _sentence(text, match.start)
    return bool(_ATTRIBUTION.search(text, start, end))


# --- grounding -----------------------------------------------------------------------------------


def _grounding(ctx: AuditContext, entry: Entry) -> tuple[Evidence, ...]:
    """Transcript lines where the entry or a near-synonym was said; empty when none."""

    def search() -> tuple[Evidence, ...]:
        regex = _lexicon(ctx).support_regex(entry)
        lower = twin(regex)
        found = []
        for seg, lowered in _lowered_segments(ctx):
            # ASCII turns through the case-sensitive twin: the same match, found faster.
            m = lower.search(lowered) if lower and lowered is not None else regex.search(seg.text)
            if m is None:
                continue
            said = seg.text[m.start() : m.end()]
            start = seg.span.start + m.start()
            found.append(
                Evidence(
                    span=Span.of("transcript", ctx.transcript.text, start, start + len(said)),
                    segments=(seg.index,),
                    speaker=seg.speaker,
                    start_s=seg.start_s,
                    end_s=seg.end_s,
                    alignment="exact" if re.fullmatch(entry.regex, said, re.I) else "normalized",
                    score=1.0,
                    quote=seg.text,
                    note=f"{seg.speaker or 'a speaker'} said {said!r}",
                )
            )
            if len(found) == MAX_EVIDENCE:
                break
        return tuple(found)

    return ctx.memo(f"sa4.ground.{entry.id}", search)


def _none_evidence(ctx: AuditContext, match: Match) -> Evidence:
    """What was searched for and not found: the term's forms and its near-synonyms."""
    support = match.entry.support
    more = ", ..." if len(support) > 4 else ""
    synonyms = f" and near-synonyms ({', '.join(support[:4])}{more})" if support else ""
    return Evidence(
        alignment="none",
        note=(
            f"searched {len(_segments(ctx))} transcript segments for {match.text!r} in any "
            f"form of lexicon entry {match.entry.id}{synonyms}: not found"
        ),
    )


@dataclass(frozen=True)
class _Finding:
    match: Match
    supported: tuple[Evidence, ...]
    quoted: bool
    attributed: bool


def _findings(ctx: AuditContext) -> list[_Finding]:
    """Every lexicon match whose conditions hold, with its grounding (computed once per audit)."""

    def compute() -> list[_Finding]:
        text = ctx.summary.text
        out = []
        for match in _matches(ctx):
            if not _conditions_hold(ctx, match):
                continue
            if match.entry.category != "H" and negated_at(text, match.start, reach=2):
                # "No force was used", "he was not combative": the term itself is denied (not
                # "the prescription was not hers and claimed ...")
                continue
            out.append(
                _Finding(
                    match,
                    _grounding(ctx, match.entry),
                    _quoted(ctx, match),
                    _attributed(text, match),
                )
            )
        return out

    return ctx.memo("sa4.findings", compute)


def _hit(ctx: AuditContext, f: _Finding) -> Hit | None:
    """The flag for one finding, or None when the term is the speaker's and is quoted/attributed."""
    entry, m = f.match.entry, f.match
    kind = CATEGORY_NAMES[entry.category]
    span = ctx.summary_span(m.start, m.end)
    common = {"span": span, "suggestion": entry.neutral, "category": entry.category}
    if f.supported:
        if entry.category == "H" or f.quoted or f.attributed:
            return None
        who = f.supported[0].speaker or "a speaker"
        return Hit(
            message=f"{kind} {m.text!r} is {who}'s word; quote and attribute it",
            explanation=(
                f"{entry.rationale}. The transcript supports it ({f.supported[0].note}), but the "
                f"summary states it as the writer's own language. Lexicon entry {entry.id}."
            ),
            evidence=f.supported,
            severity=Severity.INFO,
            confidence=0.6,
            **common,
        )
    return Hit(
        message=f"{kind} {m.text!r} is not supported by the transcript",
        explanation=(
            f"{entry.rationale}. No speaker said it or a near-synonym; "
            f"lexicon entry {entry.id}, source: {entry.source} (docs/loaded-language.md)."
        ),
        evidence=(_none_evidence(ctx, m),),
        severity=entry.severity,
        confidence=0.8,
        **common,
    )


def _category_hits(ctx: AuditContext, category: str) -> Iterator[Hit]:
    for f in _findings(ctx):
        if f.match.entry.category == category:
            hit = _hit(ctx, f)
            if hit is not None:
                yield hit


# --- SA401-SA410: one rule per category ----------------------------------------------------------


def _category_rule(code: str, name: str, severity: str, category: str, doc: str) -> None:
    def check(ctx: AuditContext) -> Iterator[Hit]:
        return _category_hits(ctx, category)

    check.__name__ = check.__qualname__ = name.replace("-", "_")
    check.__doc__ = doc
    rule(code, name, severity)(check)


_DOC = """What it does:
    Flags {what} in the summary that no speaker said
    ({examples}).  A term a speaker did say is at most an info flag when the summary
    neither quotes nor attributes it.{extra}
Why it matters:
    {why}
Example:
    {example}
"""

_CATEGORY_RULES = [
    (
        "SA401",
        "pejorative-label",
        "error",
        "A",
        "pejorative labels",
        "thug, junkie, crackhead, illegal alien",
        "",
        "A label describes the person instead of the conduct and primes the reader.",
        'Summary: "the thug ran"; transcript: nobody says "thug" -> SA401, suggest the name.',
    ),
    (
        "SA402",
        "guilt-presuming-role-noun",
        "warning",
        "B",
        "guilt-presuming role nouns",
        "suspect, perpetrator, offender, assailant",
        '\n    "Suspect" only when the transcript never accuses that person of a crime, so "the'
        '\n    suspect vehicle" after a reported theft is not flagged; "offender", "perpetrator"'
        "\n    and the like only when nobody is arrested or charged on the recording.",
        "Calling a driver or complainant 'the suspect' presumes a status the audio never gave.",
        'A complainant who reported a noise is called "the suspect" -> SA402.',
    ),
    (
        "SA403",
        "demeanor-judgment",
        "warning",
        "C",
        "demeanor judgments",
        "combative, belligerent, agitated, appeared intoxicated",
        "",
        "Demeanor words are interpretive, rarely audible, and used to justify force afterwards.",
        '"He became combative" when the audio has only calm questions -> SA403.',
    ),
    (
        "SA404",
        "doubt-casting-attribution",
        "warning",
        "D1",
        "doubt-casting speech verbs",
        "claimed, alleged, insisted, maintained, so-called",
        "\n    Only when used as a speech verb with a civilian subject.",
        "'Claimed' makes one side's account doubtful where 'said' is neutral.",
        '"Marsh claimed he had renewed the policy" -> SA404, suggest "said".',
    ),
    (
        "SA405",
        "guilt-presupposing-verb",
        "warning",
        "D2",
        "guilt-presupposing verbs",
        "admitted, confessed, was caught, lied",
        '\n    "I admit I had two beers" in the transcript supports "admitted".',
        "They presuppose truth or culpability, and an admission carries legal weight.",
        '"He admitted to drinking" when he said "I had one beer at dinner" -> SA405.',
    ),
    (
        "SA406",
        "intensifier",
        "warning",
        "E",
        "intensifiers and emotive verbs",
        "violently, lunged, charged at, screamed, slammed",
        "",
        "They inflate ordinary motion or speech into aggression.",
        '"She lunged at me" when the audio has "she stepped toward the door" -> SA406.',
    ),
    (
        "SA407",
        "justification-boilerplate",
        "warning",
        "F",
        "justification boilerplate",
        "furtive movements, reaching for his waistband, high-crime area",
        "",
        "Boilerplate conclusions stand in for the observed facts a reviewer needs to check.",
        '"He made furtive movements" with nothing on the audio -> SA407.',
    ),
    (
        "SA408",
        "agency-obscuring",
        "warning",
        "G",
        "agency-obscuring phrasing",
        "a struggle ensued, the weapon discharged, was taken to the ground",
        "",
        "Passive, agentless phrasing hides who did what; it is the mirror image of A-F.",
        '"A struggle ensued" -> SA408, suggest naming who did what.',
    ),
    (
        "SA409",
        "identity-detail-not-in-transcript",
        "error",
        "H",
        "identity details",
        "race, ethnicity, religion, immigration or housing status, estimated age",
        "\n    Flagged whenever absent from the transcript, whatever the tone; never when present.",
        "A hallucinated identity detail primes bias and is a fabricated fact.",
        '"a Hispanic male in his twenties" when nobody mentions ethnicity or age -> SA409.',
    ),
    (
        "SA410",
        "certainty-upgrade",
        "warning",
        "I",
        "certainty upgrades and one-sided hedges",
        "clearly, obviously, it was determined, apparently",
        "",
        "They turn an inference into a fact, or hedge only the civilian's words.",
        '"He was clearly intoxicated" with no test on the audio -> SA410.',
    ),
]

for _code, _name, _sev, _cat, _what, _ex, _extra, _why, _example in _CATEGORY_RULES:
    _category_rule(
        _code,
        _name,
        _sev,
        _cat,
        _DOC.format(what=_what, examples=_ex, extra=_extra, why=_why, example=_example),
    )


# --- SA411: asymmetric attribution ---------------------------------------------------------------


@rule("SA411", "asymmetric-attribution", "warning")
def asymmetric_attribution(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a loaded speech verb (claimed, insisted, admitted ...) used for a civilian when the
        summary reports an officer's speech neutrally (said, advised, explained).  A verb the
        civilian used on the recording ("I admit ...") is not flagged.
        Both spans are evidence: the loaded one first, the neutral counterpart second.
    Why it matters:
        The asymmetry itself is the bias signal: the officer "advised" while the civilian
        "claimed" makes the reader trust one account over the other.
    Example:
        "I advised him of the lapse. Marsh claimed he had renewed." -> SA411 on "claimed".
    """
    text = ctx.summary.text
    neutral: dict[str, tuple[int, int]] = {}
    for m in _NEUTRAL_SPEECH.finditer(text):
        neutral.setdefault(subject_role(text, m.start()), m.span())
    for match in _matches(ctx):
        entry = match.entry
        if entry.category not in _ASYMMETRY_CATEGORIES or _quoted(ctx, match):
            continue
        if not _reports_speech(text, match.start, match.end):
            continue  # "an admission of guilt" is not a report of someone's speech
        # Only doubt cast on a civilian's words against an officer's neutral ones; a verb the
        # speaker used on the recording ("I admit ...") is theirs, not the writer's slant.
        side, other = subject_role(text, match.start), "officer"
        if side != "civilian" or other not in neutral or _grounding(ctx, entry):
            continue
        a, b = neutral[other]
        yield Hit(
            span=ctx.summary_span(match.start, match.end),
            message=f"{match.text!r} for the {side} while the {other}'s speech is {text[a:b]!r}",
            explanation=(
                f"The same kind of act is reported neutrally for the {other} and with a loaded "
                f"verb for the {side}; use the same neutral verb for both. Entry {entry.id}."
            ),
            evidence=(
                Evidence(
                    span=ctx.summary_span(match.start, match.end),
                    alignment="exact",
                    note=f"loaded: {match.text!r} ({side})",
                ),
                Evidence(
                    span=ctx.summary_span(a, b),
                    alignment="exact",
                    note=f"neutral: {text[a:b]!r} ({other})",
                ),
            ),
            suggestion=entry.neutral,
            category=entry.category,
            confidence=0.7,
        )
