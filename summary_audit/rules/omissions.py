"""SA5xx: legally significant events in the transcript that the summary leaves out.

Detection is by phrase patterns over transcript segments, filtered by the speaker's role (an
officer reads rights; a civilian invokes them; segments tagged ``media`` or ``dispatch`` never
count).  Utterances of one kind a turn or two apart are one event ("ow ... I rolled my ankle").
An event counts as mentioned when one summary sentence carries its mention cues (for an
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

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from summary_audit.rules.registry import AuditContext, Hit, rule
from summary_audit.text.normalize import lowercase_regex
from summary_audit.text.roles import role_of
from summary_audit.types import Evidence, Segment, Span

Role = Literal["officer", "civilian", "dispatch", "unknown"]
Favours = Literal["civilian", "officer"]

# A gap between spoken words: punctuation, stutter dashes and fillers ASR leaves in.
_GAP = r"(?:[\s,.;:!?\-–—…]+(?:(?:uh+|um+|erm|er|ah+|hmm)[\s,.;:!?\-–—…]+)*)"


def speaker_role(speaker: str | None) -> Role:
    """The role a speaker label suggests: diarization labels (SPEAKER_01) are ``unknown`` and a
    named speaker without a title is a civilian (see :func:`summary_audit.text.roles.role_of`)."""
    return role_of(speaker, assume_civilian=True) or "unknown"


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a phrase pattern; a literal space in it stands for a spoken-word gap."""
    return re.compile(pattern.replace(" ", _GAP), re.I)


Cues = tuple[tuple[re.Pattern[str], ...], ...]


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

    @functools.cached_property
    def any_phrase(self) -> re.Pattern[str]:
        """All phrases in one regex: one cheap test per segment before the phrase-by-phrase pass."""
        joined = "|".join(f"(?:{p.pattern.pattern})" for p in self.phrases)
        return re.compile(re.sub(r"\(\?P<\w+>", "(?:", joined), re.I)  # group names repeat

    @functools.cached_property
    def any_phrase_lower(self) -> re.Pattern[str] | None:
        """:attr:`any_phrase` for lower-cased ASCII text: the same answer, twice as fast."""
        return lowercase_regex(self.any_phrase)

    def may_occur(self, text: str, lowered: str | None = None) -> bool:
        """Whether some phrase of this kind may occur in ``text`` (a cheap test, then exact);
        ``lowered`` is ``text.lower()`` when the caller already has it."""
        return _occurs(self.any_phrase, self.any_phrase_lower, text, lowered)


def _occurs(
    pattern: re.Pattern[str], lower: re.Pattern[str] | None, text: str, lowered: str | None = None
) -> bool:
    """``pattern.search(text)``, through its lower-case twin when the text allows (every segment
    is tested against every kind: this is the omission rules' hot loop).  ``lowered`` is
    ``text.lower()`` when the caller already has it."""
    if lower is not None and text.isascii():
        return lower.search(text.lower() if lowered is None else lowered) is not None
    return pattern.search(text) is not None


def _cues(*groups: str | tuple[str, ...]) -> Cues:
    """Mention cues: each group is one regex or a tuple of regexes that must all match."""
    return tuple(
        tuple(re.compile(p, re.I) for p in ((g,) if isinstance(g, str) else g)) for g in groups
    )


def _say(pattern: str, mentions: Cues, key: str | None = None) -> Phrase:
    return Phrase(_rx(pattern), mentions, key)


