"""Where a claim comes from: heard on the recording, perceived by the officer, or inferred.

Every claim of a summary gets one source class, read from its wording:

* ``heard``: something said on the recording, or an act the recording can confirm; the default
  (no cue), and any claim whose first cue is reported speech ("the driver said he saw a knife",
  "I told her she seemed nervous").
* ``perceived``: the officer's own observation ("I observed", "I smelled", "his eyes were
  bloodshot", "odor of", "in plain view"): the audio cannot confirm it, so it is never an
  unsupported-fact flag; it needs the officer's attestation (SA611).
* ``inferred``: a conclusion ("appeared intoxicated", "it was apparent", "in an attempt to flee"):
  with no speech supporting it, it is surfaced for review (SA612).  An officer's own act ("I
  attempted to stop the car", "officers tried to open the door") is not an inference.

The cues are word lists (``perception_cues``, ``inference_cues``, ``speech_cues`` in
``data/wordlists/``, kind ``patterns``), so an agency can extend them, and the speech verbs of
the core list ``speech_verbs`` ("said", "admitted", "yelled").  The first cue of a claim
decides (at one position the longer cue: "I felt that" is a belief, "I felt" a touch); a quoted
passage counts as speech.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from summary_audit.text.wordlists import speech_verb_alternation
from summary_audit.types import Claim, ClaimSource, Span

if TYPE_CHECKING:
    from summary_audit.text.wordlists import WordLists

Source = ClaimSource
SOURCES: tuple[Source, ...] = ("heard", "perceived", "inferred")
LISTS: dict[str, Source] = {
    "speech_cues": "heard",
    "perception_cues": "perceived",
    "inference_cues": "inferred",
}
# The cue value whose subject decides: an officer's own attempt is an act, not an inference.
INTENT = "in an attempt to"
_OWN_SUBJECT_BEFORE = re.compile(
    r"\b(?:I|(?i:we|officers?|deputies|the\s+officers?)|(?:Ofc|Officer|Sgt|Deputy|Dep)\.?\s+[A-Z][\w'-]*)"
    r"(?:\s+(?:was|were|had|have|then|also|again|repeatedly|immediately|\w+ly)){0,2}\s+$"
)
_OWN_SUBJECT_AFTER = re.compile(r"^[^,.;]{0,60},\s*(?:I|(?i:we|officers?))\b")
_QUOTE = re.compile(r"[\"“][^\"“”]{2,}[\"”]")
# The speech verbs (core list speech_verbs): a claim reporting what someone said is heard.
_SPEECH_VERB = re.compile(rf"\b{speech_verb_alternation()}\b", re.I)


def _cues(text: str, wordlists: WordLists) -> list[tuple[int, int, Source, str]]:
    """Every cue in ``text``: (start, end, source, cue value), in text order."""
    found = []
    for name, source in LISTS.items():
        pattern, values = wordlists.matcher(name)
        for m in pattern.finditer(text):
            value = values[m.lastgroup or ""]
            if source == "inferred" and value == INTENT and _own_act(text, m.start(), m.end()):
                continue
            found.append((m.start(), m.end(), source, value))
    for m in _SPEECH_VERB.finditer(text):
        found.append((m.start(), m.end(), "heard", "said"))
    for m in _QUOTE.finditer(text):
        found.append((m.start(), m.end(), "heard", "a quotation"))
    return sorted(found, key=lambda c: (c[0], -(c[1] - c[0])))


def _own_act(text: str, start: int, end: int) -> bool:
    """Whether the intent cue at ``start`` has the officer (or officers) as its subject."""
    before = text[max(0, start - 60) : start]
    if _OWN_SUBJECT_BEFORE.search(before):
        return True
    return bool(_OWN_SUBJECT_AFTER.match(text[end:]))


def classify(text: str, wordlists: WordLists) -> tuple[Source, str | None, tuple[int, int] | None]:
    """The source class of one claim's text, the cue that decided it and the cue's offsets."""
    cues = _cues(text, wordlists)
    if not cues:
        return "heard", None, None
    start, end, source, value = cues[0]
    return source, value, (start, end)


def classify_claims(claims: Iterable[Claim], text: str, wordlists: WordLists) -> list[Claim]:
    """``claims`` of the summary ``text`` with ``source``, ``source_cue`` and ``source_span``."""
    out = []
    for claim in claims:
        source, cue, at = classify(claim.span.text, wordlists)
        span = None
        if at is not None:
            base = claim.span.start
            span = Span.of("summary", text, base + at[0], base + at[1])
        out.append(
            claim.model_copy(update={"source": source, "source_cue": cue, "source_span": span})
        )
    return out


def count_sources(claims: Iterable[Claim]) -> dict[str, int]:
    """Claims per source class, every class present (0 when none)."""
    counts = dict.fromkeys(SOURCES, 0)
    for claim in claims:
        counts[claim.source] += 1
    return counts
