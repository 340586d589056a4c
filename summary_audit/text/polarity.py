"""Polarity: which content words a text asserts and which it negates.

One home for negation, used by every rule family: "did not resist" negates ``resist``, "stop
resisting" asserts it, questions and "if" clauses assert nothing.  :func:`tokens` splits
contractions ("didn't" -> did, not); :func:`stem` folds inflections.
"""

from __future__ import annotations

import functools
import re

from summary_audit.text.normalize import lowercase_regex
from summary_audit.text.numbers import NUMBER_WORDS
from summary_audit.text.wordlists import (
    DENIAL_VERBS,
    NEGATORS,
    SPEECH_VERBS,
    STOP_WORDS,
    shipped_wordlists,
)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# NEGATORS (data/wordlists/negators) negate what follows them.  "refused" and "denied" are left
# to SA302: "he refused to take his hands out" answers a command, and a command ("take your hands
# out") asserts nothing.
# These negate the act that follows: "did not see"; the others negate a noun phrase, not the act
# ("no unit was free", "nothing since").  A negating pronoun before a verb is the subject of the
# act it negates: "nobody was hurt", "nothing was taken", "no one would be arrested".
_PREDICATE_NEGATORS = {"not", "never", "cannot"}
_SUBJECT_NEGATORS = frozenset({"nobody", "nothing", "none"})  # and "no one"
_SEERS = frozenset(str.split("i he she they we you who never also just only not"))
_AUXILIARIES = frozenset(
    str.split("is was were are be been would will could can did does do had has have got gets")
)
# A contrast after a comma negates a noun phrase and states nothing: "watching the car, not its
# lights" says nothing of lights being there or not.
_DETERMINERS = frozenset(str.split("the a an his her its their my your our this that these those"))
_NON_ASSERTING = {"if", "unless", "whether", "try", "please"}
# Modals of advice and possibility: what follows them in a clause is not asserted ("it should
# not consume too much power" is advice, not a fact about the power it consumes).
_MODALS = frozenset({"should", "could", "might", "may", "must", "shall"})
# What "but" or "except" leads into when it means "only": "never wrote her but the one".
_ONLY_AFTER = frozenset(str.split("the a an one once twice"))
# Words that complete a verb ("went inside", "backed away"), not a new thing stated of it.
_PARTICLES = frozenset(str.split("inside outside in out away back home off up down over around"))
# Refusing and declining, as stem prefixes (SA302 reads the refusals a summary reports).
REFUSAL_STEMS = ("refus", "declin")
# "not there": the negation is spent on the place.
_PLACE_WORDS = frozenset({"there", "here"})
# Linking verbs: "doesn't look good" negates the "good".
_LINKING = frozenset(str.split("look looks looked seem seems seemed appear appears appeared sound"))
# After a negated verb (not one of seeing or knowing: "didn't see anyone take it" says nothing
# of the taking): "didn't show anything red" negates "red".
_ANY_WORDS = frozenset({"anything", "any"})
# Nouns of failing at an act: "having difficulty catching her breath" = cannot catch it.
_DIFFICULTY = frozenset({"difficulty", "trouble", "unable"})


def _failing_at(toks: list[str], k: int) -> bool:
    """Whether ``toks[k]`` ("difficulty", "trouble", "unable") says an act failed: followed by
    the act ("trouble breathing", "unable to stand"), not a noun ("in trouble Ozy Media")."""
    nxt = toks[k + 1] if k + 1 < len(toks) else ""
    return nxt.endswith("ing") or (toks[k] == "unable" and nxt == "to")


# Words that pass a negation on to the act after "to": "not possible to use" negates "use".
_PASS_ON = frozenset(
    {"possible", "able", "allowed", "permitted", "supposed", "willing", "going", "trying", "try"}
)
# A negated belief leaves the rest of its clause unsettled: "he did not think he gave his
# password" neither asserts nor denies giving it.
# ("did not know it was stolen" is no such hedge: it denies knowing, and stays a negation.)
_BELIEF = frozenset({"think", "believe", "recall", "remember", "guess", "suppose", "sure"})
# Hedges: "not kind of moving around" negates "moving", not "kind".
_HEDGES = frozenset({"kind", "sort", "kinda", "sorta"})
# Negative commands and requests ("can you run Bell") assert nothing either.
_NON_ASSERTING_PAIRS = {
    ("do", "not"), ("try", "not"), ("can", "you"), ("could", "you"), ("would", "you"),
    ("will", "you"),
}  # fmt: skip
# Clause breaks: punctuation (a parenthesis too: "($550, no serial) were entered" negates
# nothing outside it), a spaced dash, or "and"/"but" before a subject ("I asked if I could
# search her car and she consented": the "if" does not reach "she consented") or before a speech
# verb in the past ("wanted to press charges and asked that he stay off her porch": a second
# statement, about other things).
_SPEECH_PAST = sorted(v for v in SPEECH_VERBS if v.endswith("ed") or v in ("said", "told", "spoke"))
CLAUSE_BREAK = re.compile(
    r"[,;:.!?—–()]|\s-\s|\s(?=(?:and|but)\s+(?:he|she|they|i|we|it|"
    + "|".join(map(re.escape, _SPEECH_PAST))
    + r")\b)",
    re.I,
)
_WINDOW = 3  # a negator governs the next few words
# "and"/"but" before a word, to test for a second verb phrase.
_AND_WORD = re.compile(r"\s(?=(?:and|but)\s+([a-z]+)\b)", re.I)