CIVILIAN: frozenset[Role] = frozenset({"civilian", "unknown"})
OFFICER: frozenset[Role] = frozenset({"officer", "unknown"})
_LAWYER = r"(lawyer|attorney)"
_BODY = (
    r"(?P<part>arm|wrists?|shoulder|head|leg|back|neck|hand|knee|face|ankle|ribs?|elbow|eye|foot"
    r"|hip)"
)
_HURT = (
    r"\b(hurt\w*|pain\w*|injur\w*|sore|complain\w*|broke\w*|bleed\w*|swell\w*|swollen|sprain\w*"
    r"|ach\w*|twist\w*|roll\w*|hit|bang\w*|surgery|numb)\b"
)
_PAIN = r"\b(hurt\w*|pain\w*|injur\w*|complain\w*|ouch|sprain\w*|swell\w*|swollen|bleed\w*)\b"
_NEGATED = r"\b(deni\w*|not|never|no)\b|n't\b"
# A Miranda sentence names the lawyer and silence too: an invocation needs someone asking.
_INVOKED = _cues(
    r"\b(ask\w*|request\w*|want\w*|need\w*|demand\w*|invok\w*|call|get\w*|wait for)\b[^.]{0,40}"
    r"\b(lawyer|attorney|counsel)\b",
    r"\b(invok\w*|invocation|plead\w* the fifth)\b",
    r"\b(not|n't) (want|wish) to (talk|speak|answer|say|make|give|be questioned)\b",
    r"\b(declin|refus)\w* to (answer|speak|talk|make|give|be)\b",
    r"\bstop(ped)? (the )?(questioning|interview|asking)\b",
)
_MIRANDA = _cues(
    r"\bmiranda\b",
    r"\b(advis|read|inform|explain)\w*\b[^.]{0,40}\brights\b",
    r"\bright to remain silent\b",
)
_CONSENT_ASKED = _cues(r"\b(consent\w*|permission)\b")
_COMMANDED = _cues(
    r"\b(command\w*|order\w*|instruct\w*|direct\w*|warn\w*)\b",
    r"\b(told|yelled at|shouted at) (him|her|them) (to|several|repeatedly|multiple|again)\b",
    # Refusing or failing to comply presupposes a command.
    r"\b(refus\w* to|compl(y|ied|iance)|non-?compli\w*)\b",
)
_DENIED_ACT = _cues(_NEGATED)

