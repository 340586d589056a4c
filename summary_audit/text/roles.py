"""Speaker roles: who a transcript speaker label or a summary's attribution refers to.

One classifier serves both inputs, because they use the same vocabulary: a transcript label
("OFC. REYES", "DISPATCH", "DRIVER", "SPEAKER_00") and the subject a summary gives a quote
("I", "the driver", "dispatch").  A role is only given when the words show it; callers that
want a default for a named but unrecognised speaker ("Kayla") ask for it explicitly.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from summary_audit.text.wordlists import OFFICER_TITLES

Role = Literal["officer", "civilian", "dispatch"]

# Diarization and placeholder labels: they never reveal a role.
_UNKNOWN = re.compile(
    r"^\W*(?:(?:speaker|spk|s)[ _]*\d*|unknown|unk|unidentified|\?+)\W*$",
    re.I,
)
_DISPATCH = re.compile(
    r"^\W*(?:the )?(?:dispatch|dispatcher|radio|comms|communications|911)\b", re.I
)
# "I", "we" and "my partner" are how a summary written for the officer attributes a quote.
_OFFICER = re.compile(
    r"^\W*(?:i|me|we|my partner|the officer|officers?|ofc|ofcr|off|police|pd|sgt|sergeant|sarge|"
    r"deputy|dep|det|detective|lt|lieutenant|cpl|corporal|capt|captain|trooper|tpr|agent|unit|"
    r"k9|chief|patrol|cop)\b",
    re.I,
)
_CIVILIAN = re.compile(
    r"^(?:the |a |his |her )?(?:driver|suspect|subject|man|woman|male|female|passenger|caller|"
    r"complainant|victim|witness|resident|neighbor|neighbour|boyfriend|girlfriend|husband|wife|"
    r"mother|father|son|daughter|juvenile|teen|customer|manager|employee|clerk|civilian|he|she|"
    r"they|occupant|owner|homeowner|tenant|person|individual|patient|pedestrian|bystander|guest|"
    r"roommate|cyclist|motorist|shopper|student|child|kid|representative|rep|cashier|attendant|"
    r"caretaker|landlord|landlady|supervisor|associate|teller|bartender|contractor)\b",
    re.I,
)
# Responders who are neither police nor the people the report is about: they offer care, they do
# not answer an officer's order or offer for the person ("Medic 7: okay. do you want to go?").
_RESPONDER = re.compile(
    r"^\W*(?:the )?(?:medics?|paramedics?|emts?|ems|fire(?:fighter)?|ff|engine|rescue|ranger|"
    r"nurse|doctor|dr)\b",
    re.I,
)


def is_responder(label: str | None) -> bool:
    """Whether ``label`` names a medic, firefighter, ranger or other responder."""
    return bool(label) and _RESPONDER.match(label.replace("_", " ")) is not None


# A bare upper-case name ("VANCE", "LP FERRARO"): transcripts give officers a title, so a
# name without one is a civilian.
_BARE_NAME = re.compile(r"[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+)?")


@functools.lru_cache(maxsize=1024)  # a transcript has a few labels, each seen on many segments
def role_of(label: str | None, *, assume_civilian: bool = False) -> Role | None:
    """The role ``label`` names: ``officer``, ``dispatch``, ``civilian``, or None when unknown.

    ``label`` is a transcript speaker label or a summary's attribution.  Diarization labels
    (SPEAKER_00, UNKNOWN, ?) and empty labels are always None.  Any other label that shows no
    role ("Kayla", "Medic") is None too, unless ``assume_civilian``: a caller that must place
    every named speaker counts it as a civilian, since officers are labelled with a title.
    """
    if not label:
        return None
    text = label.strip().replace("_", " ")
    if _UNKNOWN.match(text):
        return None
    if _DISPATCH.match(text):
        return "dispatch"
    if _OFFICER.match(text):
        return "officer"
    if _CIVILIAN.match(text) or (label.isupper() and _BARE_NAME.fullmatch(label.strip())):
        return "civilian"
    return "civilian" if assume_civilian else None


# Words that decide who the subject of a clause is, walking backwards from a word of it.
_SUBJECT_OFFICER = (
    frozenset(
        str.split(
            "i we officer officers deputies troopers dispatch dispatcher police cop cops agent"
        )
    )
    | OFFICER_TITLES
)
_SUBJECT_CIVILIAN = frozenset(
    str.split(
        "he she they you driver passenger man woman male female caller complainant witness "
        "subject resident neighbor neighbour victim mother father son daughter boyfriend "
        "girlfriend husband wife manager clerk employee owner person individual suspect"
    )
)
_CLAUSE_START = re.compile(r"[.;:!?\n]|,\s+(?:and|but|while|whereas|although|though)\b")
_SUBJECT_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SUBJECT_WINDOW = 400  # characters looked back for a clause start (keeps long texts linear)


def subject_role(text: str, start: int) -> Literal["officer", "civilian"]:
    """Who is the subject of the clause of a summary that ends at ``start``: ``officer`` or
    ``civilian``.

    Walks back over the clause's words to the nearest subject-like word: a pronoun, an officer
    title or noun, or a capitalised name (an officer's when a title comes before it).  Unknown
    is a civilian: a report narrates the officer as "I", so what is not "I" is mostly the
    person the officer dealt with.
    """
    clause_start = max(0, start - _SUBJECT_WINDOW)
    for m in _CLAUSE_START.finditer(text, clause_start, start):
        clause_start = m.end()
    words = [m.group() for m in _SUBJECT_WORD.finditer(text, clause_start, start)]
    for i in range(len(words) - 1, -1, -1):
        low = words[i].lower().rstrip(".")
        if low in _SUBJECT_OFFICER:
            return "officer"
        if low in _SUBJECT_CIVILIAN:
            return "civilian"
        if words[i][0].isupper() and i > 0:
            return "officer" if words[i - 1].lower().rstrip(".") in OFFICER_TITLES else "civilian"
    return "civilian"