def clauses(sentence: str) -> list[str]:
    """``sentence`` cut at :data:`CLAUSE_BREAK`, and before "and"/"but" leading a second verb
    phrase of an asserted clause: a past verb ("counted the money and found the envelope
    empty") or the same verb again ("wants to press charges and wants it on record").  After a
    negation the clause goes on ("did not hit and kick him" negates both)."""
    out = []
    for clause in CLAUSE_BREAK.split(sentence):
        start = 0
        if " and " in clause or " but " in clause:  # most clauses: no scan
            for m in _AND_WORD.finditer(clause):
                word = m.group(1).lower()
                if word in STOP_WORDS:
                    continue
                before = clause[start : m.start()]
                said = tokens(before)
                if (_past(word) or word in said) and NEGATORS.isdisjoint(said):
                    out.append(before)
                    start = m.start()
        out.append(clause[start:])
    return out


# After "not", a preposition starts a phrase the negation is about as a whole ("not for this
# market", "not in the car"): its noun is neither asserted nor negated.
_PREPOSITIONS = frozenset(
    str.split("for to in on at with from of about by into onto over under after before during")
)

# "go" and "come" before a bare verb pass a negation on to it ("didn't go check", "won't come
# help"), not before where to ("didn't go home", "didn't come back").
_GO = frozenset({"go", "come"})
_NO_ACT_AFTER_GO = STOP_WORDS | _PARTICLES | _PLACE_WORDS | _PREPOSITIONS


def _act_follows(toks: list[str], k: int) -> bool:
    """Whether a bare verb follows "go" or "come" at ``k``."""
    return k + 1 < len(toks) and toks[k + 1] not in _NO_ACT_AFTER_GO


_CONTRACTED = {"can't": "can", "won't": "will", "shan't": "shall", "ain't": "is"}


