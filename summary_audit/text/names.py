"""Names in a report narrative: people, streets and addresses, apartments, and organisations.

People are titled names ("Ofc. Brandt", "Sgt. Maya Ortiz") and capitalised runs that are not a
sentence's first word, a heading, a label or a word in ``not_names``.  A word of the phonetic
alphabets is a name like any other ("Victor Ramirez", "Officer Mike Dunn") unless it is part of a
spelled plate (the caller passes the plates' spans).  Organisations are capitalised words before a
word of ``organisation_suffixes`` ("Lincoln High School", "the Shell station", "Acme Corp") and
CamelCase names ("BestInsuranceXYZ"); places are streets ("Harlan Avenue", "4th Street", "12 Oak
Park Street") and apartments ("Apt 4B", "unit C3").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from summary_audit.text.matching import Mask, finditer_at, occurrences, twin
from summary_audit.text.times import MONTHS
from summary_audit.text.wordlists import NOT_NAMES, WordLists

__all__ = [
    "Name",
    "heading_spans",
    "name_words",
    "names",
    "organisations",
    "places",
]


@dataclass(frozen=True)
class Name:
    """One name found in a text: ``what`` is ``person``, ``place`` or ``organisation``; ``value``
    the comparable form (lower case); ``detail`` is ``titled``/``name`` for people, the house
    number or ``unit`` (an apartment) for places, ``organisation`` for organisations."""

    what: str
    value: str
    start: int
    end: int
    text: str
    detail: str | None = None


_TITLE = (
    r"(?:Officer|Ofc\.?|Sgt\.?|Sergeant|Det\.?|Detective|Lt\.?|Lieutenant|Cpl\.?|Corporal|Deputy|"
    r"Dep\.?|Capt\.?|Captain|Trooper|Agent|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)"
)
_CAP = r"[A-Z](?:'[A-Z])?[a-z]+(?:-[A-Z][a-z]+)?(?!-[a-z])"  # Smith-Jones, O'Brien; not Sims-based
# CamelCase names of products and companies: "BestInsuranceXYZ", "SimCity", "McDonald".
_CAMEL = r"[A-Z][a-z]+(?:[A-Z][A-Za-z]*)+"
_NAME_WORD = rf"(?:{_CAMEL}|{_CAP})"
# Names never run across a line break: a heading line ("Officer Narrative") is not the first half
# of a name on the next line.
_TITLED_NAME = re.compile(rf"\b{_TITLE}[ \t]+((?:{_CAP}[ \t]+)?{_CAP})")
_STREET = (
    r"Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Court|"
    r"Ct\.?|Place|Pl\.?|Highway|Hwy\.?|Parkway|Pkwy\.?|Circle|Terrace|Park|Plaza|Mall"
)
_PLACE_RE = re.compile(
    rf"\b(?:(\d+)\s+)?((?:{_CAP}|\d+(?:st|nd|rd|th))(?:\s+{_CAP})?)\s+(?:{_STREET})(?![a-z])"
)
_STREET_WORD = re.compile(rf"(?:{_STREET})(?![a-z])")
_CAP_RUN = re.compile(rf"\b{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*\b")
_STREET_AFTER = re.compile(rf"[ \t]+(?:{_STREET})\b")
_APARTMENT_RE = re.compile(
    r"\b(?:apartment|apt\.?|unit|room)\s+#?(\d+[A-Za-z]?|[A-Za-z]\d*)\b", re.I
)
_WORD = re.compile(r"[a-z0-9]+")
_ABBREVS = frozenset({"co", "corp", "inc", "ltd", "llc"})


# Letters NFKD does not take apart: "Sørensen" is the label SORENSEN.
_FOLDED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ı": "i"})


def fold_name(word: str) -> str:
    """``word`` lower-cased without its accents ("Sørensen", "Núñez" -> "sorensen", "nunez"): how
    a name is compared with a speaker label typed in plain letters."""
    low = word.lower()
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFKD", low.translate(_FOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(value: str) -> list[str]:
    """The words a name is compared by: "Neuro-Symbolic Concept" -> neuro, symbolic, concept;
    "BestInsuranceXYZ" -> bestinsurancexyz (a CamelCase name is one word: it is written so);
    "Inés" -> ines (:func:`fold_name`)."""
    return _WORD.findall(fold_name(value))


def _place_matches(text: str) -> Iterator[re.Match[str]]:
    """``_PLACE_RE.finditer(text)``, trying only the starts a match can have.

    A match ends with a street word after at most three whitespace-separated pieces (number,
    name, name), so it starts within the three runs of non-space characters before a street
    word: a few positions per street word instead of every character of a long transcript."""
    pos = 0  # finditer resumes at the end of the last match; starts below were all tried
    for hit in _STREET_WORD.finditer(text):
        lo = hit.start()
        for _ in range(3):
            while lo and text[lo - 1].isspace():
                lo -= 1
            while lo and not text[lo - 1].isspace():
                lo -= 1
        for start in range(max(pos, lo), hit.start() + 1):
            if (m := _PLACE_RE.match(text, start)) is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = max(pos, hit.start() + 1)


def _apartment_matches(text: str) -> Iterator[re.Match[str]]:
    """``_APARTMENT_RE.finditer(text)``; on ASCII text only where one of its words starts."""
    lowered = twin(_APARTMENT_RE)
    if lowered is None or not text.isascii():
        return _APARTMENT_RE.finditer(text)
    low = text.lower()
    starts = sorted(occurrences(low, ("apartment", "apt", "unit", "room")))
    return finditer_at(lowered, low, starts)


def places(text: str) -> list[Name]:
    """Streets and addresses ("1420 Harlan Avenue") and apartments ("Apt 4B")."""
    out = [
        Name("place", m.group(2).lower(), m.start(), m.end(), m.group(), m.group(1))
        for m in _place_matches(text)
    ]
    for m in _apartment_matches(text):
        unit = m.group(1).upper()
        out.append(Name("place", unit, m.start(), m.end(), text[m.start() : m.end()], "unit"))
    return out


@lru_cache(maxsize=8)
def _organisation_re(lists: WordLists) -> re.Pattern[str]:
    suffixes = lists.alternation("organisation_suffixes")
    words = rf"{_NAME_WORD}(?:'s)?"
    return re.compile(
        rf"\b({words}(?:[ \t]+(?:{words}|&|of|and)){{0,3}})[ \t]+(?i:{suffixes})\b(?:\.(?=\s|$))?"
    )


def organisations(text: str, lists: WordLists) -> list[Name]:
    """Capitalised names before an organisation word ("Lincoln High School", "Shell station"),
    and CamelCase names ("BestInsuranceXYZ"), which name a company or a product.  The value is
    the distinctive part ("lincoln high", "shell"), compared word by word."""
    out = []
    for m in _organisation_re(lists).finditer(text):
        words = [w for w in m.group(1).split() if w.lower() not in NOT_NAMES]
        if not words:
            continue
        start = m.start(1) + m.group(1).find(words[0])
        end = m.end()
        if text[end - 1] == "." and text[m.end(1) : end - 1].split()[-1].lower() not in _ABBREVS:
            end -= 1  # the full stop ends the sentence, not "Corp."
        value = " ".join(words).lower().replace("'s", "")
        out.append(Name("organisation", value, start, end, text[start:end], "organisation"))
    return out


# Heading and label lines of a report: their capitals mark a heading, not a name.
_MINOR = r"(?:of|and|the|to|in|for|on|at|by|with|or|a|an|&|/|-)"
_TITLE_WORD = r"[A-Z][\w'’/&-]*"
_TITLE_PHRASE = rf"{_TITLE_WORD}(?:[ \t]+(?:{_TITLE_WORD}|{_MINOR})){{0,3}}"  # up to four words
_MARKUP = r"(?:\*\*?|__?)?"
_MARKDOWN_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t].*)?")
# "**Narrative**", "*Details:*" (not an emphasised sentence: that ends with a full stop).
# The line's end (spaces, an optional colon, spaces) is read once: "[ \t]*:?[ \t]*" split every run
# of spaces in two at each of its positions, quadratic on a long run of spaces before a word.
_LINE_END = r"[ \t]*+(?::[ \t]*+)?"
_EMPHASISED_LINE = re.compile(rf"[ \t]*(\*\*?|__?)(?:(?![.!?]|\1).)+\1{_LINE_END}")
_SHORT_TITLE_LINE = re.compile(rf"[ \t]*{_TITLE_PHRASE}{_LINE_END}")  # "Evidence Collected"
_LABEL = re.compile(rf"[ \t]*(?:[-*+][ \t]+)?{_MARKUP}{_TITLE_PHRASE}{_MARKUP}[ \t]*:{_MARKUP}")


def heading_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the heading or label text in each line of ``text``.

    A whole line is a heading when it is a Markdown heading, wholly emphasised, or a short
    title-case line (at most four words, no sentence punctuation) that opens the text or a
    paragraph.  A label is the "Words:" opening of a line that goes on: "Suspect: Kevin Marsh"
    gives "Suspect:" and leaves the name to be checked.
    """
    out: list[tuple[int, int]] = []
    pos, prev_blank = 0, True
    for line in text.split("\n"):
        if (
            _MARKDOWN_HEADING.fullmatch(line)
            or _EMPHASISED_LINE.fullmatch(line)
            # Only where a paragraph starts: in a bare list of names ("Persons involved:" then
            # "Kevin Marsh") a short title-case line states a person.
            or (prev_blank and _SHORT_TITLE_LINE.fullmatch(line))
        ):
            out.append((pos, pos + len(line)))
        elif m := _LABEL.match(line):
            out.append((pos, pos + m.end()))
        pos += len(line) + 1
        prev_blank = not line.strip()
    return out