KINDS: tuple[EventKind, ...] = (
    EventKind(
        "SA501",
        "rights invocation",
        CIVILIAN,
        "civilian",
        tuple(
            _say(p, _INVOKED)
            for p in (
                r"\bi (really )?(want|need|wanna|would like|'?d like)( to (talk|speak) (to|with))?"
                rf" (a|an|my) {_LAWYER}\b",
                r"\b(can|could|may) i (get|have|call|talk to|speak to|speak with|see)"
                rf" (a|an|my) {_LAWYER}\b",
                rf"\b(without|until i (get|talk to|see|have)) (a|an|my) {_LAWYER}\b",
                r"\bi (don'?t|do not) (want to|wanna) (talk|speak|answer|say anything)\b",
                r"\bi'?m not (going to|gonna) (talk|say anything|answer)\b",
                r"\bi'?m (not talking|done talking)\b",
                r"\b(want to|wanna|i will|i'?ll|i'?m going to) remain silent\b",
                r"\bi (plead|take) the fifth\b",
                r"\bi'?m invoking\b",
            )
        ),
    ),
    EventKind(
        "SA502",
        "Miranda advisement",
        OFFICER,
        "officer",
        tuple(
            _say(p, _MIRANDA)
            for p in (
                r"\b(you have|you'?ve got) the right to remain silent\b",
                r"\banything you say (can|may)( and will)? be used\b",
                rf"\byou have the right to (have |talk to )?an? {_LAWYER}\b",
                r"\b(read|reading|advise|advising) you (of )?your (miranda )?rights\b",
            )
        ),
    ),
    EventKind(
        # Who it favours, and what counts as mentioning it, depend on the answer.
        "SA503",
        "consent-to-search exchange",
        OFFICER,
        None,
        tuple(
            _say(p, _CONSENT_ASKED)
            for p in (
                r"\b(do you |you )?mind if i (search|look|check|take a look|go through)\b",
                r"\b(can|may|could) i (search|look (in|through|inside|into)|go through"
                r"|take a look (in|through|inside))\b",
                r"\b(consent|permission) to (search|look)\b",
                r"\bdo i have your (consent|permission)\b",
                r"\bwould you (consent|agree) to (a )?search\b",
            )
        ),
    ),
    EventKind(
        "SA504",
        "medical distress",
        CIVILIAN,
        "civilian",
        (
            _say(r"\bcan'?t breathe\b", _cues(r"\bbreath\w*\b")),
            _say(r"\bmy chest\b", _cues(r"\bchest\b")),
            _say(r"\bmy heart\b|\bheart attack\b", _cues(r"\bheart\b")),
            _say(
                r"\b(i'?m|i am) having (a )?(seizure|panic attack|asthma attack)\b",
                _cues(r"\b(seizure|panic|asthma)\b"),
            ),
            _say(
                r"\bi need (an ambulance|a medic|a paramedic|a doctor|my inhaler|medical)\b",
                _cues(r"\b(ambulance|medics?|paramedics?|doctor|inhaler|medical|ems)\b"),
            ),
            _say(r"\bi'?m (diabetic|dizzy)\b", _cues(r"\b(diabet\w*|dizz\w*|blood sugar)\b")),
            _say(
                r"\bi'?m (going to|gonna) (pass out|throw up|faint)\b",
                _cues(r"\b(pass(ed)? out|faint\w*|vomit\w*|throw up|nause\w*)\b"),
            ),
        ),
    ),
    EventKind(
        "SA505",
        "injury complaint",
        CIVILIAN,
        "civilian",
        (
            _say(r"\byou'?re hurting me\b", _cues(_PAIN)),
            _say(r"\b(ow+|ouch)\b", _cues(_PAIN)),
            _say(r"\b(that|it) hurts\b", _cues(_PAIN)),
            _say(
                rf"\bmy (left |right )?{_BODY}\b[^.?!\n]{{0,30}}\b(hurts?|hit|broken|bleeding|pain"
                r"|killing me|surgery|swollen|sprained|numb)\b",
                _cues(_HURT),
                key="part",
            ),
            _say(
                rf"\b(hurting|breaking|broke|twisting|rolled|twisted|sprained|hurt|banged|cut)"
                rf" my (left |right )?{_BODY}\b",
                _cues(_HURT),
                key="part",
            ),
            _say(
                rf"\bi (have|got|'ve got) a (bad|broken|injured|hurt|sore) {_BODY}\b",
                _cues(_HURT, r"\bbad\b"),
                key="part",
            ),
            _say(
                r"\b(cuffs|handcuffs|they'?re|these are|they are) (are )?too tight\b",
                _cues(r"\b(tight|hurt\w*|pain\w*|complain\w*)\b"),
            ),
            _say(r"\bi'?m bleeding\b", _cues(r"\bbleed\w*\b")),
        ),
    ),
    EventKind(
        "SA506",
        "supervisor request",
        CIVILIAN,
        "civilian",
        (
            _say(
                r"\b(i want|i wanna|i need|i'?d like|can i|let me|get me|call|get)"
                r"( to (talk|speak) (to|with))? (a|your|the)"
                r" (supervisor|sergeant|sarge|boss|lieutenant|watch commander|superior)\b"
                r"|\bwhere'?s your (supervisor|sergeant|boss)\b",
                # "I requested a supervisor" is the officer's act, not the civilian's request.
                _cues(
                    r"(?<!\bI )\b(ask|request|demand|want)\w*\b[^.]{0,40}\b(supervisor|sergeant|sgt"
                    r"|sarge|lieutenant|watch commander|boss|superior)\b"
                ),
            ),
        ),
    ),
    EventKind(
        "SA507",
        "commands before force",
        OFFICER,
        "officer",
        tuple(
            _say(p, _COMMANDED)
            for p in (
                r"\bshow me your hands\b",
                r"\b(take|get) your hands out\b",
                r"\bput your hands where i can see them\b",
                r"\bhands (up|behind your back|on the (car|wall|hood))\b",
                r"\bget (down )?on the ground\b",
                r"\bget down\b",
                r"\bdrop (it|the \w+)\b",
                r"\bdon'?t move\b",
                r"\b(get|step) out of the (car|vehicle)\b",
                r"\bturn around\b",
                r"\bstop moving\b",
                r"\blet go\b",
                r"\bstop right there\b",
            )
        ),
    ),
    EventKind(
        "SA508",
        "exculpatory statement",
        CIVILIAN,
        "civilian",
        (
            _say(
                r"\b(isn'?t|is not|aren'?t|are not|ain'?t|not) mine\b",
                _cues(
                    r"\bnot (his|hers|theirs|mine)\b",
                    r"\b(did not|didn't|does not|doesn't) (own|belong)\b",
                    r"\bbelong\w* to (someone|somebody|another|a friend|his|her|their)\b",
                    r"\b(wasn't|was not|isn't|is not|weren't|were not) (his|hers|theirs)\b",
                    r"\bdeni\w*\b",
                ),
            ),
            _say(
                r"\bi (wasn'?t|was not) (the one )?driving\b|\bi (wasn'?t|was not) the driver\b"
                r"|\bi didn'?t drive\b",
                _cues((_NEGATED, r"\bdriv\w*\b")),
            ),
            _say(
                r"\bi (didn'?t|did not|never|wasn'?t|was not)( trying to| going to| gonna)?"
                r" (?P<act>take|took|steal|stole|hit|touch\w*|push\w*|grab\w*|break|broke|sell"
                r"|sold|hurt|threaten\w*|punch\w*|kick\w*|stab\w*|shoplift\w*)\b",
                _DENIED_ACT,
                key="act",
            ),
            _say(
                r"\bi (didn'?t|did not) know (about|anything about) (any|the|that|it)\b"
                r"|\b(nobody|no one) (told|gave|showed) me\b",
                _cues(
                    r"\b(did not|didn't|not) know\b",
                    r"\b(unaware|never (received|got|saw))\b",
                    r"\b(nobody|no one) (had )?(told|gave|showed)\b",
                ),
            ),
            _say(
                r"\bit (wasn'?t|was not) me\b",
                _cues(
                    r"\bdeni\w*\b",
                    r"\b(was not|wasn't) (him|her|them|involved)\b",
                    r"\bnot (the one|involved|responsible)\b",
                ),
            ),
            _say(
                r"\bi (paid|payed) for (it|this|that|them|these|those)\b"
                r"|\b(i have|here'?s) (a|the|my) receipt\b",
                _cues(r"\b(paid|receipt|purchas\w*)\b"),
            ),
            _say(
                r"\bself-?defen[cs]e\b"
                r"|\b(he|she|they) (hit|attacked|swung at|came at|jumped) me first\b",
                _cues(r"\bself[- ]defen\w*\b", r"\bfirst\b", r"\bdefend\w*\b"),
            ),
            _say(
                r"\bi'?m not admitting( to)? anything\b|\bi (didn'?t|did not|never) admit\b",
                _cues(r"\badmi\w*\b"),
            ),
        ),
    ),
)

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


