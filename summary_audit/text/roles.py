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
    r"roommate|cyclist|motorist|shopper|student|child|kid)\b",
    re.I,
)
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