def names(text: str, not_names: Mask, is_make: re.Pattern[str]) -> list[Name]:
    """People named in ``text``: titled names, then capitalised runs outside the characters
    ``not_names`` covers (places, organisations, spelled plates) and outside headings.  Words
    matched by ``is_make`` (vehicle makes and models) are not names."""
    out: list[Name] = []
    taken = Mask(len(text))
    for m in _TITLED_NAME.finditer(text):
        if all(w.lower() in NOT_NAMES for w in m.group(1).split()):
            continue  # "Officer Narrative", "Officer Report" are section titles
        out.append(Name("person", m.group(1).lower(), m.start(), m.end(), m.group(), "titled"))
        taken.add(m.start(), m.end())
    for start, end in heading_spans(text):
        taken.add(start, end)  # a capitalised run in a heading is title case, not a name
    for m in _CAP_RUN.finditer(text):
        if taken.any(m.start(), m.end()) or not_names.any(m.start(), m.end()):
            continue
        words = m.group().split()
        # Drop leading/trailing non-name words ("Then Marcus" -> "Marcus").
        start = m.start()
        while words and _not_a_name(words[0]):
            start += len(words[0]) + 1
            words = words[1:]
        while words and _not_a_name(words[-1]):
            words = words[:-1]
        if not words or (_sentence_initial(text, start) and len(words) == 1):
            continue
        if text[start - 1 : start] == "/":
            continue  # "C/Os", "S/O": the end of an abbreviation
        phrase = " ".join(words)
        end = start + len(phrase)
        if text[start:end] != phrase or _STREET_AFTER.match(text, end):
            continue
        if len(words) == 1 and words[0].lower() in MONTHS and text[end : end + 1] == ".":
            continue  # "dated Oct. 6": a month's abbreviation, not "Oct" the person
        if any(is_make.fullmatch(w) for w in words):
            continue
        out.append(Name("person", phrase.lower(), start, end, phrase, "name"))
    return out


def _not_a_name(word: str) -> bool:
    """Whether ``word`` (a capitalised word, or words joined by hyphens: "Mon-Wed") is a listed
    non-name."""
    return all(part.lower() in NOT_NAMES for part in word.split("-"))


def _sentence_initial(text: str, start: int) -> bool:
    # Markdown emphasis is not a word: "**Disposition:** Arrested" starts after the label.
    before = text[max(0, start - 40) : start].rstrip().rstrip("*_#>").rstrip()
    return not before or before[-1] in '.!?:\n"“(-' or before.endswith(("'", "‘"))
