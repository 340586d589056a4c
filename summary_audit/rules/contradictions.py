"""SA3xx: the summary says the opposite of the transcript (negation flips, antonyms) or tells events
in an order the time stamps contradict, or says something was not said that the recording has
(SA304).

All three rules compare a claim with the transcript segments that best match it (found with
:meth:`TranscriptIndex.search`) and stay silent unless the evidence is clear: an act stated with one
polarity in the claim and only the other polarity in well-matching segments, an antonym heard where
the summary's word is never heard at all, or two clearly aligned events out of order.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from summary_audit.rules.registry import AuditContext, Hit, rule
from summary_audit.text.exchanges import (
    TEST_WORDS,
    Exchange,
    NoAnswer,
    answers_a_question,
    complies,
    no_answers,
)
from summary_audit.text.names import fold_name
from summary_audit.text.polarity import (
    CLAUSE_BREAK,
    NEGATORS,
    REFUSAL_STEMS,
    STOP_WORDS,
    act_negated,
    clause_stems,
    content_stems,
    is_form,
    only_wished,
    polarities,
    predicates,
    stem,
    tokens,
)
from summary_audit.text.roles import is_responder, role_of, subject_role
from summary_audit.text.wordlists import DENIAL_VERBS, SPEECH_VERBS
from summary_audit.types import Claim, Evidence, Segment, Severity, Span


@dataclass(frozen=True)
class _Context:
    claim: Claim
    segments: tuple[Segment, ...]
    evidence: tuple[Evidence, ...]


def _contexts(ctx: AuditContext) -> list[_Context]:
    """Each claim with the transcript segments that match it best."""

    def compute() -> list[_Context]:
        out = []
        for claim in ctx.claims:
            found = [e for e in ctx.index.search(claim.span.text, limit=3) if e.alignment != "none"]
            ids = sorted({i for e in found for i in e.segments})
            segs = tuple(ctx.transcript.segments[i] for i in ids)
            out.append(_Context(claim, segs, tuple(found)))
        return out

    return ctx.memo("contradictions.contexts", compute)


class _Heard:
    """What the transcript's segments state (:func:`predicates`), read lazily: most segments
    are never asked about, and reading every one costs more than the rest of the family."""

    def __init__(self, segments: tuple[Segment, ...]) -> None:
        self._segments = segments
        self._preds: dict[int, dict[str, set[tuple[bool, frozenset[str]]]]] = {}
        self._pols: dict[int, dict[str, set[bool]]] = {}
        self._postings: dict[str, list[int]] | None = None

    def preds(self, i: int) -> dict[str, set[tuple[bool, frozenset[str]]]]:
        if i not in self._preds:
            self._preds[i] = predicates(self._segments[i].text)
        return self._preds[i]

    def pols(self, i: int) -> dict[str, set[bool]]:
        if i not in self._pols:
            self._pols[i] = {w: {p for p, _ in st} for w, st in self.preds(i).items()}
        return self._pols[i]

    def pols_about(self, i: int, word: str, about: set[str]) -> set[bool]:
        """The polarities of ``word`` in segment ``i``, read only from its clauses about one of
        the words ``about`` when some clause is ("I don't want to press charges. I just want
        him to stay off my porch" does not want to press charges); else from all of them."""
        clauses = self.preds(i).get(word, set())
        related = {p for p, args in clauses if args & about}
        return related or {p for p, _ in clauses}

    def containing(self, word: str) -> list[int]:
        """The indexes of the segments holding a word with this stem, in any sentence."""
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for seg in self._segments:
                for s in {stem(t) for t in tokens(seg.text)}:
                    postings.setdefault(s, []).append(seg.index)
            self._postings = postings
        return self._postings.get(word, [])

    def stating(self, word: str) -> list[tuple[Segment, set[bool]]]:
        """The segments that state ``word`` (a stem), with its polarities in each."""
        out = []
        for i in self.containing(word):
            pols = self.pols(i).get(word)
            if pols:
                out.append((self._segments[i], pols))
        return out


def _heard(ctx: AuditContext) -> _Heard:
    return ctx.memo("contradictions.heard", lambda: _Heard(ctx.transcript.segments))


def _same_thing(
    claimed: set[tuple[bool, frozenset[str]]], heard: set[tuple[bool, frozenset[str]]]
) -> bool:
    """Whether a word the claim and a segment state with opposite polarities is about the same
    thing: the rest of the two clauses share a content word, or the claim's clause has none ("wants
    to leave his job" and "don't want to stay there" are about different things; "knew the car
    was stolen" and "didn't know it was stolen" are not).  A bare heard clause ("I don't know.")
    answers a question, so it says nothing about the claim's object ("whom he knew only as
    Tee")."""
    return any(
        len(a) < 2 or len(a & b) > 1  # the word itself is in both clauses
        for pa, a in claimed
        for pb, b in heard
        if pa != pb
    )


def _word_span(ctx: AuditContext, claim: Claim, word_stem: str) -> tuple[int, int]:
    """The claim's word with this stem, plus a negator just before it when there is one."""
    text = claim.span.text
    m = _stem_at(text, word_stem)
    if m is None:
        return claim.span.start, claim.span.end
    start = m.start()
    neg = re.search(
        r"\b(?:not|never|no|without|den(?:y|ies|ied|ying)|refused|declined|\w+n't)\s+(?:\w+\s+){0,2}$",
        text[: m.start()],
        re.I,
    )
    if neg:
        start = neg.start()
    return claim.span.start + start, claim.span.start + m.end()


def _stem_at(text: str, word_stem: str) -> re.Match[str] | None:
    """The first word of ``text`` whose stem is ``word_stem`` ("ran" for "run")."""
    for m in re.finditer(r"[A-Za-z0-9']+", text):
        toks = tokens(m.group())
        if toks and is_form(toks[0], word_stem):
            return m
    return None


_MIN_SHARED = 2  # content words a segment must share with the claim besides the flipped one


@rule("SA301", "negation-flip", "error")
def negation_flip(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a claim that states an act with one polarity ("did not resist") when the transcript
        states it only with the other ("stop resisting").  For key acts (resist, comply, run,
        fight, struggle, flee) the whole transcript is checked; for other words, a civilian's
        first-person denial of the act, the account of the person the claim reports told the
        other way, or (a warning: police summaries paraphrase) a best-matching segment that
        shares two further content words with the claim.  Questions, "if" clauses, requests
        ("can you run Bell") and negative commands ("don't touch anything") assert nothing.  A
        claim asserting everything a question asked ("she wanted to press charges") when the
        next voice answered a bare no ("no. no charges.") and nobody says otherwise is a
        warning.
    Why it matters:
        "Did not resist" and "resisted" decide a resisting-arrest charge and a force review.
    Example:
        Summary "He did not run" - the driver himself: "I ran, okay, I ran because I was scared".
    """
    for c in _contexts(ctx):
        # Quoted words are SA2's business: a quote's negation is the speaker's, not the summary's.
        claim_preds = predicates(re.sub(r"[\"“][^\"”]*[\"”]", " ", c.claim.span.text))
        claimed = {word: {p for p, _ in stated} for word, stated in claim_preds.items()}
        found = _key_act_flip(ctx, c.claim, claimed) or _denied_act(ctx, c.claim, claimed)
        # A flip found only in the passage that best matches the claim, not in an account of
        # the person it is about, was right once in six on dev cases nobody tuned on (375-390;
        # police summaries paraphrase, so the best passage is often about something else): a
        # warning.
        context = None if found else _context_flip(ctx, c, claimed, claim_preds)
        found = found or context or _reported_flip(ctx, c)
        if found:
            word, seg = found
            start, end = _word_span(ctx, c.claim, word)
            said = "asserts" if True in claimed[word] else "negates"
            yield Hit(
                span=ctx.summary_span(start, end),
                message=f"The summary {said} {word!r}; the transcript says the opposite",
                explanation=f"The transcript passage {seg.text!r} states {word!r} with the "
                "opposite polarity, and nothing in the transcript states it the summary's way."
                + (_BEST_PASSAGE_ONLY if context else ""),
                evidence=(_cited_passage(ctx, seg, seg, "same act, opposite polarity"),),
                severity=Severity.WARNING if context else None,
            )
        elif answered := _answered_no(ctx, c, claimed):
            na, word = answered
            start, end = _word_span(ctx, c.claim, word)
            yield Hit(
                span=ctx.summary_span(start, end),
                message=f"The summary asserts what was asked ({na.asked!r}); the answer was no",
                explanation=f"Asked {na.asked!r}, the answer was {na.answer.text!r}, and nobody "
                "on the recording says otherwise.",
                evidence=(_cited_passage(ctx, na.question, na.answer, "question answered no"),),
                # Measured on the dev cases only (no error flag on others' data yet): a warning.
                severity=Severity.WARNING,
            )


# "run the generator", "running a cord": to run something is to operate it, not to flee.
_RUN_SOMETHING = re.compile(
    r"\b(?:run|ran|running|runs)\s+(?:the|a|an|his|her|their|its|my)\b", re.I
)


def _key_act_flip(
    ctx: AuditContext, claim: Claim, claimed: dict[str, set[bool]]
) -> tuple[str, Segment] | None:
    """A key act (data/wordlists/key_acts) the claim states one way and the whole transcript
    only the other way."""
    key_acts = ctx.wordlists.words("key_acts")
    if "run" in claimed and _RUN_SOMETHING.search(claim.span.text):
        claimed = {w: p for w, p in claimed.items() if w != "run"}
    for word in sorted(claimed):
        heard = _heard(ctx).stating(word) if word in key_acts and len(claimed[word]) == 1 else None
        if heard and claimed[word].isdisjoint(set().union(*(p for _, p in heard))):
            return word, heard[0][0]
    return None


_FIRST_PERSON = re.compile(r"^\W*(?:i|i'm|i've|i'd|i'll|we)\b", re.I)


def _denied_act(
    ctx: AuditContext, claim: Claim, claimed: dict[str, set[bool]]
) -> tuple[str, Segment] | None:
    """An act (data/wordlists/denied_acts) the claim says a civilian did, which a civilian
    denied doing in the first person ("I didn't push him") while nobody on the recording says
    it happened."""
    denied = ctx.wordlists.words("denied_acts")
    for word in sorted(w for w in claimed if w in denied and claimed[w] == {True}):
        heard = _heard(ctx).stating(word)
        if not heard or any(True in pols for _, pols in heard):
            continue
        at = re.search(rf"\b{re.escape(word)}\w*", claim.span.text, re.I)
        if at is None or subject_role(claim.span.text, at.start()) != "civilian":
            continue
        for seg, _ in heard:
            clause = _clause_before(seg.text, word)
            if role_of(seg.speaker, assume_civilian=True) != "officer" and _FIRST_PERSON.match(
                clause
            ):
                return word, seg
    return None


def _clause_before(text: str, word: str) -> str:
    """The clause of ``text`` in which ``word`` (a stem) is said, from its start."""
    m = re.search(rf"\b{re.escape(word)}\w*", text, re.I)
    if m is None:
        return ""
    cut = max((c.end() for c in CLAUSE_BREAK.finditer(text, 0, m.start())), default=0)
    return text[cut : m.start()]


def _context_flip(
    ctx: AuditContext,
    c: _Context,
    claimed: dict[str, set[bool]],
    claim_preds: dict[str, set[tuple[bool, frozenset[str]]]],
) -> tuple[str, Segment] | None:
    """A word the claim and a best-matching segment (sharing other content) state oppositely,
    when no segment sharing as much with the claim states it the claim's way ("pleaded not
    guilty to murder" does not contradict "pleaded guilty to manslaughter" when the transcript
    also says the latter)."""
    for seg in c.segments:
        heard = _heard(ctx).pols(seg.index)
        shared = set(claimed) & set(heard)
        for word in sorted(shared - ctx.wordlists.words("key_acts")):
            if len(claimed[word]) != 1 or len(heard[word]) != 1 or claimed[word] == heard[word]:
                continue
            if not _same_thing(claim_preds[word], _heard(ctx).preds(seg.index)[word]):
                continue
            if _tells_nothing_of(seg.text, word, heard[word]):
                continue
            if claimed[word] == {True} and _under_negated_act(claim_preds, word):
                continue  # "did not cite an open container violation" asserts no open container
            if heard[word] == {True} and _under_negated_act(_heard(ctx).preds(seg.index), word):
                continue  # "no grill was anywhere near" / "we didn't have a grill anywhere near"
            if len(shared - {word}) < _MIN_SHARED or _stated_as_claimed(ctx, claimed, word):
                continue
            if claimed[word] == {False} and _denied_when_asked(ctx, word, shared - {word}, None):
                continue  # "did the big dog go after her?" "no, not after her."
            reported = _REPORTED.match(c.claim.span.text) or not DENIAL_VERBS.isdisjoint(
                tokens(c.claim.span.text)
            )  # "He denied pushing her or grabbing her wrist" reports his denial too
            if reported and _denial_held(ctx, c.claim, claimed, word):
                continue  # "He said he did not throw the bottle": his "I didn't throw it" holds
            return word, seg
    return None


def _denied_by_a_civilian(
    ctx: AuditContext, claimed: dict[str, set[bool]], word: str, claim: Claim
) -> bool:
    """Whether a civilian negates ``word`` as an act ("I didn't throw it at her", not a bare "I
    don't know.") in a turn sharing another word with the claim's sentence; the civilian the
    claim names, when one of the speakers ("Solberg stated she had not opened the safe": not
    the housekeeper's "I never opened that safe")."""
    stating = _heard(ctx).stating(word)
    contact = _contact_act(ctx, word)
    if contact:
        stating = [*stating, *_heard(ctx).stating("touch")]
    reported = _REPORTED.match(claim.span.text)
    named = _named_speaker(
        reported.group() if reported else "", (seg.speaker for seg, _ in stating)
    )
    for seg, pols in stating:
        if False not in pols or role_of(seg.speaker, assume_civilian=True) == "officer":
            continue
        if named is not None and seg.speaker != named:
            continue
        said = word if act_negated(seg.text, word) else None
        if said is None and contact and act_negated(seg.text, "touch"):
            said = "touch"  # "I never touched her" denies the push
        if said is None:
            continue
        # Another word of the claim's, or the act denied in the first person ("I didn't grab
        # anything"): the denial the claim reports.
        if set(claimed) & set(_heard(ctx).pols(seg.index)) - {word} or _FIRST_PERSON.match(
            _clause_before(seg.text, said)
        ):
            return True
    return False


def _denial_held(ctx: AuditContext, claim: Claim, claimed: dict[str, set[bool]], word: str) -> bool:
    """Whether the claim reports ``word`` denied and a civilian denied it on the recording, in a
    turn sharing a word with the claim's whole sentence ("he did not throw the bottle; he
    slammed it down on the floor": slam, floor say what it is about)."""
    if claimed[word] != {False}:
        return False
    return _denied_by_a_civilian(ctx, {**polarities(ctx.sentence(claim)), **claimed}, word, claim)


def _reported_flip(ctx: AuditContext, c: _Context) -> tuple[str, Segment] | None:
    """A statement the claim says someone made ("Wen stated she saw the driver kick the door")
    that a civilian states the other way in a passage aligned with the claim ("I didn't see
    anybody kick anything"), sharing one more content word with it, while no turn states it the
    claim's way.  Who said it stands in for the second shared word other claims need: the
    speaker's own words about their own account."""
    m = _REPORTED.match(c.claim.span.text)
    if m is None:
        return None
    rest = c.claim.span.text[m.end() :]  # what the speaker is said to have stated
    preds = predicates(re.sub(r"[\"“][^\"”]*[\"”]", " ", rest))
    claimed = {word: {p for p, _ in stated} for word, stated in preds.items()}
    # The person the claim names, when one of the speakers ("Cole stated he pushed her"): only
    # Cole's words contradict or hold his account, not the person he argued with.
    named = _named_speaker(m.group(), _speakers(ctx))
    segments = {seg.index: seg for seg in c.segments}
    if named is not None:  # the named speaker's own turns about the claim's acts, aligned or not
        for word in sorted({*claimed, "touch"}):
            segments.update(
                (s.index, s) for s, _ in _heard(ctx).stating(word) if s.speaker == named
            )
    # "She stated he sprayed her": the account is hers, so his own "I did not spray her" is
    # the other side of the dispute, not her account told the other way.
    someone_else = _other_actor(m.group(), rest)
    for _, seg in sorted(segments.items()):
        if role_of(seg.speaker, assume_civilian=True) in ("officer", "dispatch"):
            continue  # dispatch relays a caller: no one's own account on the recording
        if named is not None and seg.speaker != named:
            continue
        if someone_else and _FIRST_PERSON_TURN.match(seg.text):
            continue
        shared = set(claimed) & set(_heard(ctx).pols(seg.index))
        for word in sorted(w for w in shared if len(claimed[w]) == 1):
            # Each clause of the claim stating the word is read on its own ("wants to press
            # charges and wants it on record").
            for ours in sorted({a - {word} for _, a in preds[word]}, key=sorted):
                if _said_otherwise(
                    ctx, c, seg, word, set(ours), shared, preds, claimed, rest, named
                ):
                    return word, seg
        if named is not None:
            touched = _untouched(ctx, seg, claimed, named, rest)
            if touched is not None:
                return touched, seg
    return None


_THIRD_PERSON = frozenset({"he", "she"})
_FIRST_PERSON_TURN = re.compile(
    r"^\W*(?:(?:no|yeah|well|look|okay|ok)\W+)*(?:i|i'm|i've|i'd)\b", re.I
)


def _other_actor(reporting: str, rest: str) -> bool:
    """Whether the reported statement is about another person than its teller: "She stated he
    ..." ("She stated she ..." and "He said he ..." are about the teller)."""
    teller, actor = _teller_and_actor(reporting, rest)
    return teller in _THIRD_PERSON and actor in _THIRD_PERSON and teller != actor


def _teller_and_actor(reporting: str, rest: str) -> tuple[str, str]:
    """The first word of the claim's teller ("she" of "She stated") and of what is told ("he"
    of "he sprayed her"), lower-cased ("" when none)."""
    teller = re.search(r"[a-z]+", reporting.lower())
    actor = re.search(r"[a-z]+", rest.lower())
    return (teller.group() if teller else ""), (actor.group() if actor else "")


# A denial taken back in the same turn: "I wasn't yelling. okay I was, a little."
_TAKEN_BACK = re.compile(
    r"\b(?:okay|ok|well|fine|yeah|alright)\W+(?:i|he|she|we|they)\s+(?:was|were|did|had)\b"
    r"(?!\s*(?:not|n't)\b)",
    re.I,
)


def _tells_nothing_of(turn: str, word: str, heard: set[bool]) -> bool:
    """Whether a turn stating ``word`` (a stem) with the polarities ``heard`` tells nothing of
    whether the act happened: it was only wished ("I didn't want to wake up his kids", "he
    wanted to leave"), or its denial is taken back ("I wasn't yelling. okay I was")."""
    return only_wished(turn, word) or (heard == {False} and _TAKEN_BACK.search(turn) is not None)


def _about_someone_else(reporting: str, rest: str, turn: str, word: str) -> bool:
    """Whether the teller's turn negates ``word`` of a third person ("she didn't pick up") while
    the claim reports the teller's own act ("Echeverria stated he picked Pretzel up"): the teller
    speaks of himself as "I"."""
    teller, actor = _teller_and_actor(reporting, rest)
    # "He stated he ...", or a named teller ("Echeverria stated he ...")
    own_act = actor in _THIRD_PERSON and (
        teller == actor or teller not in _THIRD_PERSON | {"i", "we", "they"}
    )
    said_of = _teller_and_actor(_clause_before(turn, word), "")[0]
    return own_act and said_of in _THIRD_PERSON | {"they"}


def _said_otherwise(
    ctx: AuditContext,
    c: _Context,
    seg: Segment,
    word: str,
    ours: set[str],
    shared: set[str],
    preds: dict[str, set[tuple[bool, frozenset[str]]]],
    claimed: dict[str, set[bool]],
    rest: str,
    named: str | None,
) -> bool:
    """Whether the civilian turn ``seg`` states ``word`` the other way from the reported claim's
    clause about ``ours`` (see :func:`_reported_flip`), and no civilian holds the claim;
    ``claimed`` is ``preds`` without the clauses."""
    heard = _heard(ctx).pols_about(seg.index, word, ours)
    if len(heard) != 1 or claimed[word] == heard:
        return False
    if _tells_nothing_of(seg.text, word, heard):
        return False
    if heard == {False} and _about_someone_else(c.claim.span.text, rest, seg.text, word):
        return False  # "he stated he picked her up" / his "she didn't pick up" (the phone)
    negated = seg.text if heard == {False} else rest
    if not act_negated(negated, word) or not (
        shared - {word} or (named and _speaker_in_act(rest, word, seg.text, word))
    ):
        return False  # a second shared word, or the act done by or to the speaker
    # The heard clause is about the claim's object, or about "it" ("I didn't lock it"), not about
    # another thing ("I didn't know they were stolen" / "knew him as Tee").
    objects = [h - {word} for p, h in _heard(ctx).preds(seg.index)[word] if p in heard]
    if any(o and not o & ours for o in objects):
        return False
    if claimed[word] == {True} and _under_negated_act(preds, word):
        return False
    # Held when a civilian says it the claim's way about the claim's words ("lock the truck from
    # now on" is the officer's advice), or denies the act the claim reports denied.
    held = _stated_as_claimed(
        ctx, claimed, word, min_shared=1, by_civilians=True, speaker=named, about=ours or None
    )
    if claimed[word] == {False} and _denied_when_asked(ctx, word, ours, named):
        return False  # "did the big dog go after her?" "no, not after her."
    return not held and not _denial_held(ctx, c.claim, claimed, word)


def _denied_when_asked(ctx: AuditContext, word: str, about: set[str], speaker: str | None) -> bool:
    """Whether a civilian (``speaker``, when the claim names one) answered a bare no to a
    question asking the act ``word`` about something the claim is about: a denial, though its
    words never say the act."""
    for na in ctx.memo("contradictions.no_answers", lambda: no_answers(ctx.transcript.segments)):
        if (speaker is not None and na.answer.speaker != speaker) or not _civilian(
            na.answer.speaker
        ):
            continue
        asked = content_stems(na.asked)
        if word in asked and (not about or not about.isdisjoint(asked)):
            return True
    return False


def _contact_act(ctx: AuditContext, word: str) -> bool:
    """Whether ``word`` (a stem) is an act of laying hands on someone (data/wordlists/
    contact_acts), which a denial of any touch denies."""
    return any(_same_stem(word, act) for act in ctx.wordlists.words("contact_acts"))


def _same_stem(word: str, listed: str) -> bool:
    """Whether a stem matches a listed one up to one letter more or less ("chok" is "choke",
    "shov" is "shove")."""
    short, long = sorted((word, listed), key=len)
    return long.startswith(short) and len(long) - len(short) <= 1


def _speaker_in_act(claimed: str, word: str, heard: str, heard_word: str) -> bool:
    """Whether the claimed act (``word`` in the words after "X stated") and the heard one
    (``heard_word`` in the named speaker's turn) are both done to the speaker ("the worker
    threatened her" / "he didn't threaten me") or both by the speaker ("she grabbed his strap"
    / "I never touched him")."""
    to_them = _form_in(_BEFORE_HIM.findall(claimed), word)
    to_me = _form_in(_BEFORE_ME.findall(heard), heard_word)
    them = _BY_THEM.match(claimed)
    by_them = them is not None and _form_in(them.groups(), word)
    by_me = any(_form_in(m.groups(), heard_word) for m in _BY_ME.finditer(heard))
    return (to_them and to_me) or (by_them and by_me)


# The words just before "her"/"him"/"me", and the first words after "he"/"she"/"I": where the
# act done to or by the speaker is (any form of it: "he won" and "I didn't win").
_BEFORE_HIM = re.compile(r"\b([\w'-]+)\s+(?:her|him)\b", re.I)
_BEFORE_ME = re.compile(r"\b([\w'-]+)\s+me\b", re.I)
_BY_THEM = re.compile(r"\W*(?:that\s+)?(?:she|he)\s+([\w'-]+)(?:\s+([\w'-]+))?", re.I)
_BY_ME = re.compile(r"\bi\s+([\w'-]+)(?:\s+([\w'-]+))?(?:\s+([\w'-]+))?", re.I)


def _form_in(words: Iterable[str | None], word: str) -> bool:
    """Whether a form of ``word`` (a stem) is among ``words``."""
    return any(w is not None and stem(w.lower()).startswith(word) for w in words)


def _untouched(
    ctx: AuditContext, seg: Segment, claimed: dict[str, set[bool]], named: str, rest: str
) -> str | None:
    """The contact act (data/wordlists/contact_acts) a claim reports the named speaker telling
    of ("Dizon stated Baranek grabbed her arm"), when that speaker's turn denies any touch ("he
    didn't touch me") and none of their turns tells of the act."""
    acts = [
        w for w in sorted(claimed) if claimed[w] == {True} and w != "touch" and _contact_act(ctx, w)
    ]
    if not acts or not act_negated(seg.text, "touch"):
        return None
    for word in acts:
        if not _speaker_in_act(rest, word, seg.text, "touch"):
            continue
        if not any(s.speaker == named and True in p for s, p in _heard(ctx).stating(word)):
            return word
    return None


def _under_negated_act(preds: dict[str, set[tuple[bool, frozenset[str]]]], word: str) -> bool:
    """Whether every clause asserting ``word`` negates another word: the word is then the object
    of a negated act, which it is not asserted by."""
    return all(
        any(False in {p for p, _ in preds.get(other, ())} for other in clause - {word})
        for polarity, clause in preds[word]
        if polarity
    )


_I_ASKED = re.compile(r"\b(?:I|we)\s+(?:asked|requested)\b", re.I)


def _answered_no(
    ctx: AuditContext, c: _Context, claimed: dict[str, set[bool]]
) -> tuple[NoAnswer, str] | None:
    """A claim asserting what a question asked ("she wanted to press charges", "she reported
    numbness and tingling") where the question was answered "no" ("do you want to press
    charges?" "no. no charges.") and nobody states it: two or more of the question's content
    words asserted by the claim, none of them asserted anywhere on the recording."""
    asserted = {w for w, pols in claimed.items() if pols == {True}}
    if len(asserted) < _MIN_SHARED or any(False in pols for pols in claimed.values()):
        return None  # a claim that negates anything may be reporting the "no"
    if any(t in NEGATORS for t in tokens(c.claim.span.text)):
        return None  # "the driver reported hitting nothing" reports it too
    found = ctx.memo("contradictions.no_answers", lambda: no_answers(ctx.transcript.segments))
    aligned = {s.index for s in c.segments}
    text = c.claim.span.text
    reported = _REPORTED.match(text)
    teller = _named_speaker(reported.group(), _speakers(ctx)) if reported else None
    for na in found:
        if na.question.index not in aligned and na.answer.index not in aligned:
            continue
        if teller is not None and na.answer.speaker != teller:
            continue  # "Ashby told me DiNapoli hit the windshield": Ashby's account, not his
        # The claim asserts everything the question asked about ("want", "press", "charges";
        # not a name it was addressed to): a claim sharing only its nouns ("the new album"
        # after "have you heard the new album?" "no") says something else about them.
        asked = content_stems(na.asked) - _names_in(na.asked)
        shared = sorted(asserted & asked)
        if len(shared) < _MIN_SHARED or len(shared) < len(asked):
            continue
        # Found by stem, not by spelling: "ran" is the claim's "run" (a spelling search found
        # nothing and crashed the rule).
        first = min((m.start() for w in shared if (m := _stem_at(text, w))), default=0)
        before = text[max(0, first - 30) : first]
        if _REFUSAL.search(before) or not DENIAL_VERBS.isdisjoint(tokens(before)):
            continue  # "he denied loss of consciousness", "declined any numbness": the "no"
        if _I_ASKED.search(text, 0, first):
            continue  # "I asked to look inside the Jeep": the claim tells the question
        said = Counter(
            seg.index for w in shared for seg, pols in _heard(ctx).stating(w) if True in pols
        )
        if any(n >= _MIN_SHARED for n in said.values()):
            continue  # someone says it ("I want to press charges"): the "no" is not the last word
        if _answered_yes_too(ctx, asked):
            continue  # the same question put to the other party: "yeah, I do"
        return na, shared[0]
    return None


def _answered_yes_too(ctx: AuditContext, asked: set[str]) -> bool:
    """Whether a question asking all of ``asked`` (content stems) is answered yes by the next
    other voice somewhere: someone on the recording says what the claim asserts."""
    segs = ctx.transcript.segments
    return any(
        "?" in seg.text
        and asked <= content_stems(seg.text)
        and nxt.speaker != seg.speaker
        and complies(nxt.text) == "given"
        for seg, nxt in pairwise(segs)
    )


def _names_in(sentence: str) -> set[str]:
    """Stems of the names in a question: capitalised words after its first word, and a first
    word that is a vocative ("Kayla, do you want ...?"); who it is asked of, not what."""
    words = re.findall(r"[A-Za-z][\w']*", sentence)
    names = {stem(w.lower()) for w in words[1:] if w[0].isupper()}
    if words and re.match(rf"\W*{re.escape(words[0])},", sentence):
        names.add(stem(words[0].lower()))
    return names


def _stated_as_claimed(
    ctx: AuditContext,
    claimed: dict[str, set[bool]],
    word: str,
    min_shared: int = _MIN_SHARED,
    by_civilians: bool = False,
    speaker: str | None = None,
    about: set[str] | None = None,
) -> bool:
    """Whether some segment (``by_civilians``: not an officer's; ``speaker``: that speaker's)
    states ``word`` with the claim's polarity and shares at least ``min_shared`` other content
    words with the claim (``about``: with the claim's clause of ``word``; "wanted to press
    charges and asked that he stay off her porch" is not held by "I just want him to stay off my
    porch")."""
    polarity = next(iter(claimed[word]))
    words = set(claimed) if about is None else about
    for seg, pols in _heard(ctx).stating(word):
        if by_civilians and role_of(seg.speaker, assume_civilian=True) == "officer":
            continue
        if speaker is not None and seg.speaker != speaker:
            continue
        shared = (words & set(_heard(ctx).pols(seg.index))) - {word}
        if len(pols) > 1:  # said both ways in one turn: only its clauses about the claim count
            pols = _heard(ctx).pols_about(seg.index, word, shared)
        if polarity in pols and len(shared) >= min_shared:
            return True
    return False


def _has_stem(words: set[str], prefix: str) -> bool:
    return any(w.startswith(prefix) and len(w) - len(prefix) <= 4 for w in words)


def _has_stem_sorted(words: list[str], prefix: str) -> bool:
    """:func:`_has_stem` on a sorted word list: only the words starting with ``prefix`` are read
    (the transcript's vocabulary is large and tested once per antonym the claims contain)."""
    for i in range(bisect.bisect_left(words, prefix), len(words)):
        if not words[i].startswith(prefix):
            return False
        if len(words[i]) - len(prefix) <= 4:
            return True
    return False


@rule("SA302", "antonym-contradiction", "error")
def antonym_contradiction(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a claim word (refused, agreed, admitted, arrived, young ...) whose antonym (agreed,
        refused, denied, left, elderly ...) is in the segments that best match the claim while the
        word itself, in any form, is nowhere in the transcript, or is never said of the word the
        claim says it of while its antonym is ("easy to learn" where the recording has only
        "hard to learn", whatever else is easy).  Also flags a claimed refusal
        ("refused", "did not comply") when the civilian's last answer in the matching exchange
        is yes ("okay, I'm doing it"), and a claimed assent ("she consented") when it is an
        explicit refusal ("I don't consent"), unless the recording states the claim's stance
        somewhere (dispatch relaying a caller does not count).  Found only in an officer's or
        dispatcher's words, it is a warning.
    Why it matters:
        Swapping "refused" and "agreed" reverses consent; it reads fluently and slips past review.
    Example:
        Summary "He agreed to the search" - transcript "No. I don't agree, you can't search my car,
        I refuse."
    """
    transcript_words = ctx.memo("contradictions.words", lambda: set(tokens(ctx.transcript.text)))
    vocabulary = ctx.memo("contradictions.vocabulary", lambda: sorted(transcript_words))
    # Antonym pairs (data/wordlists/antonyms), each read both ways; each side is a stem prefix.
    pairs = ctx.wordlists.pairs("antonyms")
    both_ways = [*pairs, *((b, a) for a, b in pairs)]
    for c in _contexts(ctx):
        claim_toks = _without_ages(tokens(c.claim.span.text))
        claim_words = set(claim_toks)
        # Only words the segment asserts: not negated, not in a question or an "if" clause (and,
        # checked where one matches, not only promised: _only_promised).
        seg_words = {
            s.index: {w for w, pol in _heard(ctx).pols(s.index).items() if True in pol}
            | _quantifiers(s.text)
            for s in c.segments
        }
        joined = " " + " ".join(claim_words)
        for said, opposite in both_ways:
            if " " + said not in joined:  # cheap word-start test before the exact one
                continue
            if not _has_stem(claim_words, said):
                continue
            if _has_stem(claim_words, opposite):
                continue  # the claim contrasts both ("easy for some, difficult for others")
            if said == "agre" and _AGREED_FACT_ANYWHERE.search(c.claim.span.text):
                continue  # "agreed it was the bag": agreeing with a fact is no consent
            if _has_stem_sorted(vocabulary, said):
                # Said somewhere: still a swap when said of nothing the claim says it of, and
                # its antonym is ("using expensive materials" / "use cheaper materials").
                local = _said_of_the_opposite(ctx, claim_toks, said, opposite)
                if local is not None:
                    seg, word, head = local
                    m = re.search(rf"\b{re.escape(word)}\b", c.claim.span.text, re.I)
                    if m is not None:
                        yield _antonym_hit(
                            ctx,
                            c.claim,
                            m,
                            seg,
                            f"{opposite}... {head}",
                            f"{said}... {head}",
                            said_of=head,
                        )
                        break
                continue
            seg = next(
                (
                    s
                    for s in c.segments
                    if _has_stem(seg_words[s.index], opposite)
                    and _has_stem(set(_without_ages(tokens(s.text))), opposite)  # not "2-year-old"
                    and not _only_promised(ctx, s, opposite)
                    and _antonyms_about_the_same(c.claim.span.text, s.text, said, opposite)
                ),
                None,
            )
            if seg is None:
                continue
            word = next(w for w in claim_toks if w.startswith(said))
            m = re.search(rf"\b{re.escape(word)}\b", c.claim.span.text, re.I)
            if m is None:
                continue
            if _in_condition(c.claim.span.text, m.start()):
                continue  # "opening a door when unsafe": a condition asserts nothing
            yield _antonym_hit(ctx, c.claim, m, seg, f"{opposite}...", said)
            break
        else:
            hit = _prefix_antonym(ctx, c, claim_toks, transcript_words, seg_words)
            if hit is not None:
                yield hit
            else:
                yield from _refusal_vs_compliance(ctx, c)


_CONDITION_BEFORE = re.compile(r"\b(?:when|if|unless|whenever)\s+(?:\w+\s+){0,2}$", re.I)


def _in_condition(text: str, start: int) -> bool:
    """Whether the word at ``start`` is said in a condition ("when unsafe", "if it is safe")."""
    return _CONDITION_BEFORE.search(text, max(0, start - 30), start) is not None


_AGE_UNITS = frozenset(str.split("year years yr yrs month months week weeks day days"))


def _without_ages(toks: list[str]) -> list[str]:
    """``toks`` without the "old" of an age ("17-18 years old", "a 3-year-old"): a measure, not
    the adjective whose antonym is "young"."""
    return [t for k, t in enumerate(toks) if not (t == "old" and k and toks[k - 1] in _AGE_UNITS)]


_PROMISE = re.compile(r"(?:\b(?:will|gonna|going to)|'ll)\s+(?:\w+\s+)?$", re.I)
_ANY_PROMISE = re.compile(r"\b(?:will|gonna|going to)\b|'ll\b", re.I)


def _only_promised(ctx: AuditContext, seg: Segment, word: str) -> bool:
    """Whether every use of ``word`` (a stem) in ``seg`` is something promised or planned ("I'll
    lock up", "we're going to tow it"), not something that happened."""
    promises = ctx.memo(
        f"contradictions.promises.{seg.index}", lambda: _ANY_PROMISE.search(seg.text)
    )
    if promises is None:
        return False  # most turns promise nothing: spared the search for the word
    uses = list(re.finditer(rf"\b{re.escape(word)}\w*", seg.text, re.I))
    return bool(uses) and all(
        _PROMISE.search(seg.text[max(0, m.start() - 30) : m.start()]) for m in uses
    )


# Function words that have antonyms ("some"/"none", "always"/"never", "inside"/"outside"):
# polarity skips them as content, so a segment's are read here, when nothing negates them.
_QUANTIFIERS = frozenset(
    str.split("some none all many few more less most least always never inside outside")
)


@functools.lru_cache(maxsize=1024)  # a segment is read once, not once per claim it may support
def _quantifiers(text: str) -> frozenset[str]:
    toks = tokens(text)
    if any(t in NEGATORS for t in toks):
        return frozenset()
    return frozenset(t for t in toks if t in _QUANTIFIERS)


def _antonyms_about_the_same(claim: str, heard: str, said: str, opposite: str) -> bool:
    """Whether the claim's word and the segment's antonym are said of the same thing: their
    clauses share another content word ("costs decreased" and "an increase in inventories" do
    not; "a limited range of plans" and "a wide range of plans" do), or the segment says
    nothing else ("no, it's easy")."""
    ours = clause_stems(claim, stem(said))
    theirs = clause_stems(heard, stem(opposite))
    return bool(ours & theirs) or not theirs


_NEG_PREFIX = re.compile(r"^(?:un|in|im|il|ir|dis|non-?|mis)(?=[a-z]{4,})")


def _prefix_antonym(
    ctx: AuditContext,
    c: _Context,
    claim_toks: list[str],
    transcript_words: set[str],
    seg_words: dict[int, set[str]],
) -> Hit | None:
    """A word and its negative-prefix form: "disagrees" where "agree" is heard, "correctly"
    where only "incorrectly" is.  The summary's word must occur nowhere in the transcript."""
    heard_stems = ctx.memo("contradictions.stems", lambda: {stem(w) for w in transcript_words})
    claim_stems = {stem(t) for t in claim_toks}
    for tok in claim_toks:
        if tok in STOP_WORDS or tok in transcript_words or tok in _QUANTIFIERS:
            continue  # "inside" is no negative of "side"
        base = _NEG_PREFIX.sub("", tok)
        if base != tok and (stem(tok) in heard_stems or stem(base) in claim_stems):
            continue  # "unlocked" where "unlock" was said; "unlocked the cable lock"
        if base != tok and any(False in pols for _, pols in _heard(ctx).stating(stem(base))):
            continue  # "unsigned" where the recording says "isn't signed"
        candidates = {stem(base)} if base != tok else set()
        candidates |= {stem(p + tok) for p in ("un", "in", "im", "il", "ir", "dis", "non", "mis")}
        # "unnamed" is the negative of "named", not of the noun "name" both stem to
        participle = base != tok and base.endswith("ed")
        heard = {
            s.index: {w for w in candidates & seg_words[s.index] if not _only_promised(ctx, s, w)}
            for s in c.segments
            if not participle or base in tokens(s.text)
        }
        # An act and its reversal both happen ("loading at the old address", "do not unload
        # until she pays"): the claim's plain word meets the heard negative form only when both
        # are said of the same thing.  A state the claim negates ("left the gate unchained")
        # against one heard ("I chained it") needs no more.
        seg = next(
            (
                s
                for s in c.segments
                if heard.get(s.index)
                and (
                    base != tok
                    or _antonyms_about_the_same(c.claim.span.text, s.text, tok, min(heard[s.index]))
                )
            ),
            None,
        )
        if seg is None:
            continue
        m = re.search(rf"\b{re.escape(tok)}\b", c.claim.span.text, re.I)
        if m is not None and _in_condition(c.claim.span.text, m.start()):
            continue  # "opening a door when unsafe": a condition asserts nothing
        if m is not None:
            opposite = next(iter(sorted(heard[seg.index])))
            return _antonym_hit(ctx, c.claim, m, seg, f"{opposite}...", tok)
    return None


_CHANGED_STANCE = re.compile(r"\b(?:initially|at first|originally|eventually|later)\b", re.I)
_REFUSAL = re.compile(rf"\b(?:{'|'.join(REFUSAL_STEMS)})\w*\b", re.I)
# Acts whose negation in a claim reads as a refusal ("did not comply") and whose assertion as
# agreement ("she consented").
_ASSENT_STEMS = ("compli", "comply", "cooperat", "consent", "agre", "accept")
# Before a refusal word: it is a topic ("of refusing") or someone's account ("reported ...
# refusing", which the account supports), not the summary's own statement of the act.
_NOT_AN_ACT = re.compile(
    r"\b(?:of|for|about|without)\s+(?:(?:an?|the)\s+\w+\s+)?$"  # "for a customer refusing"
    r"|\b(?:reported|said|says|stated|told|according)\b",
    re.I,
)
# The writer's own stance ("I agreed to wait", "we declined") is not the civilian's answer.
_BY_OFFICER = re.compile(r"\b(?:I|we)\s+(?:\w+\s+){0,2}$")
# Consent asked for ("I asked Fitch for consent to look", "requested permission") is the
# question, not its answer.
_ASKED_FOR = re.compile(r"\b(?:ask\w*|request\w*|sought|seek\w*)\s+(?:\w+\s+){0,3}$", re.I)
_ANSWER_TURNS = 3  # turns after an order searched for the civilian's answer
# Verbs too common to say what an order is about ("let", "come", "get").
_LIGHT_VERBS = frozenset(
    str.split("let come go get take make give put want need keep say tell ask")
)
# An offer, which a "no" declines: "do you want medics to look at it?", "would you like a ride?"
_OFFER = re.compile(r"\b(?:want|like|need)\b", re.I)


# An assent told beside a refusal: not "refused consent", nor the writer's own "which I allowed".
_ASSENT_TOO = re.compile(
    rf"(?<!refused )(?<!declined )(?<!\bi )\b(?:{'|'.join(_ASSENT_STEMS)}|allow)\w*", re.I
)


# A relative clause telling what came of an act, not a stance.
_WHICH_CLAUSE = re.compile(r",\s*which\b[^,.;]*", re.I)


def _tells_both(stance: str, text: str, said: re.Match[str]) -> bool:
    """Whether a claim reporting ``stance`` (in the words ``said``) reports the other one too
    ("agreed to be checked, saying he would not go to any hospital"): the answer found may be
    to either."""
    if stance == "assent":
        rest = text[: said.start()] + " " + text[said.end() :]
        rest = _WHICH_CLAUSE.sub(" ", rest)  # "a search of the car, which revealed nothing"
        negated = any(False in pols for pols in polarities(rest).values())
        return negated or _REFUSAL.search(rest) is not None
    return any(m.start() != said.start() for m in _ASSENT_TOO.finditer(text))


def _claimed_stance(text: str) -> tuple[str, re.Match[str]] | None:
    """("refuse" | "assent", the words saying so) for a claim reporting either, else None."""
    m = _REFUSAL.search(text)
    if m is not None:
        if _NOT_AN_ACT.search(text[: m.start()]) or _BY_OFFICER.search(text[: m.start()]):
            return None  # "the consequences of refusing", "the manager reported ... refusing"
        return "refuse", m
    claimed = polarities(re.sub(r"[\"“][^\"”]*[\"”]", " ", text))
    for word, pols in sorted(claimed.items()):
        if len(pols) == 1 and word.startswith(_ASSENT_STEMS):
            m = re.search(rf"\b{re.escape(word)}\w*", text, re.I)
            before = text[: m.start()] if m is not None else ""
            if m is not None and not _BY_OFFICER.search(before) and not _ASKED_FOR.search(before):
                if word.startswith("agre") and _AGREED_A_FACT.match(text, m.end()):
                    continue  # "agreed it was the bag": agreeing with a fact, not consenting
                return ("assent" if True in pols else "refuse"), m
    return None


# After "agreed": a statement agreed with, not an act consented to.
_AGREED_A_FACT = re.compile(r"\s+(?:that|it|he|she|they|this|there|with)\b", re.I)
_AGREED_FACT_ANYWHERE = re.compile(r"\bagree[ds]?" + _AGREED_A_FACT.pattern, re.I)


def _refusal_vs_compliance(ctx: AuditContext, c: _Context) -> Iterator[Hit]:
    """A claimed refusal where the civilian's last answer in the matching exchange is yes, or a
    claimed assent where it is an explicit refusal; the claim's stance must be heard nowhere."""
    found = _claimed_stance(c.claim.span.text)
    if found is None or _CHANGED_STANCE.search(c.claim.span.text):
        return  # "initially declined": a stance that changed, so the last answer is no proof
    stance, m = found
    if _tells_both(stance, c.claim.span.text, m):
        return
    if _HEARSAY.search(c.claim.span.text, 0, m.start()):
        return  # "for a customer reportedly refusing to pay": the call's account, not the claim's
    if stance in ctx.memo("contradictions.stances", lambda: _heard_stances(ctx)):
        return
    topic = _claimed_topic(ctx.sentence(c.claim))  # "the PBT was voluntary, and he gave ..."
    claim_stems = content_stems(c.claim.span.text)
    if stance == "refuse" and any(
        _OFFER.search(na.asked)
        and (claim_stems - {stem(m.group().lower())} - _LIGHT_VERBS) & content_stems(na.asked)
        for na in ctx.memo("contradictions.no_answers", lambda: no_answers(ctx.transcript.segments))
    ):
        return  # "he declined medics": "do you want medics to look at it?" "no. I'll ice it."
    segments = list(c.segments)
    care = topic == "order" and _CARE.search(c.claim.span.text.lower()) is not None
    if care and _named_speaker(c.claim.span.text[: m.start()], _speakers(ctx)) is not None:
        # Care is offered in words the claim need not use ("we want to take you to Coldbrook
        # General"): every offer of care is a passage a named person's answer may be in.
        aligned = {seg.index for seg in segments}
        segments += [
            seg
            for seg in ctx.transcript.segments
            if seg.index not in aligned
            and not _civilian(seg.speaker)
            and _CARE_OFFER.search(seg.text)
        ]
    answers = [(seg, _answer_to(ctx, seg.index, topic)) for seg in segments]
    # The claim's subject, when it is named and speaks ("Szabo refused ..."), answers for it;
    # else someone who answered the claim's way in a passage it aligns with ("yeah, okay, I'll
    # keep him in") may be the one it is about, and another's answer may be to something else.
    # A claim reporting what someone stated ("Mulcahy stated she never agreed") is that
    # person's account: another's answer for them ("she said go ahead") does not contradict it.
    answerers = (a[0].speaker for _, a in answers if a)
    reported = _REPORTED.match(c.claim.span.text) is not None
    named = _named_speaker(
        c.claim.span.text[: m.start()], _speakers(ctx) if reported else answerers
    )
    if named is not None:
        answers = [(seg, last) for seg, last in answers if last and last[0].speaker == named]
    agreeing = {last[0].speaker for _, last in answers if last is not None and last[1] == stance}
    for seg, last in answers:
        if last is None or last[1] == stance or agreeing - {last[0].speaker}:
            continue
        # An order and its answer are what the claim refuses only when they share a word with
        # it: "she declined an ambulance" is not about "stand here with me".
        about = " ".join(s.text for s in (seg, last[0], last[2]) if s is not None)
        topical = (claim_stems - _LIGHT_VERBS) & content_stems(about)
        if topic == "order" and not topical and not (care and _CARE_OFFER.search(about)):
            continue  # "let me come inside" shares only light verbs with "come with us?"
        if stance == "assent" and _assents_too(last[0].text, _agreed_to(c.claim.span.text, m)):
            continue  # "no, you can't search my bag. the bucket you can look at."
        if _takes_stance_later(ctx, last[0], stance, claim_stems):
            continue  # "I'm not going." ... "okay, I'll go. but I'm taking the cat."
        said = "agreement" if last[1] == "assent" else "a refusal"
        yield _antonym_hit(ctx, c.claim, m, last[0], said, m.group().lower(), last[2])
        return


def _takes_stance_later(ctx: AuditContext, answer: Segment, stance: str, about: set[str]) -> bool:
    """Whether the named speaker of ``answer`` later answers the claim's way (``stance``) in a
    turn sharing a word with the claim besides light verbs: the claim may tell the later
    answer ("Vasilescu then agreed to go, on the condition that he take the cat")."""
    if answer.speaker is None:
        return False  # unlabelled lines: a later line may be anyone's
    want = "given" if stance == "assent" else "refused"
    words = about - _LIGHT_VERBS
    return any(
        seg.speaker == answer.speaker
        and "?" not in seg.text  # "okay. can I get my backpack?" asks, it does not answer
        and complies(seg.text) == want
        and not words.isdisjoint(content_stems(seg.text))
        for seg in ctx.transcript.segments[answer.index + 1 :]
    )


_HEARSAY = re.compile(r"\b(?:reportedly|allegedly|supposedly)\b", re.I)
_BEST_PASSAGE_ONLY = (
    " It is the passage that best matches the claim, not someone's account of the act: a warning."
)
_UNNEGATED_SENTENCE = re.compile(r"[^.!?]+")
_AGREED_TO = re.compile(r"\W*(?:\w+\W+){0,6}")


def _agreed_to(claim: str, m: re.Match[str]) -> set[str]:
    """The content words of what the claim says was agreed to: the few words after its stance
    word ("agreed to let me look in the bucket")."""
    after = _AGREED_TO.match(claim, m.end())
    return content_stems(after.group() if after else "") - _LIGHT_VERBS


def _assents_too(answer: str, about: set[str]) -> bool:
    """Whether a refusing answer also has a sentence without a negation about the claim's words
    (a refusal of one thing and a yes to another: "you can't search my bag. the bucket you can
    look at")."""
    for m in _UNNEGATED_SENTENCE.finditer(answer):
        words = tokens(m.group())
        if any(t in NEGATORS or t.endswith("n't") for t in words):
            continue
        if (content_stems(m.group()) - _LIGHT_VERBS) & about:
            return True
    return False


def _speakers(ctx: AuditContext) -> tuple[str, ...]:
    """The transcript's speaker labels, each once, in order of first turn."""
    segments = ctx.transcript.segments
    return ctx.memo(
        "contradictions.speakers",
        lambda: tuple(dict.fromkeys(seg.speaker for seg in segments if seg.speaker)),
    )


def _named_speaker(before: str, speakers: Iterable[str | None]) -> str | None:
    """The speaker label whose name the claim gives its subject ("Szabo" in "Szabo refused to
    keep Koda inside" for the label SZABO or "Mr. Szabo"), if one."""
    # Any script: "Sørensen" is a name as much as "Sorensen".
    names = {
        fold_name(w) for w in re.findall(r"[^\W\d_]+", before) if w[0].isupper() and len(w) > 1
    }
    if not names:
        return None
    for speaker in dict.fromkeys(speakers):
        if speaker and names & {fold_name(w) for w in re.findall(r"[^\W\d_]+", speaker)}:
            return speaker
    return None


# Medical care offered: a check or an evaluation by medics is no search.
_CARE = re.compile(
    r"\b(?:medics?|paramedics?|ems|ambulance|hospital|doctor|nurse|treat\w*|evaluat\w*)\b"
)


# An offer of care however it is worded: "we want to take you to Coldbrook General to get
# checked", "do you want the ambulance?".
_CARE_OFFER = re.compile(
    r"\b(?:medics?|paramedics?|ems|ambulance|hospital|er|urgent care|transport\w*|take you|"
    r"get (?:you )?checked|checked out)\b",
    re.I,
)


def _claimed_topic(text: str) -> str:
    """What a claimed assent or refusal is about, from the claim's words: a ``search``, a
    ``test``, the ``waiver`` (to talk, answer questions), else an ``order``."""
    low = text.lower()
    if re.search(rf"\b{TEST_WORDS}", low):
        return "test"
    if re.search(r"\bsearch", low):
        return "search"
    if _CARE.search(low):
        return "order"  # "agreed to be checked by medics" answers an offer of care
    if re.search(r"\b(?:look|check|consent|permission)", low):
        return "search"
    if re.search(r"\b(?:talk|answer|question|speak|statement|interview)", low):
        return "waiver"
    return "order"


def _answer_to(
    ctx: AuditContext, index: int, topic: str
) -> tuple[Segment, str, Segment | None] | None:
    """How the transcript answers what was asked or ordered at segment ``index``: "assent" or
    "refuse" with the answering segment, or None when unclear.

    A consent or waiver question, or an answer to one, takes the outcome of its exchange
    (:mod:`summary_audit.text.exchanges` reads a bare "no" against the question: "do you mind
    if I search?" "no" is consent).  An order takes the civilian's last clear answer in the
    next turns ("I don't want to go" ... "okay, if you think so"); an unknown label
    (SPEAKER_01) could be the officer and is never taken as the answer to an order."""
    by_segment = ctx.memo("contradictions.exchanges", lambda: _exchanges_by_segment(ctx))
    if index in by_segment:
        ex = by_segment[index]
        if ex.request.kind != topic or ex.outcome not in ("given", "refused"):
            return None
        answer = [a for a in ex.answers if a.stance == ex.outcome][-1]
        stance = "assent" if ex.outcome == "given" else "refuse"
        return answer.segment, stance, ex.request.segment
    if topic != "order":
        return None
    segs = ctx.transcript.segments
    last, end, i = None, index + _ANSWER_TURNS, index
    ordered = content_stems(segs[index].text)
    while i <= end and i < len(segs):
        if last is not None and _another_question(segs[i], ordered):
            break  # "can you get Lucia back on the phone?": what follows answers that
        # The last answer of the civilian who answered first: another person's "no" to another
        # question ("do you want to press charges?") is not this order's answer.
        same = last is None or segs[i].speaker == last[0].speaker
        if _civilian(segs[i].speaker) and i not in by_segment and same:
            asked = _previous_officer_turn(segs, i)
            before = asked if asked.index != i else None
            asked_text = before.text if before is not None else ""
            stance = complies(segs[i].text, after_question=answers_a_question(asked_text))
            if _CONFIRMING.match(asked_text):
                stance = "unclear"  # "you sure?" "I'm sure.": it confirms what was said before
            if stance != "unclear":
                said = "assent" if stance == "given" else "refuse"
                last, end = (segs[i], said, before), i + _ANSWER_TURNS
        i += 1
    return last


def _another_question(seg: Segment, ordered: set[str]) -> bool:
    """Whether an officer's turn asks something new: a question sharing no content word with
    the order first answered ("you can't stay" insists; "can you get Lucia on the phone?" does
    not)."""
    asks = "?" in seg.text or _NEW_REQUEST.search(seg.text) is not None
    if not asks or _civilian(seg.speaker) or _CONFIRMING.match(seg.text):
        return False  # "are you sure?" asks the same again
    return not ordered & content_stems(seg.text)


_CONFIRMING = re.compile(r"\W*(?:(?:are )?you sure|really|is that a (?:yes|no))\W*$", re.I)
# A request put without a question mark: "then I'll need you to sign a refusal".
_NEW_REQUEST = re.compile(r"\b(?:need|want) you to\b|\byou(?:'ll| will)? need to\b", re.I)


def _civilian(label: str | None) -> bool:
    """Whether a turn's label is a civilian's: a role word ("DRIVER") or a name without an
    officer's title ("Rick Dolan"); a diarized label (SPEAKER_01) could be the officer."""
    return role_of(label, assume_civilian=True) == "civilian" and not is_responder(label)


def _previous_officer_turn(segs: tuple[Segment, ...], i: int) -> Segment:
    """The nearest turn before ``i`` by someone who is not a civilian (``segs[i]`` if none)."""
    for j in range(i - 1, max(-1, i - 4), -1):
        if role_of(segs[j].speaker) != "civilian":
            return segs[j]
    return segs[i]


def _exchanges_by_segment(ctx: AuditContext) -> dict[int, Exchange]:
    """Each consent or waiver exchange, by the index of its question and of each answer."""
    out: dict[int, Exchange] = {}
    for ex in ctx.exchanges:
        for seg in (ex.request.segment, *(a.segment for a in ex.answers)):
            out.setdefault(seg.index, ex)
    return out


def _heard_stances(ctx: AuditContext) -> set[str]:
    """The stances the recording itself states: a refusal asserted by anyone but dispatch
    (dispatch relays a caller's earlier account), an assent stated by a civilian."""
    out = set()
    words = (*REFUSAL_STEMS, *_ASSENT_STEMS)
    for seg in ctx.transcript.segments:
        lowered = seg.text.lower()
        if not any(w in lowered for w in words):
            continue  # states no stance: spared the reading
        role = role_of(seg.speaker)
        pols = _heard(ctx).pols(seg.index)
        if role != "dispatch" and any(
            (w.startswith(REFUSAL_STEMS) and True in p)
            or (role == "civilian" and w.startswith(_ASSENT_STEMS) and False in p)
            for w, p in pols.items()
        ):
            out.add("refuse")  # "I refused", or a civilian's "I never agreed to that"
        if role == "civilian" and any(
            w.startswith(_ASSENT_STEMS) and True in p for w, p in pols.items()
        ):
            out.add("assent")
    return out


def _cited_passage(ctx: AuditContext, first: Segment, last: Segment, note: str) -> Evidence:
    """The contradicting passage from ``first`` to ``last`` (a question and its answer, an order
    and the reply): cited whole, so it is scored against the claim as what was asked and said."""
    start, end = first.span.start, last.span.end
    return Evidence(
        span=Span.of("transcript", ctx.transcript.text, start, end),
        segments=tuple(range(first.index, last.index + 1)),
        speaker=first.speaker,
        start_s=first.start_s,
        end_s=last.end_s,
        alignment="fuzzy",
        quote=ctx.transcript.text[start:end],
        note=note,
        relation="contradicts",
    )


_HEAD_WINDOW = 3  # words after an adjective or verb searched for what it is said of
_STANCE_STEMS = ("refus", "declin", *_ASSENT_STEMS)


def _head_after(toks: list[str], k: int) -> str | None:
    """The stem of the first content word after ``toks[k]`` ("expensive materials": materi)."""
    for t in toks[k + 1 : k + 1 + _HEAD_WINDOW]:
        if t not in STOP_WORDS:
            return stem(t)
    return None


def _said_of_the_opposite(
    ctx: AuditContext, claim_toks: list[str], said: str, opposite: str
) -> tuple[Segment, str, str] | None:
    """(segment, claim word, head) when the claim says ``said`` of a head word ("expensive
    materials") that the transcript says ``opposite`` of ("cheaper materials") and never says
    ``said`` in a turn naming the head; else None."""
    k = next((i for i, t in enumerate(claim_toks) if t.startswith(said)), None)
    head = _head_after(claim_toks, k) if k is not None else None
    if k is None or head is None:
        return None
    word = claim_toks[k]
    if word.startswith(_STANCE_STEMS) or True not in polarities(" ".join(claim_toks)).get(
        stem(word), ()
    ):
        return None  # stances have their own reading; "no citation was issued" asserts none
    segments = ctx.transcript.segments
    for i in _heard(ctx).containing(stem(said) if said.isalpha() else said):
        if re.search(rf"\b{re.escape(said)}\w*\s+ones?\b", segments[i].text, re.I):
            return None  # "the new one": the transcript tells things apart by this word
    found = None
    for i in _heard(ctx).containing(head):
        toks = _without_ages(tokens(segments[i].text))  # "a two-year-old left" says no "old"
        for j, t in enumerate(toks):
            if t.startswith(said):
                # said in a turn about it, in a question too ("maybe the rear camera... no, it
                # only saved the front")
                return None
            asserted = found is None and t.startswith(opposite) and _head_after(toks, j) == head
            if asserted and True in _heard(ctx).pols(i).get(stem(t), ()):
                found = segments[i]  # "use cheaper materials"
    return (found, word, head) if found is not None else None


def _antonym_hit(
    ctx: AuditContext,
    claim: Claim,
    m: re.Match[str],
    seg: Segment,
    opposite: str,
    said: str,
    asked: Segment | None = None,
    said_of: str | None = None,
) -> Hit:
    """An antonym or stance flag; ``asked`` is the question or order ``seg`` answers;
    ``said_of`` the word the claim says it of, when the word is heard of other things."""
    note = f"{opposite} where the summary says {said!r}"
    where = f" before {said_of!r}" if said_of else ""
    # An officer's or dispatcher's words are the police side's summary of what happened, not the
    # account or answer of the person the claim is about: measured on the dev cases, such
    # evidence was right once in five (SA302 at error), so it is a warning.
    second_hand = role_of(seg.speaker) in ("officer", "dispatch")
    return Hit(
        span=ctx.summary_span(claim.span.start + m.start(), claim.span.start + m.end()),
        message=f"Summary says {m.group()!r}; the transcript has the opposite "
        f"({opposite}) and never {said}",
        explanation=f"The transcript passage {seg.text!r} says the opposite of "
        f"{m.group()!r}, and no form of {m.group()!r} occurs{where} in the transcript."
        + (" The passage is the police side's, so this is a warning." if second_hand else ""),
        evidence=(_cited_passage(ctx, asked or seg, seg, note),),
        severity=Severity.WARNING if second_hand else None,
    )


# A separator's spaces are read only from where they start ("(?<!\s)"), and what runs to the end
# is never given back ("++"): a claim holding thousands of spaces is read once, not once per space.
_ORDER = [
    # (pattern, which group happened first)
    (re.compile(r"^(?P<a>.+?)(?:,|(?<!\s)|(?<=^\s))\s++(?:and\s+)?then\s+(?P<b>.++)$", re.I), "a"),
    (re.compile(r"^after\s+(?P<a>.+?),\s*(?P<b>.++)$", re.I), "a"),
    (re.compile(r"^(?P<a>.+?)(?:,|(?<!\s)|(?<=^\s))\s++followed\s+by\s+(?P<b>.++)$", re.I), "a"),
    (re.compile(r"^before\s+(?P<b>.+?),\s*(?P<a>.++)$", re.I), "a"),
]
_MIN_ORDER_SCORE = 55.0
_MIN_ORDER_MARGIN = 5.0  # the best passage must stand out from the runner-up
_MIN_PART_WORDS = 2


@rule("SA303", "wrong-event-order", "warning")
def wrong_event_order(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        For a claim that orders two events ("X, then Y", "after X, Y", "before X, Y", "X,
        followed by Y"), finds each event in the transcript; when both align clearly (a score of
        55 or more, 5 points ahead of the runner-up) and the time stamps put them the other way
        round, flags the claim.  Also flags it when a speaker tells both events the other way
        round with a word of order ("I called the bank first ... then I called Hearthside"; each
        event found by a word of its own said once in the turn) and nobody tells them the
        summary's way: this holds for someone's account too, which time stamps cannot order.
    Why it matters:
        Whether commands came before force, or Miranda before questioning, is often the whole issue.
    Example:
        Summary "I read him his rights, then asked where he had been" - the question is at 00:02:10,
        the advisement at 00:05:40.
    """
    for claim, a, b in _ordered_pairs(ctx):
        if min(len(content_stems(a)), len(content_stems(b))) < _MIN_PART_WORDS:
            continue
        told = _told_the_other_way(ctx, a, b)
        if told is not None:
            yield Hit(
                span=claim.span,
                message="Events are told in an order a speaker tells the other way round",
                explanation=f"{told.speaker or 'A speaker'} tells {b!r} before {a!r} "
                f"({told.text!r}); the summary puts {a!r} first.",
                evidence=(
                    Evidence.of_segment(
                        told,
                        alignment="fuzzy",
                        note="told in the other order",
                        relation="contradicts",
                    ),
                ),
                method="pattern",
            )
            continue
        if _REPORTED.match(claim.span.text):
            continue  # "she stated he grabbed her, then took a knife": told, not timed on camera
        ea, eb = (_best(ctx, part) for part in (a, b))
        if ea is None or eb is None or ea.start_s is None or eb.start_s is None:
            continue
        if set(ea.segments) & set(eb.segments) or ea.start_s <= eb.start_s:
            continue
        yield Hit(
            span=claim.span,
            message="Events are told in an order the transcript's time stamps contradict",
            explanation=f"{a!r} aligns at {ea.start_s:.0f}s and {b!r} at {eb.start_s:.0f}s, "
            "but the summary puts the first before the second.",
            evidence=(ea, eb),
            method="alignment",
        )


# A claim opening with someone else's account ("She stated ...", "The RP said that ...") orders
# past events; the recording only times the telling, so its time stamps cannot contradict the
# order.  The writer's own acts ("I told him to put his hands ...") are timed like any other.
# The verbs of such an account are the speech verbs (data/wordlists/speech_verbs) that report
# what was said, in the past ("advised", "indicated"), and "claimed", "insisted", "admitted" (a
# stance on an account); "told" needs its listener.  "According to X," opens one too.
_ACCOUNT_VERBS = sorted(
    {
        v
        for v, kind in SPEECH_VERBS.items()
        if kind == "neutral"
        and v.endswith("ed")  # "the agent explains ..." tells the talk on the recording
        and not v.startswith(
            ("ask", "answer", "discuss", "talk", "speak", "tell", "inform", "instruct", "add")
        )
    }
    | {"said", "says", "claimed", "insisted", "admitted", "recalled"},
    key=lambda v: (-len(v), v),
)
_REPORTED = re.compile(
    r"^\W*(?:according\s+to\s+(?:\S+\s+){0,4}?[^\s,]+,"
    r"|(?!(?:i|we)\b)(?:\S+\s+){1,20}?(?:"
    + "|".join(map(re.escape, _ACCOUNT_VERBS))
    + r"|told (?:me|us|officers?|police|deputies|dispatch))\b)",
    re.I,
)


# Words in a turn that tell an order: "I called the bank first ... and then I called Hearthside".
_ORDER_CUES = frozenset({"first", "then", "after", "before", "afterwards"})


def _told_the_other_way(ctx: AuditContext, a: str, b: str) -> Segment | None:
    """A turn that tells event ``b`` and then event ``a`` with a word of order between or right
    after ("I called the bank first ... then I called Hearthside" against "she called Hearthside
    first, then the bank"), while no turn tells them in the summary's order.  Each event is found
    by its own words: content words of one event and not the other."""
    own_a, own_b = _own_words(a, b), _own_words(b, a)
    if not own_a or not own_b:
        return None
    heard = _heard(ctx)
    with_a = {i for w in own_a for i in heard.containing(w)}
    with_b = {i for w in own_b for i in heard.containing(w)}
    found: Segment | None = None
    for i in sorted(with_a & with_b):  # the turns holding both events' words
        seg = ctx.transcript.segments[i]
        if not seg.testimony or "?" in seg.text:
            continue
        stems = [stem(t) for t in tokens(seg.text)]
        at_a, at_b = _anchor(stems, own_a), _anchor(stems, own_b)
        if at_a is None or at_b is None:
            continue
        first, second = sorted((at_a, at_b))
        if (
            _ORDER_CUES.isdisjoint(stems[first : second + 1])
            and "first" not in stems[first + 1 : first + 3]
        ):
            continue  # two events told, no word of their order
        if at_a < at_b:
            return None  # told the summary's way somewhere
        found = found or seg
    return found


def _anchor(stems: list[str], own: set[str]) -> int | None:
    """Where a turn tells an event: the first of its own words said once in the turn ("called"
    said twice tells neither call apart); None when there is none."""
    count = Counter(stems)
    return next((i for i, w in enumerate(stems) if w in own and count[w] == 1), None)


def _own_words(part: str, other: str) -> set[str]:
    """The content stems of ``part`` that ``other`` lacks."""
    return content_stems(part) - content_stems(other) - _ORDER_CUES


def _ordered_pairs(ctx: AuditContext) -> Iterator[tuple[Claim, str, str]]:
    """(claim, earlier event, later event) for each ordering the summary states.

    A clause starting with "then" follows the previous clause of its sentence (the claim splitter
    cuts "X, then Y" in two); other orderings sit inside one claim.
    """
    previous: Claim | None = None
    for claim in ctx.claims:
        text = claim.span.text.rstrip(".!?")
        lead = re.match(r"^(?:and\s+)?then\s+(?P<b>.+)$", text, re.I)
        if lead and previous is not None and previous.sentence == claim.sentence:
            span = ctx.summary_span(previous.span.start, claim.span.end)
            yield claim.model_copy(update={"span": span}), previous.span.text, lead.group("b")
        else:
            for pattern, _first in _ORDER:
                m = pattern.match(text)
                # "She then performed X, followed by Y": "then" with no event before it is not
                # the ordering; try the next pattern.
                if m and min(len(content_stems(m.group(g))) for g in "ab") >= _MIN_PART_WORDS:
                    yield claim, m.group("a"), m.group("b")
                    break
        previous = claim


def _best(ctx: AuditContext, text: str) -> Evidence | None:
    found = [e for e in ctx.index.search(text, limit=2) if e.alignment != "none"]
    if not found or found[0].score < _MIN_ORDER_SCORE:
        return None
    if len(found) > 1 and found[0].score - found[1].score < _MIN_ORDER_MARGIN:
        return None
    return found[0]


# --- SA304: the summary says something was not said or asked ------------------------------------

# What a summary says someone did not do in the conversation: ask (a question is evidence that it
# was asked) or say (only a statement of the thing is evidence: "what's your name?" does not show
# that a name was given, "I don't have my ID" does not show that an ID was provided).  Only
# accounts of what happened count: "would not ask him" is a promise, "could not explain" a
# failure to answer.  Verbs that are often not about speech ("did not offer voice recognition",
# "does not include", "don't give a damn") stay out.
_ASKING = ("ask", "inquir", "enquir", "question")
_VERBS = (
    r"(?:ask|inquire|enquire|question|mention|discuss|explain|talk|say|tell|describe|address|"
    r"specify|raise|bring\s+up|recommend|suggest|inform|advise|state|reveal|disclose|answer|"
    r"assure)\w*"
)
_ABSENCE = re.compile(
    rf"\b(?P<neg>(?:fail(?:s|ed)?\s+to|(?:did|does|do)\s*n[o’']t|never|without)\s+(?:\w+\s+)?)"
    rf"(?P<verb>{_VERBS})\b(?P<rest>[^.;:!?]*)",
    re.I,
)
_NO_MENTION = re.compile(
    r"\b(?P<neg>no\s+)(?P<verb>mention|discussion)\s+(?:of|about)\b(?P<rest>[^.;:!?]*)", re.I
)
# Words of the object phrase that say nothing about what was (not) said.
_VAGUE = {
    "any", "anything", "about", "whether", "details", "detail", "information", "other", "further",
    "more", "specific", "specifically", "reason", "reasons", "thing", "things", "way", "ways",
    "happen", "happened", "if",
}  # fmt: skip
_MIN_SCORE = 40.0  # the passage must match the missing thing's words reasonably well


# The writer's own clause after someone's account: "He said 'no sir' but I did not ask ...".
_OWN_CLAUSE = re.compile(r"(?:[,;]|\b(?:but|and|so))\s+(?:i|we)\s+\w*$", re.I)


def _object_stems(rest: str) -> set[str]:
    """The content stems of what the claim says was not said (up to a clause break)."""
    rest = re.split(r",|\b(?:and|but|because|since|although|while|so)\b", rest, maxsplit=1)[0]
    return {s for s in content_stems(rest) if s not in _VAGUE and not s.isdigit()}


@rule("SA304", "contradicted-absence", "error")
def contradicted_absence(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a claim that something was not said, asked or discussed ("did not mention the
        pricing", "fails to explain the benefits", "without asking about weapons", "no mention
        of the warrant") when the words
        of that thing occur together in one transcript passage: at least two of them, or the only
        one, and at least two thirds of them.  For "asked" a question counts; for "said",
        "mentioned", "told" and the like the passage must state them (not ask for them, not
        deny them).  Quoted words, questions and "if" clauses in the summary are not read.
    Why it matters:
        A report that says a question was never asked, or a topic never raised, is a statement
        about the recording; when the recording has it, the report hides what happened.
    Example:
        Summary "I did not ask him about weapons" - the officer: "Do you have any weapons on you?"
    """
    for claim in ctx.claims:
        # Quoted words are SA2's business; blank them out without moving offsets.
        text = re.sub(r"[\"“][^\"”]*[\"”]", lambda q: " " * len(q.group()), claim.span.text)
        if text.rstrip().endswith("?") or re.match(r"\s*(?:if|unless|whether)\b", text, re.I):
            continue
        m = _ABSENCE.search(text) or _NO_MENTION.search(text)
        if m is None:
            continue
        # "Tellis stated Kessel never mentioned a permit to her": someone's account of a talk
        # before the recording, which what was said on it cannot contradict.
        before = ctx.sentence_before(claim, claim.span.start + m.start())
        if _REPORTED.match(before + " ") and not _OWN_CLAUSE.search(before):
            continue
        wanted = _object_stems(m.group("rest"))
        if not wanted:
            continue
        asked = m.group("verb").lower().startswith(_ASKING)
        found = _passage(ctx, m.group("rest"), wanted, asked)
        if found is None:
            continue
        evidence, have = found
        start = claim.span.start + m.start()
        end = claim.span.start + m.end("verb")
        yield Hit(
            span=ctx.summary_span(start, end),
            message=f"The summary says it {text[m.start() : m.end('verb')]!r}; the transcript "
            f"has {', '.join(sorted(have))!r} in one passage",
            explanation=f"The claim says something was not said or asked, but the passage "
            f"{evidence.quote!r} has its words.",
            evidence=(evidence.model_copy(update={"relation": "contradicts"}),),
            method="alignment",
        )


def _passage(
    ctx: AuditContext, rest: str, wanted: set[str], asked: bool
) -> tuple[Evidence, set[str]] | None:
    """The best transcript passage holding enough of ``wanted`` (asked or, for saying verbs,
    stated), with the stems it holds."""
    need = max(min(2, len(wanted)), -(-2 * len(wanted) // 3))
    for ev in ctx.index.search(rest, limit=3):
        if ev.alignment == "none" or ev.score < _MIN_SCORE or not ev.quote:
            continue
        # the whole turns, not only the words matched ("replica" of "it doesn't say replica")
        said = " ".join(ctx.index.segment(i).text for i in ev.segments) or ev.quote
        told = _ABSENCE.search(said)
        if told is not None and wanted & _object_stems(told.group("rest")):
            continue  # "he didn't say he'd stop": the passage tells the same absence
        if asked:
            have = wanted & content_stems(ev.quote)
        else:
            have = {w for w, pols in polarities(ev.quote).items() if w in wanted and True in pols}
        if len(have) >= need:
            return ev, have
    return None