_CONSENT_REFUSED = re.compile(
    r"\b(don'?t|do not) consent\b|\bnot without a warrant\b|\bget a warrant\b"
    r"|\byou (can'?t|cannot)\b"
    r"|\bi'?d rather (you )?not\b|\b(no|nope|nah),? (you )?(can'?t|don'?t|i don'?t)\b",
    re.I,
)
_CONSENT_GIVEN = re.compile(
    r"\b(go ahead|sure|yes|yeah|yep|okay|ok|fine|knock yourself out|i don'?t (care|mind)"
    r"|no problem|be my guest)\b",
    re.I,
)
_BARE_NO = re.compile(r"\b(no|nope|nah)\b", re.I)
# What shows a summary mentions the answer, not just the question.
_REFUSAL_CUES = _cues(
    r"\b(declin\w*|refus\w*|den(y|ied)|would not|wouldn't|did not|didn't|not|no)\b[^.]{0,30}"
    r"\b(consent\w*|permission|search\w*|agree\w*|allow\w*)\b"
)
_GIVEN_CUES = _cues(
    r"\b(consent\w*|agree\w*|allow\w*|permission|permitted|go ahead)\b",
    r"\bsaid (yes|yeah|sure|okay|ok)\b",
)

_FORCE = re.compile(
    r"\btaser\b|\btas(e|ed|ing)\b|\bstop resisting\b|\b(pepper|oc) spray\b"
    r"|\[(struggle|scuffle|taser|tasing|sounds? of (a )?struggle)[^\]]*\]",
    re.I,
)
_FORCE_LOWER = lowercase_regex(_FORCE)
_COMMAND_WINDOW_S = 90.0  # commands this long before the first force cue count as "before force"
_COMMAND_WINDOW_SEGMENTS = 15
MIN_RATE_GAP = 0.5  # SA509: how much more often one side's events must be omitted
MERGE_GAP = 2  # utterances of one kind at most this many turns apart are one event
_ANSWER_TURNS = 5  # a consent answer is looked for in this many turns after the question


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