# Contractions ASR writes without the apostrophe ("dont", "didnt"): read like "don't".
_BARE_CONTRACTIONS = frozenset(
    str.split(
        "dont didnt doesnt isnt wasnt arent werent cant wont couldnt wouldnt shouldnt havent "
        "hasnt hadnt aint"
    )
)
# A negating pronoun with a clitic ("nobody's hurt", "nothing's missing"): the pronoun negates.
_NEGATOR_CLITIC = re.compile(r"\b(?:nobody|nothing|none|noone)['’](?:s|re|ll|d)\b", re.I)
_CLITICS = {"s": "is", "re": "are", "ll": "will", "d": "would"}
# Words speech fuses: "I wanna tell you my side" says "want".
_FUSED = {
    "wanna": ["want", "to"], "gonna": ["going", "to"], "gotta": ["got", "to"],
    # A modal fused with "have": "somebody should've put it back" asserts no putting back.
    **{f"{m}'ve": [m, "have"] for m in ("should", "could", "would", "might", "must")},
}  # fmt: skip
_MAY_CONTRACT = re.compile(
    r"n['’]t|\b(?:" + "|".join([*_BARE_CONTRACTIONS, *_FUSED]) + r")\b|" + _NEGATOR_CLITIC.pattern,
    re.I,
)
# Case-folded matching is slow in `re`: lower-cased ASCII text is searched case-sensitively.
_MAY_CONTRACT_LOWER = lowercase_regex(_MAY_CONTRACT)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens with contractions split off the negation: "didn't" and ASR's
    "didnt" -> did, not; "can't" -> can, not; "won't" -> will, not; "nobody's" -> nobody, is."""
    lowered = text.lower()
    toks = _TOKEN.findall(lowered.replace("’", "'"))
    if _MAY_CONTRACT_LOWER is not None and text.isascii():
        contracted = _MAY_CONTRACT_LOWER.search(lowered)
    else:
        contracted = _MAY_CONTRACT.search(text)
    if contracted is None:
        return toks  # no contraction to split: the common case, and every segment passes here
    out: list[str] = []
    for tok in toks:
        if tok in _FUSED:
            out += _FUSED[tok]
        elif tok.endswith("n't"):
            out += [_CONTRACTED.get(tok, tok[:-3]), "not"]
        elif tok in _BARE_CONTRACTIONS:
            bare = tok[:-1] + "'t"
            out += [_CONTRACTED.get(bare, bare[:-3]), "not"]
        elif _NEGATOR_CLITIC.fullmatch(tok):
            word, clitic = tok.split("'")
            out += [word, _CLITICS[clitic]]
        else:
            out.append(tok)
    return out


# Irregular past forms of acts whose polarity summaries state ("he knew", "he ran").  Forms that
# are also adjectives or other words ("stolen", "broken", "drunk", "left", "saw") stay out.
_IRREGULAR = {
    "knew": "know", "known": "know", "ran": "run", "fled": "flee", "fought": "fight",
    "threw": "throw", "drove": "drive", "drank": "drink", "took": "take", "gave": "give",
    "wore": "wear", "fell": "fall", "fallen": "fall", "bitten": "bite", "hid": "hide",
    "hidden": "hide", "struck": "strike", "swung": "swing", "spat": "spit", "thrown": "throw",
    "driven": "drive", "taken": "take", "given": "give", "seen": "see", "paid": "pay",
    "sold": "sell", "sent": "send", "brought": "bring", "bought": "buy", "caught": "catch",
    "held": "hold", "found": "find", "went": "go", "won": "win", "lost": "lose", "told": "tell",
    "got": "get", "broke": "break", "broken": "break", "stole": "steal", "stolen": "steal",
    "kept": "keep", "slept": "sleep", "wrote": "write", "written": "write", "spoke": "speak",
    "spoken": "speak", "stood": "stand", "sat": "sit", "ate": "eat", "eaten": "eat",
    "tore": "tear", "torn": "tear", "made": "make", "came": "come", "felt": "feel",
    "heard": "hear", "meant": "mean", "shot": "shoot",
}  # fmt: skip


def _past(word: str) -> bool:
    """Whether ``word`` looks like a past form: "-ed" or an irregular one ("found")."""
    return (word.endswith("ed") and len(word) > 4) or word in _IRREGULAR


_DOUBLED = frozenset("bdgkmnprt")  # consonants doubled before -ing and -ed
# A short base that lost a silent "e" ("mov" of "moved", "tak" of "taking"): consonant, vowel,
# consonant (not "y", "w" or "x": "saying", "sewing").
_SILENT_E = re.compile(r"[^aeiou][aeiou][^aeiouwxy]")


@functools.lru_cache(maxsize=65536)  # a vocabulary is small next to the words stemmed
def stem(word: str) -> str:
    """A crude stem that folds the usual inflections: resisted/resisting/resists -> resist,
    and common irregular past forms: knew -> know, ran -> run."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    # "-ly" stays: "clearly, it's not devolved" says nothing about what is "clear".
    for suffix in ("ing", "ed", "es", "s"):
        if not word.endswith(suffix):
            continue
        short = suffix in ("ing", "ed") and len(word) == len(suffix) + 3
        if short and _SILENT_E.fullmatch(word, 0, 3):
            return word[:3] + "e"  # "moved", "moving" -> move; "taking" -> take (as "took")
        if len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith("ss"):
                return word  # "press" is the word itself, as "pressing" and "presses" stem to
            base = word[: -len(suffix)]
            if suffix in ("ing", "ed") and base[-1] == base[-2] and base[-1] in _DOUBLED:
                return base[:-1]  # "grabbing", "grabbed" -> grab; not "pressing", "calling"
            return base
    return word


# A match starts only where a run of end marks starts, and no part of it is given back: a run of
# thousands of periods without a space after it is read once, not once per period.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"”’')]*+\s+")
_ABBREVIATED = re.compile(
    r"\b(?:mr|mrs|ms|dr|st|ofc|sgt|det|lt|cpl|capt|dep|vs|approx|[a-z])\.$", re.I
)
# The longest abbreviation and its period ("approx.") plus one character for its word boundary.
_ABBREVIATION_REACH = 8


def _sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends, not after a title or an initial ("Mr. Johnson")."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        # Only the few characters before the period can hold an abbreviation: searching from the
        # sentence start made every end cost the length of its sentence.
        if _ABBREVIATED.search(
            text, max(start, m.start() + 1 - _ABBREVIATION_REACH), m.start() + 1
        ):
            continue
        out.append(text[start : m.end()])
        start = m.end()
    out.append(text[start:])
    return out


_GENERIC_SUBJECT = frozenset({"a", "an", "any", "every", "each", "people", "anyone", "anybody"})
_BEFORE_A_RULE = frozenset({"that", "but", "and", "so", "said", "say", "says", "told"})


def _generic_rule_at(toks: list[str]) -> int:
    """Where a clause goes on to say what anyone of a kind can or cannot do ("I told them that a
    landlord cannot lock a tenant out", "any officer can ask"): a rule, not an event, so
    nothing from there on is asserted.  ``len(toks)`` when it does not."""
    if "can" not in toks and "cannot" not in toks:
        return len(toks)  # most clauses: no scan (every segment's clauses pass here)
    for i, t in enumerate(toks):
        if t in _GENERIC_SUBJECT and (i == 0 or toks[i - 1] in _BEFORE_A_RULE):
            verb = toks[i + 1 : i + 5]
            if "can" in verb or "cannot" in verb:
                return i
    return len(toks)


_LEADS = frozenset(str.split("and so then just now please also okay ok"))
_OBJECTS = _DETERMINERS | frozenset(str.split("it him them me us"))


