"""Questions and answers: what an officer asked for and what the person answered.

One reader for every rule family that needs an answer: consent to a search or a test (SA302's
"agreed"/"refused", SA503's consent exchange, SA204's paraphrased consent), the Miranda waiver
question ("do you want to talk to me?"), and the compliance answer to an order ("okay, I'm
doing it").

A bare "no" answers the question it follows, and the question decides what it means:

========================================  ========  ==========================================
question                                  "no"      why
========================================  ========  ==========================================
"Do you mind if I search the car?"        given     a "no" to an objection question grants it
"Would you object to a search?"           given
"Can I search your car?"                  refused   a "no" to a permission question refuses it
"Is it okay if I look in the bag?"        refused
"Do you want to talk to me?" (waiver)     refused   declines to talk: silence invoked
========================================  ========  ==========================================

A "yes" to an objection question ("do you mind?" "yes") is unclear: people say "yes" meaning
"go ahead" as often as "yes, I mind".  Explicit words decide before the bare ones: "go ahead",
"I don't consent", "not without a warrant".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from summary_audit.text.normalize import lowercase_regex
from summary_audit.text.numbers import NUMBER_WORDS
from summary_audit.text.roles import role_of
from summary_audit.text.wordlists import shipped_wordlists
from summary_audit.types import Segment

Stance = Literal["given", "refused", "unclear"]
RequestKind = Literal["search", "test", "waiver"]

# An officer asking for consent to search (or to a test); "(?P<inverted>...)" marks the questions
# whose "no" grants the request.
_SEARCH_QUESTION = re.compile(
    r"\b(?:(?P<inverted>(?:do you |you |would you )?(?:mind|object|care)\b|(?:any|a) problem)"
    r"[^.?!]{0,40}\b(?:search|look|check|go through|take a look|pat you down|test)\w*"
    r"|(?:can|may|could) i (?:search|look|check|go through|take a look|pat you down)\w*"
    r"|(?:is it|would it be) (?:ok|okay|alright|all right) (?:if|for) (?:i|me)\b[^.?!]{0,30}"
    r"\b(?:search|look|check|go through)\w*"
    r"|(?:consent|permission) to (?:search|look|a search)"
    r"|do i have your (?:consent|permission)"
    r"|would you (?:consent|agree) to (?:a |the )?search)",
    re.I,
)
# What a voluntary test is called (a breath or blood sample, field sobriety tests, a PBT): read
# by the test question here and by SA302 for what a claimed consent or refusal is about.
TEST_WORDS = r"(?:tests?|sample|breath|blood|sobriety|pbt|breathalyz\w*|intoxilyz\w*)"
# An officer asking for a voluntary test.
_TEST_QUESTION = re.compile(
    r"\b(?:will|would|can|could) you (?:be willing to |consent to |agree to )?"
    rf"(?:take|do|give|submit to|provide|blow)[^.?!]{{0,30}}\b{TEST_WORDS}\b",
    re.I,
)
_WAIVER_QUESTION = re.compile(
    r"\b(?:having (?:these|those) rights in mind|with (?:these|those) rights in mind)?[^.?!]{0,40}"
    r"\b(?:do|would) you (?:want|wish|like) to (?:talk|speak|answer (?:some|any|my)? ?questions)",
    re.I,
)

# Explicit refusals: of anything asked, then of a consent request, of the waiver question
# ("do you want to talk?": a lawyer or silence), of an order.
_REFUSED_ANY = r"\bi refuse\b|\bno way\b|\b(?:no|nope|nah),? i (?:won'?t|don'?t)\b"
_REFUSED_CONSENT = re.compile(
    _REFUSED_ANY + r"|\b(?:don'?t|do not|won'?t|will not|not gonna|not going to)"
    r" (?:consent|agree|allow|let you)\b"
    r"|\bnot without a warrant\b|\b(?:get|need|have) a warrant\b|\byou (?:can'?t|cannot|may not)\b"
    r"|\bi'?d rather (?:you )?(?:not|didn'?t)\b|\b(?:no|nope|nah),? (?:you )?can'?t\b"
    r"|\b(?:you )?(?:don'?t|do not) need to (?:look|search|check|go through)\b",
    re.I,
)
_REFUSED = {
    "search": _REFUSED_CONSENT,
    "test": _REFUSED_CONSENT,
    "waiver": re.compile(
        _REFUSED_ANY + r"|\bi'?m not (?:talking|answering|saying (?:anything|nothing))\b"
        r"|\bi (?:don'?t|do not) (?:want to|wanna) (?:talk|answer|say)\b"
        r"|\bi want (?:a|my) (?:lawyer|attorney)\b|\bremain silent\b",
        re.I,
    ),
    "order": re.compile(
        _REFUSED_ANY + r"|\bi'?m not (?:doing|getting|going|moving|coming)\b|\bi won'?t\b"
        r"|\b(?:make|you can'?t make) me\b",
        re.I,
    ),
}
_GIVEN = re.compile(
    r"\b(?:go ahead|knock yourself out|be my guest|help yourself|i don'?t (?:care|mind)"
    r"|no problem|that'?s fine|i consent|you can (?:search|look|check)|sure"
    # "fine" agrees; "I'm fine", "it's fine" say how someone is
    r"|(?<!i'm )(?<!im )(?<!it's )(?<!its )(?<!he's )(?<!she's )fine)\b",
    re.I,
)
_YES = re.compile(r"^\W*(?:yes|yeah|yep|yup|okay|ok|alright|all right|uh-?huh|mm-?hmm)\b", re.I)
# A "no", or one relayed by an interpreter ("he says no ambulance"); not a "no" that corrects
# what was just said ("no, five, there's one in the side pocket", "no wait").
_CORRECTS = rf"\W+(?:wait|hold on|sorry|\d|(?:{'|'.join(sorted(NUMBER_WORDS))})\b)"
_NO = re.compile(
    rf"^\W*(?:(?:he|she|they)\s+says?\s+)?(?:no(?!{_CORRECTS})|nope|nah|uh-?uh)\b", re.I
)
# Compliance with an order ("step out of the car"): doing it, or saying it will be done.
_COMPLYING = re.compile(
    r"^\W*(?:yes|yeah|okay|ok|alright|all right|sure|fine)\b|\bi'?ll (?:go|do it|do the|take)"
    r"|\bi'?m (?:going|doing it|coming)\b|\bgo ahead\b",
    re.I,
)
_NEGATIVE = re.compile(r"\b(?:no|not|won'?t|don'?t|refus\w*|never|can'?t)\b", re.I)
_TAG = re.compile(r"\[[^\]]*\]")
ANSWER_TURNS = 4  # turns after a question searched for its answers


@dataclass(frozen=True)
class Request:
    """A question asking for something: consent, or the Miranda waiver."""

    kind: RequestKind
    segment: Segment
    start: int  # offsets of the question's words in the segment text
    end: int
    inverted: bool  # an objection question ("do you mind"): "no" grants it


@dataclass(frozen=True)
class Answer:
    segment: Segment
    stance: Stance
    why: str


@dataclass(frozen=True)
class Exchange:
    request: Request
    answers: tuple[Answer, ...]

    @property
    def outcome(self) -> Stance | None:
        """The last clear answer's stance; ``"unclear"`` when only unclear answers came,
        None when nobody answered."""
        clear = [a for a in self.answers if a.stance != "unclear"]
        if clear:
            return clear[-1].stance
        return "unclear" if self.answers else None


# Words one of the request patterns needs: a turn with none of them asks for nothing (the cheap
# test that spares most turns the regexes).
_REQUEST_WORDS = re.compile(
    r"search|look|check|go through|pat|consent|permission|test|sample|breath|blood|pbt|"
    r"breathalyz|intoxilyz|talk|speak|answer",
    re.I,
)


# "Look at" a person, their injury, their papers or the outside of a car inspects what is in
# view ("can I take a look at her?", "... at your car?", "... at your ID?"); a search looks in,
# through or inside ("look in the bag", "look at what's in your pocket").
_BODY_PARTS = shipped_wordlists().alternatives("body_parts")
_EXAMINATION = re.compile(
    r"\s+at\s+(?:her|him|you|them|me|the (?:baby|child|kid|boy|girl|damage)|"
    rf"(?:your|the|her|his|that|this|my) (?:\w+ )?(?:{_BODY_PARTS}|cut|wound|injury|car|"
    r"vehicle|bumper|fender|damage|id|license|registration|paperwork|receipt|phone|video))\b"
    # A medic checking vital signs: "can I check your heart rate and your oxygen?"
    r"|\s+(?:your|his|her|the) (?:heart rate|pulse|oxygen|blood pressure|vitals|blood sugar|"
    r"sugar|temperature|breathing)\b",
    re.I,
)


# Words the waiver question cannot do without: the cheap test before its slow leading part.
_WAIVER_WORDS = re.compile(r"(?:do|would) you (?:want|wish|like) to (?:talk|speak|answer)", re.I)
# Case-folded matching is slow in `re` (request_in reads every officer turn): ASCII text is
# searched lower-cased through each pattern's case-sensitive twin (the same matches and offsets).
_TWINS = {
    p: lowercase_regex(p)
    for p in (_REQUEST_WORDS, _WAIVER_WORDS, _SEARCH_QUESTION, _TEST_QUESTION, _WAIVER_QUESTION)
}


def _search(pattern: re.Pattern[str], text: str, lowered: str | None) -> re.Match[str] | None:
    """``pattern.search(text)``; ``lowered`` is ``text.lower()`` when ``text`` is ASCII."""
    twin = _TWINS.get(pattern)
    if lowered is not None and twin is not None:
        return twin.search(lowered)
    return pattern.search(text)


def request_in(text: str) -> tuple[RequestKind, int, int, bool] | None:
    """(kind, start, end, inverted) of a search, test or waiver question in ``text``."""
    lowered = text.lower() if text.isascii() else None
    if _search(_REQUEST_WORDS, text, lowered) is None:
        return None
    m = _search(_SEARCH_QUESTION, text, lowered)
    if m is not None and not _EXAMINATION.match(text, m.end()):
        return "search", m.start(), m.end(), m.group("inverted") is not None
    m = _search(_TEST_QUESTION, text, lowered)
    if m is not None:
        return "test", m.start(), m.end(), False
    if _search(_WAIVER_WORDS, text, lowered) is None:
        return None
    m = _search(_WAIVER_QUESTION, text, lowered)
    if m is not None:
        return "waiver", m.start(), m.end(), False
    return None


def read_answer(
    text: str, *, inverted: bool = False, kind: RequestKind | Literal["order"] = "search"
) -> tuple[Stance, str]:
    """The stance of an answer to a request of ``kind``; ``inverted`` when the question asked
    about an objection ("do you mind ...?").  Explicit words decide first, then a bare yes or
    no."""
    text = _TAG.sub(" ", text)
    if _REFUSED[kind].search(text):
        return "refused", "refuses in so many words"
    if _GIVEN.search(text) and not _NEGATIVE.search(_GIVEN.sub(" ", text)):
        return "given", "agrees in so many words"
    if _NO.search(text):
        if inverted:
            return "given", 'a bare "no" to an objection question ("do you mind ...?")'
        return "refused", 'a bare "no"'
    if _YES.search(text):
        if inverted:
            return "unclear", 'a bare "yes" to "do you mind ...?" can mean either'
        return "given", 'a bare "yes"'
    return "unclear", "no clear yes or no"


# A request phrased as a question ("will you come with the medics?") is an order, not a
# question for information.
# Asking to be given or shown something ("can I get a copy of this clip?", "could I see your
# ID?") is a request too.
_REQUEST_QUESTION = re.compile(
    r"\b(?:will|would|can|could) you\b|\b(?:can|could|may) (?:i|we) (?:get|have|see)\b", re.I
)


def answers_a_question(asked: str) -> bool:
    """Whether a turn asked for information ("is anyone else here?"), not for an act, or asked
    in the negative ("you sure you don't want medics?"), where a bare yes or no can mean
    either."""
    if not asked.rstrip().endswith("?"):
        return False
    return _REQUEST_QUESTION.search(asked) is None or bool(_NEGATIVE.search(_last_question(asked)))


def complies(text: str, *, after_question: bool = False) -> Stance:
    """How a turn answers an order: ``given`` (doing it), ``refused``, or ``unclear``.

    ``after_question``: the turn follows a question, not an order ("is anyone else here?"
    "no, it's just me"), so a bare yes or no answers the question and complies with nothing;
    only explicit words count."""
    stance, why = read_answer(text, kind="order")
    if after_question and why.startswith("a bare"):
        return "unclear"
    text = _TAG.sub(" ", text)
    if stance == "refused":
        # "I'm not going to fight you guys. yeah. I'll go.": it refuses something else
        return "unclear" if _COMPLYING.search(text) else "refused"
    if _COMPLYING.search(text) and not _NEGATIVE.search(text):
        return "given"
    return "unclear"


def _answerer(seg: Segment, asker: Segment) -> bool:
    """Whether ``seg`` can answer a request ``asker`` made: someone other than the asker, not
    an officer, dispatch or background media.  With diarized labels (SPEAKER_00, SPEAKER_01)
    the other voice is the person asked; an unlabelled turn after the question is taken too,
    since plain transcripts name nobody."""
    if not seg.from_the_scene:
        return False
    if seg.speaker is not None and seg.speaker == asker.speaker:
        return False
    return role_of(seg.speaker) not in ("officer", "dispatch")


# An asker's turn that keeps the same exchange going after an answer: it asks again or checks
# the answer ("so that's a no?", "you're saying I can't search?").
_FOLLOW_UP = re.compile(
    r"\b(?:consent|permission|search|look|check)\w*|\bthat'?s a (?:no|yes)\b"
    r"|\byou'?re saying\b|\bis that a\b",
    re.I,
)


# The asker acknowledging a refusal: what the bare "no" before it meant.
_RIGHT_TO_REFUSE = re.compile(
    r"\b(?:that'?s|it'?s) your right\b|\bi won'?t (?:search|look|go through)\b", re.I
)


def _as_refusal(answer: Answer) -> Answer:
    if answer.stance == "given" and answer.why.startswith('a bare "no"'):
        return Answer(answer.segment, "refused", 'a bare "no" the asker took as a refusal')
    return answer


def exchanges(segments: Sequence[Segment]) -> list[Exchange]:
    """Every request in the transcript with its answers, in order.

    Answers are the other person's turns after the question: within :data:`ANSWER_TURNS` turns
    until a clear answer comes; after it, only while the asker follows up on the same request
    ("so that's a no?").  A new order or question from the asker ("step out of the car") ends
    the exchange, so the "okay" that answers it is not taken for consent.
    """
    out: list[Exchange] = []
    for i, seg in enumerate(segments):
        if role_of(seg.speaker) in ("civilian", "dispatch") or not seg.testimony:
            continue
        found = request_in(seg.text)
        if found is None:
            continue
        kind, start, end, inverted = found
        answers: list[Answer] = []
        clear = False
        for j in range(i + 1, min(len(segments), i + 1 + 3 * ANSWER_TURNS)):
            nxt = segments[j]
            if answers and _RIGHT_TO_REFUSE.search(nxt.text):
                # "that's fine, that's your right": the asker took the bare "no" as a refusal
                answers = [_as_refusal(a) for a in answers]
                break
            if _answerer(nxt, seg):
                stance, why = read_answer(nxt.text, inverted=inverted, kind=kind)
                answers.append(Answer(nxt, stance, why))
                clear = clear or stance != "unclear"
            elif request_in(nxt.text) is not None or (clear and not _FOLLOW_UP.search(nxt.text)):
                break  # a new request, or the asker has moved on
            if not clear and j - i >= ANSWER_TURNS:
                break
        out.append(Exchange(Request(kind, seg, start, end, inverted), tuple(answers)))
    return out


def _last_question(text: str) -> str:
    """The last question of ``text`` ("...? You're seventeen." -> the sentence ending in "?"),
    found from its end: a search from every start was quadratic in a turn without stops."""
    end = text.rindex("?")
    start = max(text.rfind(c, 0, end) for c in ".?!") + 1
    return text[start : end + 1].strip()


_NO_BUT = re.compile(r"^\W*no\W+but\b", re.I)
_INVERTED_QUESTION = re.compile(r"\b(?:mind|object|care|any problem|a problem)\b", re.I)


@dataclass(frozen=True)
class NoAnswer:
    """A question for information answered with a bare "no" by the next other voice."""

    question: Segment
    asked: str  # the question's own sentence
    answer: Segment


def no_answers(segments: Sequence[Segment]) -> list[NoAnswer]:
    """Every question for information ("do you want to press charges?", "any numbness or
    tingling?") that the next turn of another voice answers with a bare "no".  Requests
    (consent, tests, the waiver: :func:`request_in`), "do you mind ...?" questions (whose "no"
    grants) and orders phrased as questions ("can you step out?") are left out."""
    out: list[NoAnswer] = []
    for i, seg in enumerate(segments[:-1]):
        if "?" not in seg.text or not seg.from_the_scene:
            continue
        # The turn's last question is what the next turn answers ("Kayla, do you want to press
        # charges? You're seventeen, so we'd need a parent." "no. no charges.").
        asked = _last_question(seg.text)
        if not answers_a_question(asked) or _INVERTED_QUESTION.search(asked):
            continue
        if request_in(asked) is not None:
            continue
        nxt = segments[i + 1]
        answer = _TAG.sub(" ", nxt.text)
        # A bare "no", not "no problem", "no, go ahead" or "no, but she said ...".
        bare = _NO.search(answer) and not _GIVEN.search(answer) and not _NO_BUT.search(answer)
        if _answerer(nxt, seg) and bare:
            out.append(NoAnswer(seg, asked, nxt))
    return out