def _clean(text: str) -> str:
    # Same length as the input, so match offsets stay valid in the original text.
    return text.replace("’", "'").replace("‘", "'")


def _role_if_eligible(seg: Segment) -> Role | None:
    """The speaker's role, or None for a segment no event is taken from (media, dispatch tags)."""
    return None if {"media", "dispatch"} & set(seg.tags) else speaker_role(seg.speaker)


def _eligible(seg: Segment, roles: frozenset[Role]) -> bool:
    return _role_if_eligible(seg) in roles


def _utterances(
    kind: EventKind, seg: Segment, transcript_text: str, prepared: tuple[str, str] | None = None
) -> list[Utterance]:
    """Each phrase of ``kind`` spoken in ``seg`` ("ow, ow, my ankle, I rolled my ankle").

    ``prepared`` is the segment's cleaned text and its lower-case form, when the caller has them.
    """
    text, lowered = prepared or (_clean(seg.text), None)
    if not kind.may_occur(text, lowered):
        return []
    found = []
    for phrase in kind.phrases:
        m = phrase.pattern.search(text)
        if m is None:
            continue
        start = seg.span.start
        span = Span.of("transcript", transcript_text, start + m.start(), start + m.end())
        word = m.group(phrase.key) if phrase.key else None
        found.append(Utterance(seg, span, phrase.mentions, word_forms(word) if word else None))
    return sorted(found, key=lambda u: u.span.start)


def detect_events(segments: Sequence[Segment], transcript_text: str) -> list[Event]:
    """Every legally significant event in the transcript, kind by kind, in transcript order."""
    events: list[Event] = []
    # Each segment is tested against every kind: prepare its role and text once, not per kind.
    roles = [_role_if_eligible(seg) for seg in segments]
    texts = [(text, text.lower()) for text in (_clean(seg.text) for seg in segments)]
    for kind in KINDS:
        if kind.code == "SA507":
            events.extend(_commands_before_force(kind, segments, transcript_text))
            continue
        group: list[Utterance] = []
        for seg, role, prepared in zip(segments, roles, texts, strict=True):
            found = (
                _utterances(kind, seg, transcript_text, prepared) if role in kind.speakers else []
            )
            if not found:
                continue
            if group and seg.index - group[-1].segment.index > MERGE_GAP:
                events.append(_event(kind, group, segments))
                group = []
            group.extend(found)
        if group:
            events.append(_event(kind, group, segments))
    return events


def _event(kind: EventKind, group: list[Utterance], segments: Sequence[Segment]) -> Event:
    if kind.code != "SA503":
        return Event(kind, tuple(group), kind.favours, kind.label)
    answers, favours, detail = _consent_answers(group[-1].segment, segments)
    cues = {"civilian": _REFUSAL_CUES, "officer": _GIVEN_CUES}.get(favours or "")
    if cues is None:
        return Event(kind, tuple(group), None, detail)
    asked = [Utterance(u.segment, u.span, cues) for u in group]
    return Event(kind, (*asked, *(Utterance(a, a.span, cues) for a in answers)), favours, detail)