def _imperative_at(toks: list[str]) -> int:
    """Where a clause opens with a command ("and lock the truck from now on", "let me tell you
    ..."): the index of a verb in its base form first (after "and", "so", "just" ...) with an
    object right after it, whose act is only asked for; -1 when there is none."""
    k = 0
    while k < len(toks) and toks[k] in _LEADS:
        k += 1
    if k + 1 >= len(toks) or toks[k] in STOP_WORDS or toks[k + 1] not in _OBJECTS:
        return -1
    verb = toks[k]
    return k if stem(verb) == verb and not verb.endswith(("s", "ed", "ing")) else -1


# Verbs whose object "no" negates them: "wanted no charges", "found no weapons", "had no ID".
_NO_OBJECT_VERBS = frozenset(
    str.split("want need have had has see saw find found hear heard get got show make take give")
)


_NO_OBJECT_STEMS = frozenset(stem(w) for w in _NO_OBJECT_VERBS)  # "needs no treatment" too


def _verb_of_no(toks: list[str], k: int, stated: list[tuple[str, bool]]) -> bool:
    """Whether the "no" at ``k`` is the object of the verb just stated before it."""
    if k == 0 or not stated or not stated[-1][1]:
        return False
    j = k - 2 if k >= 2 and toks[k - 1] in _NO_RECIPIENTS else k - 1  # "gave him no money"
    before = "see" if toks[j] == "saw" else toks[j]
    return stem(before) in _NO_OBJECT_STEMS and stated[-1][0] == stem(before)


_NO_RECIPIENTS = frozenset(str.split("him her them me us you"))


_OBJECT_NEGATORS = frozenset({"nobody", "nothing", "no"})
_INSTEAD = {"rather": "than", "instead": "of"}


def _act_at(toks: list[str], k: int) -> bool:
    """Whether ``toks[k]`` is an act, not a thing: a gerund ("instead of waiting") or a verb
    with its object ("rather than hold it"); "instead of chicken" contrasts things."""
    if k >= len(toks) or toks[k] in STOP_WORDS:
        return False
    return toks[k].endswith("ing") or (k + 1 < len(toks) and toks[k + 1] in _OBJECTS)


def _object_negates(toks: list[str], k: int, stated: list[tuple[str, bool]]) -> bool:
    """Whether "nobody", "nothing" or "no one" at ``k`` is the object of the past verb just
    stated ("he threatened no one"): the act is negated."""
    negating = toks[k] in ("nobody", "nothing") or toks[k : k + 2] == ["no", "one"]
    return (
        negating
        and k > 0
        and bool(stated)
        and stated[-1][1]
        and _past(toks[k - 1])
        and stated[-1][0] == stem(toks[k - 1])
    )


_CHECKS = frozenset({"check", "verify", "ensure", "confirm"})
# An indirect question of degree after a verb of knowing or telling ("can't tell how hard he
# braked") asserts nothing of its own.
_WH = frozenset({"how"})
_KNOWING = frozenset(
    str.split("tell know knew say said determine sure recall remember understand figure see")
)


def _checking_at(toks: list[str], k: int) -> bool:
    """Whether ``toks[k]`` is a purpose of checking ("to check", "to make sure") with words
    after it."""
    if k == 0 or toks[k - 1] != "to" or k + 1 >= len(toks):
        return False
    return toks[k] in _CHECKS or (toks[k] == "make" and toks[k + 1] == "sure")


def _intent_at(toks: list[str], k: int) -> bool:
    """Whether ``toks[k]`` starts an intent told in the past ("was going to point it", "were
    gonna leave"): what follows was meant, not done."""
    if toks[k] == "gonna":
        return toks[k - 1 : k] in (["was"], ["were"])
    return (
        toks[k] == "going"
        and toks[k - 1 : k] in (["was"], ["were"])
        and toks[k + 1 : k + 2] == ["to"]
        and toks[k + 2 : k + 3] != []
        and toks[k + 2] not in _DETERMINERS  # "was going to the store" went there
    )


_REQUESTS = frozenset(
    str.split("ask asked asks tell told tells order ordered orders instruct instructed direct")
    + str.split("directed advise advised warn warned urge urged beg begged want wanted wants")
)


def _asked_of(toks: list[str], k: int) -> bool:
    """Whether the "to" at ``k`` follows a request and the person asked ("asked her to", "told
    Mr. Boyd to"): what follows is asked for, not done."""
    for j in (k - 2, k - 3):
        if j >= 0 and toks[j] in _REQUESTS and toks[j + 1] not in ("to", "for", "about", "if"):
            return True
    return False


_AS_FAR_AS = frozenset({"see", "saw", "seen", "know", "knew", "noticed", "remember", "recall"})


def _as_far_as(rest: list[str]) -> bool:
    """Whether ``rest``, after a "that" ending a negated clause, is the hedge "that I saw", "that
    we know (of)", "that I could see"."""
    if rest[:1] not in (["i"], ["we"]):
        return False
    verb = rest[2:3] if rest[1:2] in (["could"], ["can"]) else rest[1:2]
    return bool(verb) and verb[0] in _AS_FAR_AS


_LEAVE = frozenset({"leave", "left", "keep", "kept"})
_LEFT_OBJECTS = frozenset({"it", "him", "her", "them"})


