"""Polarity: which content words a text asserts and which it negates.

One home for negation, used by every rule family: "did not resist" negates ``resist``, "stop
resisting" asserts it, questions and "if" clauses assert nothing.  :func:`tokens` splits
contractions ("didn't" -> did, not); :func:`stem` folds inflections.
"""

from __future__ import annotations

import functools
import re

from summary_audit.text.wordlists import DENIAL_VERBS, NEGATORS, STOP_WORDS

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# NEGATORS (data/wordlists/negators) negate what follows them.  "refused" and "denied" are left
# to SA302: "he refused to take his hands out" answers a command, and a command ("take your hands
# out") asserts nothing.
_PREDICATE_NEGATORS = {"not", "never", "cannot"}  # the others negate a noun phrase, not the act
_NON_ASSERTING = {"if", "unless", "whether", "try", "please"}
# Negative commands and requests ("can you run Bell") assert nothing either.
_NON_ASSERTING_PAIRS = {
    ("do", "not"), ("try", "not"), ("can", "you"), ("could", "you"), ("would", "you"),
    ("will", "you"),
}  # fmt: skip
# Clause breaks: punctuation, a spaced dash, or "and"/"but" before a subject ("I asked if I could
# search her car and she consented": the "if" does not reach "she consented").
_CLAUSE = re.compile(r"[,;:.!?—–]|\s-\s|\s(?=(?:and|but)\s+(?:he|she|they|i|we|it)\b)", re.I)
_WINDOW = 3  # a negator governs the next few words


_CONTRACTED = {"can't": "can", "won't": "will", "shan't": "shall", "ain't": "is"}


def tokens(text: str) -> list[str]:
    toks = _TOKEN.findall(text.lower().replace("’", "'"))
    if "n't" not in text and "n’t" not in text:
        return toks  # no contraction to split: the common case, and every segment passes here
    out: list[str] = []
    for tok in toks:
        if tok.endswith("n't"):
            out += [_CONTRACTED.get(tok, tok[:-3]), "not"]
        else:
            out.append(tok)
    return out


# Irregular past forms of acts whose polarity summaries state ("he knew", "he ran").  Forms that
# are also adjectives or other words ("stolen", "broken", "drunk", "left", "saw") stay out.
_IRREGULAR = {
    "knew": "know", "known": "know", "ran": "run", "fled": "flee", "fought": "fight",
    "threw": "throw", "drove": "drive", "drank": "drink", "took": "take", "gave": "give",
    "wore": "wear",
}  # fmt: skip


@functools.lru_cache(maxsize=65536)  # a vocabulary is small next to the words stemmed
def stem(word: str) -> str:
    """A crude stem that folds the usual inflections: resisted/resisting/resists -> resist,
    and common irregular past forms: knew -> know, ran -> run."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "ly" and word.endswith("ply"):
                break  # comply, apply, reply are verbs, not adverbs
            return word[: -len(suffix)]
    return word


def polarities(text: str) -> dict[str, set[bool]]:
    """Content-word stem -> the polarities it occurs with (True = asserted, False = negated).

    Only the first content word after a negator counts as negated ("did not see the sign" negates
    "see", not "sign"); a negation does not reach across punctuation ("no, no, I renewed it"), and
    questions assert nothing.
    """
    out: dict[str, set[bool]] = {}
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if sentence.rstrip().endswith("?"):
            continue
        for clause in _CLAUSE.split(sentence):
            toks = tokens(clause)
            if toks and (toks[0] in _NON_ASSERTING or tuple(toks[:2]) in _NON_ASSERTING_PAIRS):
                continue  # "if you refuse, ...", "don't touch anything" assert nothing
            pending, last_negated, quantifier = 0, False, False
            for t in toks:
                if t in ("if", "whether", "unless"):
                    break  # "... whether or not the deductibles are affordable" asserts nothing
                if t in NEGATORS or (last_negated and t in ("or", "nor")):
                    pending = _WINDOW  # "no wants or warrants" negates both
                    quantifier = t not in _PREDICATE_NEGATORS
                elif t in STOP_WORDS or t.isdigit():
                    pending = max(0, pending - 1)
                elif pending and quantifier:
                    pending, last_negated = 0, True  # "no unit was free": says nothing of "unit"
                else:
                    out.setdefault(stem(t), set()).add(pending == 0)
                    pending, last_negated = 0, pending > 0
    return out


def content_stems(text: str) -> set[str]:
    """The content-word stems of ``text``."""
    return {stem(t) for t in tokens(text) if t not in STOP_WORDS and t not in NEGATORS}


_WORD_BEFORE = re.compile(r"([a-z0-9]+(?:'[a-z]+)?)\W*$")
# A negation reaches back over at most this many words ("not under arrest", "no knife was found").
NEGATION_REACH = 3


def negated_at(text: str, start: int) -> bool:
    """Whether the words just before ``start`` negate what starts there: a negator, a
    contraction ("isn't"), or a denial verb ("denied having a knife") within
    :data:`NEGATION_REACH` words and the same clause ("no, the knife" is not negated)."""
    before = text[max(0, start - 80) : start].lower().replace("’", "'")
    words = []
    for _ in range(NEGATION_REACH):
        m = _WORD_BEFORE.search(before)
        if m is None or _CLAUSE.search(before[m.end(1) :]):
            break
        words.append(m.group(1))
        before = before[: m.start()]
    return any(w in NEGATORS or w in DENIAL_VERBS or w.endswith("n't") or w == "any" for w in words)