def _consent_answers(
    ask: Segment, segments: Sequence[Segment]
) -> tuple[list[Segment], Favours | None, str]:
    """The civilian's answers to a consent request in the next turns, and what they were."""
    answers: list[Segment] = []
    favours: Favours | None = None
    for seg in segments[ask.index + 1 : ask.index + 1 + _ANSWER_TURNS]:
        if not _eligible(seg, CIVILIAN):
            continue
        text = _clean(seg.text)
        said: Favours | None = None
        if _CONSENT_REFUSED.search(text):
            said = "civilian"
        elif _CONSENT_GIVEN.search(text):
            said = "officer"
        elif _BARE_NO.search(text):
            said = "civilian"
        if said and favours in (None, said):
            favours = said
            answers.append(seg)
    detail = {
        "civilian": "consent to search asked and refused",
        "officer": "consent to search asked and given",
    }.get(favours or "", "consent to search asked")
    return answers[:3], favours, detail


def _commands_before_force(
    kind: EventKind, segments: Sequence[Segment], transcript_text: str
) -> Iterator[Event]:
    """One event for the officers' commands in the turns before the first force cue."""
    force = next(
        (
            s
            for s in segments
            if "media" not in s.tags and _occurs(_FORCE, _FORCE_LOWER, _clean(s.text))
        ),
        None,
    )
    if force is None:
        return
    commands = []
    for seg in segments[max(0, force.index - _COMMAND_WINDOW_SEGMENTS) : force.index + 1]:
        near = (
            force.start_s is None
            or seg.start_s is None
            or force.start_s - seg.start_s <= _COMMAND_WINDOW_S
        )
        if near and _eligible(seg, kind.speakers):
            commands.extend(_utterances(kind, seg, transcript_text)[:1])
    if commands:
        n = len(commands)
        # The last commands before force matter most.
        yield Event(
            kind, tuple(commands[-3:]), kind.favours, f"{n} command{'s' * (n > 1)} before force"
        )


def _sentences(ctx: AuditContext) -> list[str]:
    """Summary sentences (clauses of one sentence joined back together)."""
    by_sentence: dict[int, tuple[int, int]] = {}
    for claim in ctx.claims:
        start, end = by_sentence.get(claim.sentence, (claim.span.start, claim.span.end))
        by_sentence[claim.sentence] = (min(start, claim.span.start), max(end, claim.span.end))
    return [ctx.summary.text[s:e] for s, e in sorted(by_sentence.values())]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", _clean(text).lower()))


def is_mentioned(
    event: Event,
    sentences: Sequence[str],
    summary_words: str,
    found: dict[tuple[re.Pattern[str], str], bool] | None = None,
) -> bool:
    """Whether the summary mentions any utterance of ``event``.

    An utterance is mentioned when one sentence carries all regexes of one of its cue groups
    (and its key word, if any), or when the summary repeats its words: ``summary_words`` is the
    summary as lower-case words joined by single spaces, with a space at both ends; repeating
    counts only for three words or more ("ow" proves nothing).  ``found`` keeps the answers of
    (regex, sentence) tests between calls: the events of one kind share their cues.
    """
    found = {} if found is None else found

    def has(pattern: re.Pattern[str], sentence: str) -> bool:
        key = (pattern, sentence)
        if key not in found:
            found[key] = pattern.search(sentence) is not None
        return found[key]

    for u in event.utterances:
        spoken = _words(u.span.text)
        if spoken.count(" ") >= 2 and f" {spoken} " in summary_words:
            return True
        for sentence in sentences:
            if u.key is not None and not has(u.key, sentence):
                continue
            if any(all(has(p, sentence) for p in group) for group in u.mentions):
                return True
    return False


@dataclass(frozen=True)
class Analysis:
    events: tuple[Event, ...]
    omitted: tuple[Event, ...]


def analyse(ctx: AuditContext) -> Analysis:
    """Detected events and the omitted ones, computed once per audit."""

    def compute() -> Analysis:
        events = detect_events(ctx.transcript.segments, ctx.transcript.text)
        sentences = _sentences(ctx)
        words = f" {_words(ctx.summary.text)} "
        found: dict[tuple[re.Pattern[str], str], bool] = {}
        omitted = tuple(e for e in events if not is_mentioned(e, sentences, words, found))
        return Analysis(tuple(events), omitted)

    return ctx.memo("omissions.analysis", compute)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _evidence(event: Event) -> tuple[Evidence, ...]:
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