def _left_so(toks: list[str], k: int, negated: str) -> bool:
    """Whether the word at ``k`` says the state a negated "leave" or "keep" kept its object in
    ("didn't leave it running", "never left them alone")."""
    return negated in _LEAVE and k >= 2 and toks[k - 1] in _LEFT_OBJECTS and toks[k - 2] == negated


def _another_act(negated: str, nxt: list[str]) -> bool:
    """Whether the word after an "or" starts another act under the same negation: "did not
    force the door or break anything" (a bare verb after the object of a negated base verb)."""
    return (
        bool(negated)
        and bool(nxt)
        and not _past(negated)
        and not negated.endswith("ing")
        and any(nxt[0].startswith(a) and len(nxt[0]) - len(a) <= 3 for a in _DENIABLE_ACTS)
    )


# Acts people deny doing (the shipped denied, contact and key acts lists, as stem prefixes).
_DENIABLE_ACTS = frozenset().union(
    *(shipped_wordlists().words(n) for n in ("denied_acts", "contact_acts", "key_acts"))
)


def _same_form(negated: str, nxt: list[str]) -> bool:
    """Whether the word after an "or" has the form of the verb last negated ("grabbing ... or
    touching"): the list goes on under the negation."""
    return bool(nxt) and (
        any(negated.endswith(x) and nxt[0].endswith(x) for x in ("ing", "ed"))
        or (_past(negated) and _past(nxt[0]))  # "never went in or touched"
    )


def _names_a_thing(toks: list[str], k: int) -> bool:
    """Whether the -ing word at ``k`` stands between a determiner or a number and the noun it
    names ("2 hearing aids", "the parking lot", "a driving record"), or after "of": a thing or a
    disposition, not an act."""
    t = toks[k]
    if len(t) <= 5 or not t.endswith("ing") or k == 0:
        return False
    if toks[k - 1] == "of":
        return True  # "hard of hearing", "accused of stealing": no act told as done
    return (
        k < len(toks) - 1
        and (toks[k - 1] in _DETERMINERS or toks[k - 1].isdigit() or toks[k - 1] in NUMBER_WORDS)
        and toks[k + 1] not in STOP_WORDS
    )


def _two_word_subject(toks: list[str], k: int) -> bool:
    """Whether the words at ``k`` and ``k + 1`` are one noun before an auxiliary ("no change
    order was signed")."""
    return (
        k + 2 < len(toks)
        and toks[k + 1] not in STOP_WORDS
        and toks[k + 1] not in NEGATORS
        and toks[k + 2] in _AUXILIARIES
    )


def _verb_after_subject(toks: list[str], k: int) -> bool:
    """Whether the word at ``k``, after "no" or "nobody", is the subject of the act that follows:
    an auxiliary next ("no code was used"), or a verb in -s or -ed after a negating pronoun and
    one word ("nobody legitimate sends")."""
    nxt = toks[k + 1] if k + 1 < len(toks) else ""
    if nxt in _AUXILIARIES:
        return True
    return _two_word_subject(toks, k) or (
        toks[k - 1 : k] != []
        and toks[k - 1] in _SUBJECT_NEGATORS
        and nxt.endswith(("s", "ed"))
        and nxt not in STOP_WORDS
    )


def _without_either_way(toks: list[str]) -> list[str]:
    """``toks`` without the idiom "X or no X" / "X or not" ("ban or no ban", "charges or not"):
    it says the rest holds either way, and states nothing of X."""
    out: list[str] = []
    k = 0
    while k < len(toks):
        if toks[k + 1 : k + 2] == ["or"] and toks[k + 2 : k + 3] in (["no"], ["not"]):
            k += 4 if toks[k + 3 : k + 4] == [toks[k]] else 3
            continue
        out.append(toks[k])
        k += 1
    return out


# A sentence opening with an auxiliary and its subject asks, whether or not the ASR wrote a "?".
_ASKS = re.compile(
    r"\W*(?:did|do|does|are|were|have|has|can|could|will|would)\s+(?:you|he|she|they|we)\b", re.I
)


def predicates(text: str) -> dict[str, set[tuple[bool, frozenset[str]]]]:
    """Content-word stem -> (polarity, the content stems of its clause, itself included) for
    each time it is stated: what is asserted or negated, and about what ("he wants to leave his
    job" and "I don't want to stay there" state "want" about different things).

    Only the first content word after a negator counts as negated ("did not see the sign" negates
    "see", not "sign"); a negation does not reach across punctuation ("no, no, I renewed it"), and
    questions, "if" clauses, requests and advice ("it should not ...") assert nothing.
    """
    out: dict[str, set[tuple[bool, frozenset[str]]]] = {}
    for sentence in _sentences(text):
        if sentence.rstrip().endswith("?") or _ASKS.match(sentence):
            continue  # a question, with its mark or without ("did you take anything from them")
        negated_before = False  # the clause before ended on a negated word
        for clause in clauses(sentence):
            toks = tokens(clause)
            if toks and (toks[0] in _NON_ASSERTING or tuple(toks[:2]) in _NON_ASSERTING_PAIRS):
                negated_before = False
                continue  # "if you refuse, ...", "don't touch anything" assert nothing
            toks = toks[: _generic_rule_at(toks)]  # "a landlord cannot ...": a rule, no event
            toks = _without_either_way(toks)  # "ban or no ban" states nothing of the ban
            if len(toks) >= 2 and toks[0] == "not" and toks[1] in _DETERMINERS:
                negated_before = False
                continue  # "..., not its lights": a contrast
            pending, last_negated, quantifier, silent = 0, False, False, False
            adverbial = False  # the last negator was "without"
            if negated_before and len(toks) >= 3 and toks[1] in ("or", "nor"):
                pending = _WINDOW  # "did not force, kick or pry it": the list is negated too
            glue: str | None = None  # "to" after a pass-on word, "of" after a hedge
            stated: list[tuple[str, bool]] = []
            command = _imperative_at(toks)
            # Before an act not done: the "to" of "too far to see", the "than" of "rather than".
            undone_at = -1
            neg_verb = ""  # the last word negated: "denied grabbing her wrist or touching her"
            asked_from: int | None = None  # where the words of an act only asked for start
            for k, t in enumerate(toks):
                if k == command:
                    continue  # "lock the truck from now on" asks for the act
                if t in _INSTEAD and toks[k + 1 : k + 2] == [_INSTEAD[t]] and _act_at(toks, k + 2):
                    undone_at = k + 1  # "rather than hold it", "instead of waiting": not done
                if t == "too" and "to" in toks[k + 2 : k + 5]:
                    at = toks.index("to", k + 2)
                    after = toks[at + 1 : at + 2]
                    if toks[at - 1] != "due" and after and after[0] not in STOP_WORDS:
                        undone_at = at  # not "too high due to the cost"
                if k == undone_at:
                    pending, quantifier, silent = _WINDOW, False, False
                    continue
                if _checking_at(toks, k):
                    # "to check it wasn't scratched", "only to check the outside for scratches":
                    # what is checked for is neither asserted nor denied
                    stated.append((stem(t), pending == 0))
                    break
                if t in _WH and toks[k - 1 : k] and toks[k - 1] in _KNOWING and asked_from is None:
                    # "can't tell how hard he braked": an indirect question states no act; its
                    # words stay in the clause (what it is about)
                    asked_from = len(stated)
                    continue
                if t in ("if", "whether", "unless") or t in _MODALS or _intent_at(toks, k):
                    if t != "unless" and stated and toks[k - 2 : k - 1] == ["to"]:
                        stated.pop()  # "to see if it had been in use": a purpose, no act
                    break  # "... whether or not the deductibles are affordable" asserts nothing
                if t in ("until", "till") and any(not p for _, p in stated):
                    # "doesn't open till nine" says when it opens, not that it does not; "would
                    # not give the card back until he paid" sets a condition: say nothing of it.
                    last = max(i for i, (_, p) in enumerate(stated) if not p)
                    if stem(toks[k - 1]) == stated[last][0]:
                        stated[last] = (stated[last][0], True)
                    else:
                        del stated[last]
                        break  # the condition ("until he paid") is not asserted either
                if (
                    t.startswith(REFUSAL_STEMS)
                    and toks[k + 1 : k + 2] == ["to"]
                    and asked_from is None
                ):
                    # "refusing to leave": the refusal is stated, the act neither way (SA302
                    # reads refusals against the answers given)
                    stated.append((stem(t), pending == 0))  # "I'm not refusing to pay"
                    pending, last_negated = 0, pending > 0
                    asked_from = len(stated)
                    continue
                if t == "to" and _asked_of(toks, k) and asked_from is None:
                    # "asked her to move", "want him to leave": the act is only asked for; its
                    # words stay in the clause, to say what the asking is about
                    asked_from = len(stated)
                    continue
                if t == "that" and any(not p for _, p in stated) and _as_far_as(toks[k + 1 :]):
                    break  # "he hasn't cut himself that I saw": a hedge, no act of seeing
                if t in ("but", "except") and toks[k + 1 : k + 2] and toks[k + 1] in _ONLY_AFTER:
                    # "I never wrote her but the one", "didn't take anything except the
                    # phone": only that one, so the act was done
                    negated = [i for i, (_, p) in enumerate(stated) if not p]
                    if negated:
                        stated[negated[-1]] = (stated[negated[-1]][0], True)
                    pending = 0
                    continue
                if t in _DIFFICULTY and pending == 0 and _failing_at(toks, k):
                    pending, quantifier, silent = _WINDOW, False, False  # "difficulty catching"
                    continue
                if glue is not None and t == glue:
                    glue = None
                    continue
                glue = None
                if t == "no" and toks[k + 1 : k + 2] == ["longer"]:
                    break  # "no longer existed": a change over time, neither way now
                if t in _OBJECT_NEGATORS and _object_negates(toks, k, stated):
                    stated[-1] = (stated[-1][0], False)  # "threatened no one", "hit nobody"
                if t == "no" and k + 1 < len(toks) and toks[k + 1] == "one":
                    continue  # "no one" is read at "one", like "nobody"
                subject = t in _SUBJECT_NEGATORS or (t == "one" and toks[k - 1 : k] == ["no"])
                if (
                    subject
                    and k + 1 < len(toks)
                    and (toks[k + 1] in _AUXILIARIES or toks[k + 1].endswith("ed"))
                ):
                    pending, quantifier, silent = _WINDOW, False, False  # "nobody was hurt"
                elif t == "no" and _verb_of_no(toks, k, stated):
                    # "wanted no charges" is "did not want charges"; "had no ID" did not have it
                    stated[-1] = (stated[-1][0], False)
                    pending, quantifier, silent = _WINDOW, True, False
                elif t in NEGATORS or (
                    t in ("or", "nor")
                    and (
                        last_negated
                        or _same_form(neg_verb, toks[k + 1 : k + 2])
                        or _another_act(neg_verb, toks[k + 1 : k + 2])
                    )
                ):
                    pending = _WINDOW  # "no wants or warrants" negates both
                    nxt = toks[k + 1 : k + 2]  # "grabbing ... or touching", "force ... or break"
                    verb = _same_form(neg_verb, nxt) or _another_act(neg_verb, nxt)
                    quantifier, silent = t not in _PREDICATE_NEGATORS and not verb, False
                    adverbial = t == "without"  # "without permission is ...": no subject
                elif t in DENIAL_VERBS:
                    stated.append((stem(t), True))  # "denied taking": he denied; taking is not
                    pending, quantifier, silent = _WINDOW, False, False
                elif t in _HEDGES:
                    glue = "of"
                elif pending and t in _PASS_ON:
                    pending, glue = _WINDOW, "to"  # the negation carries on to the act
                elif pending and t in _GO and _act_follows(toks, k):
                    pending = _WINDOW  # "didn't go check the car" did not check it
                elif pending and t in _PREPOSITIONS:
                    # "not for this kind of market" negates the phrase, not "kind": say nothing
                    pending, silent = 0, True
                elif (
                    last_negated and not pending and t in _ANY_WORDS and neg_verb not in _AS_FAR_AS
                ):
                    # "didn't show anything red", "didn't take any money": what there was none
                    # of is negated too ("showed nothing red")
                    pending, quantifier, silent = 1, False, False
                elif last_negated and not pending and t in _PARTICLES:
                    pass  # "never went inside or touched her door": the act goes on
                elif pending and t in _PLACE_WORDS and toks[k - 1] in NEGATORS:
                    pending = 0  # "the pouch is not there the whole pouch": being there is negated
                elif t in STOP_WORDS or t.isdigit() or t in NUMBER_WORDS:
                    pending = max(0, pending - 1)
                elif silent:
                    silent = False
                elif (
                    pending
                    and t in _LINKING
                    and toks[k + 1 : k + 2]
                    and toks[k + 1] not in _PREPOSITIONS | {"like", "around", "into"}
                ):
                    pass  # "doesn't look good": what is negated is the "good"
                elif pending and t in _BELIEF:
                    stated.append((stem(t), False))
                    break
                elif (
                    pending
                    and quantifier
                    and toks[k - 1] in _SUBJECT_NEGATORS
                    and t.endswith("ing")
                ):
                    stated.append((stem(t), False))  # "there was nothing coming"
                    pending, last_negated = 0, True
                elif pending and quantifier and not adverbial and _verb_after_subject(toks, k):
                    # "no code was used", "no shots were fired", "nobody legitimate sends": the
                    # act is negated, its subject is not stated ("no change order was signed":
                    # nor the second word of it)
                    pending, quantifier = _WINDOW, False
                    silent = _two_word_subject(toks, k)
                elif pending and quantifier and toks[k - 1] in _AUXILIARIES:
                    stated.append((stem(t), False))  # "nothing else was taken"
                    pending, last_negated = 0, True
                elif (
                    pending
                    and quantifier
                    and k + 1 < len(toks)
                    and _past(toks[k + 1])
                    and (k + 2 == len(toks) or toks[k + 2] in STOP_WORDS)
                ):
                    # "no damage found (inside)": the finding is negated; not "no inspector named
                    # Walsh", where the participle names what there is none of
                    pending, quantifier = 1, False
                elif pending and quantifier:
                    pending, last_negated = 0, True  # "no unit free": says nothing of "unit"
                elif not pending and _names_a_thing(toks, k):
                    pass  # "2 hearing aids", "the parking lot": no act of hearing or parking
                else:
                    # "saw" after its subject is the verb ("he saw", "I never saw"), not a tool.
                    word = "see" if t == "saw" and toks[k - 1 : k] and toks[k - 1] in _SEERS else t
                    if _left_so(toks, k, neg_verb if last_negated else ""):
                        pending = 1  # "didn't leave it running": it was not running
                    stated.append((stem(word), pending == 0))
                    if pending > 0:
                        neg_verb = t
                    pending, last_negated = 0, pending > 0
            clause_words = frozenset(w for w, _ in stated)  # shared: the word itself included
            for word, polarity in stated[:asked_from]:
                out.setdefault(word, set()).add((polarity, clause_words))
            negated_before = bool(stated) and not stated[-1][1]
    return out


def clause_stems(text: str, root: str) -> set[str]:
    """The other content stems of the clauses of ``text`` holding a word stemmed from ``root``
    (its inflections: "limit" finds "limited"): what the word is said about, whatever the
    clause's polarity or mood."""
    out: set[str] = set()
    for sentence in _sentences(text):
        for clause in clauses(sentence):
            toks = tokens(clause)
            stems = {stem(t) for t in toks if t not in STOP_WORDS and t not in NEGATORS}
            # The root may be a function word ("all", "none"): look for it among every token.
            hits = {s for s in map(stem, toks) if s.startswith(root) and len(s) - len(root) <= 4}
            if hits:
                out |= stems - hits
    return out


def polarities(text: str) -> dict[str, set[bool]]:
    """Content-word stem -> the polarities it occurs with (True = asserted, False = negated);
    see :func:`predicates`."""
    return {word: {p for p, _ in stated} for word, stated in predicates(text).items()}


def content_stems(text: str) -> set[str]:
    """The content-word stems of ``text`` (a new set: the caller may change it)."""
    return set(_content_stems(text))


@functools.lru_cache(maxsize=4096)  # rules ask again for the same claim, once per candidate
def _content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(t) for t in tokens(text) if t not in STOP_WORDS and t not in NEGATORS)


_WORD_BEFORE = re.compile(r"([a-z0-9]+(?:'[a-z]+)?)\W*$")
# A negation reaches back over at most this many words ("not under arrest", "no knife was found").
NEGATION_REACH = 3


def negated_at(text: str, start: int, *, asked: bool = True, reach: int = NEGATION_REACH) -> bool:
    """Whether the words just before ``start`` negate what starts there: a negator, a
    contraction ("isn't"), or a denial verb ("denied having a knife") within ``reach`` words
    (:data:`NEGATION_REACH`) and the same clause ("no, the knife" is not negated).  With
    ``asked``, "any" counts too: a question names a thing without saying it is there ("asked if
    he had any weapons"); without it, only a negation does (what was asked about is a fact of
    the question: "asked if there was any cheese" is not about milk)."""
    before = text[max(0, start - 80) : start].lower().replace("’", "'")
    words = []
    for _ in range(reach):
        m = _WORD_BEFORE.search(before)
        if m is None or CLAUSE_BREAK.search(before[m.end(1) :]):
            break
        words.append(m.group(1))
        before = before[: m.start()]
    return any(
        w in NEGATORS or w in DENIAL_VERBS or w.endswith("n't") or (asked and w == "any")
        for w in words
    )


# --- an act negated as an act ------------------------------------------------------------------


def is_form(token: str, word_stem: str) -> bool:
    """Whether ``token`` is a form of ``word_stem`` (:func:`predicates` reads "saw" as "see")."""
    return stem(token) == word_stem or (token == "saw" and word_stem == "see")


_WISHES = frozenset(str.split("want wants wanted trying tried try"))


def only_wished(text: str, word: str) -> bool:
    """Whether every form of ``word`` (a stem) in ``text`` is an act wished or tried for ("he
    wanted to leave", "I was trying to leave"): no telling that it happened, or that it did not."""
    toks = tokens(text)  # "wanna" is read as "want to"
    at = [k for k, t in enumerate(toks) if is_form(t, word)]
    return bool(at) and all(k >= 2 and toks[k - 1] == "to" and toks[k - 2] in _WISHES for k in at)


_DO_FORMS = frozenset(str.split("did do does would will could can should have has had"))
_BE_FORMS = frozenset(str.split("is was were are am i'm he's she's it's we're you're they're"))
_ADVERBS = frozenset(str.split("even ever just actually really yet still also"))


def act_negated(text: str, word: str) -> bool:
    """Whether ``text`` negates ``word`` (a stem) as an act: "I didn't see", "I never said", "I
    wasn't trying" ("that's not my car" negates a noun phrase: whose car, not the car)."""
    toks = tokens(text)
    for k, t in enumerate(toks):
        if not is_form(t, word):
            continue
        for j in range(k - 1, max(-1, k - 4), -1):
            if toks[j] == "never":
                return True
            if toks[j] == "not" and j > 0:
                before = toks[j - 1]
                if before in _BE_FORMS and t.endswith("ing"):
                    return True  # "he wasn't crying"
                if before not in _DO_FORMS:
                    return False
                if t != "know" and t not in _BELIEF:
                    return True  # "I did not fall."
                # A bare "I don't know." answers a question, "I don't know if ..." is unsure: they
                # negate no act of the claim's.
                followed = re.search(
                    rf"\b{re.escape(t)}\b(?!\s*(?:[.,!?;]|$|if\b|whether\b))", text.lower()
                )
                return followed is not None
            if toks[j] not in _ADVERBS and not toks[j].endswith("ly"):
                break  # "does not own a red hoodie" negates "own", not "red"
    return False
