"""Loaded language (SA4xx): precision/recall by category on the fixtures, span overlap on the
SemEval-2020 propaganda corpus (PTC) and word-level scores on BABE.

The public sets have no transcript, so grounding is off there: the rules run against an empty
transcript and every lexicon match whose context conditions hold is an unsupported term.  Each
public-set table also prints a *floor* measured here, on the same text: every word of the
Recasens et al. (2013) NPOV bias lexicon flagged wherever it occurs.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from summary_audit.errors import CheckFailed
from summary_audit.evaluation.common import (
    fixture_audits,
    make_summary,
    overlap_precision_recall,
    overlaps,
    pct,
    ratio,
    skipped,
    table,
)
from summary_audit.types import Flag, Severity, Transcript

TITLE = "Loaded language (SA4xx)"
CODE_CATEGORY = {
    "SA401": "A",
    "SA402": "B",
    "SA403": "C",
    "SA404": "D1",
    "SA405": "D2",
    "SA406": "E",
    "SA407": "F",
    "SA408": "G",
    "SA409": "H",
    "SA410": "I",
    "SA411": "asym",
}
# SA411 is a second signal on a D1/D2 verb: it is right on a gold SA411, SA404 or SA405 span.
_ACCEPTS = {c: {c} for c in CODE_CATEGORY.values()} | {"asym": {"asym", "D1", "D2"}}
# The categories that are about tone (name-calling, emotive words): what PTC and BABE annotate.
TONE = frozenset({"A", "B", "C", "E"})
PTC_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")
REFERENCES = (
    "Reference points: lexicon-only floors about 0.14-0.20 token F1 (project design notes); MBIC word-level "
    "F1 0.43 (Spinde et al.); best SemEval-2020 Task 11 span-identification F1 about 0.52 "
    "(all 14 techniques, not only loaded language)."
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_EMPTY = Transcript(
    id="none", format="turns", text="", segments=(), sha256=hashlib.sha256(b"").hexdigest()
)


def _sa4_rules() -> list:
    from summary_audit.rules.registry import select_rules

    return select_rules(["SA4"])


def sa4_flags(text: str, transcript: Transcript = _EMPTY, rules: list | None = None) -> list[Flag]:
    """The SA4 flags (warning and above) for ``text`` against ``transcript`` (default: none).

    A crashed rule raises :class:`~summary_audit.errors.CheckFailed`: scores computed without a
    rule would be silently wrong.
    """
    from summary_audit.engine import run_rules
    from summary_audit.rules.registry import AuditContext

    ctx = AuditContext(transcript=transcript, summary=make_summary(text))
    flags, failures = run_rules(ctx, rules if rules is not None else _sa4_rules())
    if failures:
        raise CheckFailed(f"{failures[0].code} crashed: {failures[0].error}: {failures[0].message}")
    return [f for f in flags if f.severity >= Severity.WARNING]


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None
    return 2 * p * r / (p + r)


def _prf_row(name: str, tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[str, ...]:
    p, r = ratio(tp_p, n_p), ratio(tp_g, n_g)
    return (name, str(n_g), str(n_p), pct(p), pct(r), pct(_f1(p, r)))


# --- fixtures ------------------------------------------------------------------------------------


@dataclass
class CategoryScores:
    """Counts per category over the fixture summaries (SA4 flags of warning and above)."""

    flags: Counter[str] = field(default_factory=Counter)
    flags_ok: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    gold_found: Counter[str] = field(default_factory=Counter)
    faithful_flags: int = 0
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0
    summaries: int = 0
    false_flags: list[str] = field(default_factory=list)


def score_fixture_categories(fixtures_dir: Path, limit: int | None = None) -> CategoryScores:
    """Score the SA4 flags of every fixture summary; a flag is right when it overlaps a gold SA4
    error of the same category (by code).  A crashed SA4 rule raises
    :class:`~summary_audit.errors.CheckFailed` (scores without a rule would be silently wrong)."""
    s = CategoryScores()
    for fa in fixture_audits(fixtures_dir, limit):
        case, cs = fa.case, fa.summary
        crashed = [x for x in fa.report.failures if x.code in CODE_CATEGORY]
        if crashed:
            raise CheckFailed(
                f"{crashed[0].code} crashed: {crashed[0].error}: {crashed[0].message}"
            )
        flags = [
            f for f in fa.report.flags if f.code in CODE_CATEGORY and f.severity >= Severity.WARNING
        ]
        gold = [
            (CODE_CATEGORY[e.code], (a, b))
            for e, a, b in cs.error_spans(fa.text)
            if e.code in CODE_CATEGORY
        ]
        s.summaries += 1
        for cat, span in gold:
            s.gold[cat] += 1
            s.gold_found[cat] += any(
                CODE_CATEGORY[f.code] == cat and overlaps(_span(f), span) for f in flags
            )
        for f in flags:
            cat = CODE_CATEGORY[f.code]
            s.flags[cat] += 1
            if any(c in _ACCEPTS[cat] and overlaps(_span(f), g) for c, g in gold):
                s.flags_ok[cat] += 1
            else:
                s.false_flags.append(f"{case.id}/{cs.file} {f.code} {f.summary_span.text!r}")
        if cs.kind == "faithful":
            s.faithful_flags += len(flags)
        for _neg, a, b in cs.hard_negative_spans(fa.text):
            s.hard_negatives += 1
            s.hard_negatives_flagged += any(overlaps(_span(f), (a, b)) for f in flags)
    return s


def _span(f: Flag) -> tuple[int, int]:
    return f.summary_span.start, f.summary_span.end


def _fixtures_section(fixtures_dir: Path, limit: int | None) -> str:
    s = score_fixture_categories(fixtures_dir, limit)
    cats = sorted(set(CODE_CATEGORY.values()), key=list(CODE_CATEGORY.values()).index)
    rows = [
        _prf_row(c, s.flags_ok[c], s.flags[c], s.gold_found[c], s.gold[c])
        for c in cats
        if s.gold[c] or s.flags[c]
    ]
    total = [sum(x.values()) for x in (s.flags_ok, s.flags, s.gold_found, s.gold)]
    rows.append(_prf_row("all", *total))
    notes = [
        f"{s.summaries} summaries from {fixtures_dir.name}/ (every case folder); flags of warning "
        "and above; a flag is right when it overlaps a gold SA4 error of the same category "
        "(SA411 also on a gold SA404/SA405 span: it is a second signal on the same verb).",
        f"SA4 flags on faithful summaries: {s.faithful_flags}; hard negatives flagged: "
        f"{s.hard_negatives_flagged} of {s.hard_negatives}.",
        "In-sample: the lexicon and rules were developed on these cases.",
    ]
    notes += [f"false flag: {x}" for x in s.false_flags[:10]]
    head = ["category", "gold", "flags", "precision %", "recall %", "F1 %"]
    return "### Police fixtures, by category\n\n" + table(head, rows) + "\n\n" + _bullets(notes)


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {x}" for x in lines) + "\n"


# --- floors --------------------------------------------------------------------------------------


def _floor_regex(data_dir: Path) -> re.Pattern[str] | None:
    path = data_dir / "lexicons" / "recasens-pryzant" / "npov_lexicon.txt"
    if not path.is_file():
        return None
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines()]
    words = sorted({w for w in words if w and not w.startswith("#")}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.I)


METHODS = ("SA4 rules, all categories", "SA4 rules, tone (A B C E)", "floor (NPOV lexicon)")


def _spans_by_method(text: str, floor: re.Pattern[str] | None, rules: list) -> list[list]:
    """Predicted spans of ``text`` for each of :data:`METHODS`."""
    flags = sa4_flags(text, rules=rules)
    return [
        [_span(f) for f in flags],
        [_span(f) for f in flags if CODE_CATEGORY[f.code] in TONE],
        [m.span() for m in floor.finditer(text)] if floor else [],
    ]


# --- PTC -----------------------------------------------------------------------------------------


def _ptc_gold(folder: Path) -> dict[str, list[tuple[int, int]]]:
    gold: dict[str, list[tuple[int, int]]] = {}
    for line in (folder / "train-task2-TC.labels").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[1] in PTC_TECHNIQUES:
            gold.setdefault(parts[0], []).append((int(parts[2]), int(parts[3])))
    return gold


def _chars(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def _ptc_section(data_dir: Path, limit: int | None, floor: re.Pattern[str] | None) -> str:
    folder = data_dir / "ptc-semeval2020"
    if not (folder / "train-task2-TC.labels").is_file():
        return "### PTC (SemEval-2020 Task 11)\n\nskipped: no ptc-semeval2020 data\n"
    gold = _ptc_gold(folder)
    articles = sorted((folder / "articles").glob("article*.txt"))[:limit]
    rules = _sa4_rules()
    char = [[0, 0, 0] for _ in METHODS]  # overlap, predicted, gold characters
    span = [[0, 0, 0, 0] for _ in METHODS]
    for path in articles:
        text = path.read_text(encoding="utf-8")
        g = gold.get(path.stem.removeprefix("article"), [])
        gc = _chars(g)
        for k, p in enumerate(_spans_by_method(text, floor, rules)):
            pc = _chars(p)
            char[k] = [char[k][0] + len(pc & gc), char[k][1] + len(pc), char[k][2] + len(gc)]
            span[k] = [x + y for x, y in zip(span[k], overlap_precision_recall(p, g), strict=True)]
    rows = []
    for method, c, sp_ in zip(METHODS, char, span, strict=True):
        pr, rc = ratio(c[0], c[1]), ratio(c[0], c[2])
        sp, sr = ratio(sp_[0], sp_[1]), ratio(sp_[2], sp_[3])
        rows.append(
            (method, str(sp_[3]), str(sp_[1]), pct(pr), pct(rc), pct(_f1(pr, rc)),
             pct(sp), pct(sr), pct(_f1(sp, sr)))
        )  # fmt: skip
    head = ["method", "gold spans", "predicted", "char P %", "char R %", "char F1 %",
            "span P %", "span R %", "span F1 %"]  # fmt: skip
    notes = [
        f"{len(articles)} articles; gold = {' + '.join(PTC_TECHNIQUES)} spans; grounding off.",
        "char = character-overlap precision/recall; span = a span counts when it overlaps any "
        "span of the other side.",
        "No term was picked from PTC.  The tone row (A B C E) was added after seeing that PTC "
        "does not annotate identity words (H), hedges (I) or speech verbs (D) as loaded language.",
    ]
    return "### PTC (SemEval-2020 Task 11)\n\n" + table(head, rows) + "\n\n" + _bullets(notes)


# --- PTC, cross-validated -------------------------------------------------------------------------

FOLDS = 5
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
_ENTRY = re.compile(r"[Ll]exicon entry ([\w.-]+)|Entry ([\w.-]+)\.")


def _fold(article: str) -> int:
    """An article's fold, fixed by its id (so the split never depends on file order)."""
    return int(hashlib.sha256(article.encode()).hexdigest(), 16) % FOLDS


def _entry_of(flag: Flag) -> str:
    m = _ENTRY.search(flag.explanation.text)
    return (m.group(1) or m.group(2)) if m else flag.code


@dataclass
class _Article:
    fold: int
    gold: list[tuple[int, int]]
    flags: list[tuple[str, str, tuple[int, int]]]  # (category, entry id, span)


def _selected(
    articles: list[_Article], cats: frozenset[str], theta: float
) -> tuple[int, int, int, int]:
    """Span-overlap counts over ``articles`` keeping flags of ``cats`` whose entry's precision,
    measured on these articles, is at least ``theta``."""
    return _counts(articles, cats, _precise_entries(articles, cats, theta))


def _precise_entries(articles: list[_Article], cats: frozenset[str], theta: float) -> set[str]:
    """The entries of ``cats`` whose flags on ``articles`` overlap gold at least ``theta``."""
    hits: Counter[str] = Counter()
    fired: Counter[str] = Counter()
    for a in articles:
        for cat, entry, span in a.flags:
            if cat in cats:
                fired[entry] += 1
                hits[entry] += any(overlaps(span, g) for g in a.gold)
    return {e for e in fired if hits[e] / fired[e] >= theta}


def _counts(
    articles: list[_Article], cats: frozenset[str], keep: set[str] | None
) -> tuple[int, int, int, int]:
    total = [0, 0, 0, 0]
    for a in articles:
        pred = [s for c, e, s in a.flags if c in cats and (keep is None or e in keep)]
        total = [x + y for x, y in zip(total, overlap_precision_recall(pred, a.gold), strict=True)]
    return total[0], total[1], total[2], total[3]


def _f1_of(counts: tuple[int, int, int, int]) -> float:
    return _f1(ratio(counts[0], counts[1]), ratio(counts[2], counts[3])) or 0.0


def _ptc_cv_section(data_dir: Path, limit: int | None) -> str:
    """Article-level cross-validation: on four fifths, choose the categories and the minimum
    per-entry precision that give the best span F1; report them on the fifth not used."""
    folder = data_dir / "ptc-semeval2020"
    title = "### PTC, cross-validated by article (tune on four fifths, report the fifth)"
    if not (folder / "train-task2-TC.labels").is_file():
        return f"{title}\n\nskipped: no ptc-semeval2020 data\n"
    gold = _ptc_gold(folder)
    rules = _sa4_rules()
    articles = []
    for path in sorted((folder / "articles").glob("article*.txt"))[:limit]:
        aid = path.stem.removeprefix("article")
        flags = sa4_flags(path.read_text(encoding="utf-8"), rules=rules)
        articles.append(
            _Article(
                _fold(aid),
                gold.get(aid, []),
                [(CODE_CATEGORY[f.code], _entry_of(f), _span(f)) for f in flags],
            )
        )
    all_cats = sorted(set(CODE_CATEGORY.values()))
    rows, pooled = [], [0, 0, 0, 0]
    for k in range(FOLDS):
        train = [a for a in articles if a.fold != k]
        test = [a for a in articles if a.fold == k]
        # Greedy category selection on the training folds, then the entry-precision threshold.
        cats: frozenset[str] = frozenset()
        best = -1.0
        improved = True
        while improved:
            improved = False
            for c in all_cats:
                trial = cats | {c}
                score = _f1_of(_counts(train, trial, None))
                if c not in cats and score > best:
                    best, choice, improved = score, trial, True
            if improved:
                cats = choice
        theta = max(THRESHOLDS, key=lambda th: (_f1_of(_selected(train, cats, th)), -th))
        held = _counts(test, cats, _precise_entries(train, cats, theta))
        pooled = [x + y for x, y in zip(pooled, held, strict=True)]
        p, r = ratio(held[0], held[1]), ratio(held[2], held[3])
        rows.append((str(k + 1), str(len(test)), " ".join(sorted(cats)), f"{theta:.1f}",
                     pct(_f1_of(_selected(train, cats, theta))), pct(p), pct(r), pct(_f1(p, r))))  # fmt: skip
    p, r = ratio(pooled[0], pooled[1]), ratio(pooled[2], pooled[3])
    rows.append(("all", str(len(articles)), "", "", "", pct(p), pct(r), pct(_f1(p, r))))
    dev = _counts(articles, frozenset(TONE), None)
    head = ["held-out fold", "articles", "categories chosen", "min entry precision",
            "train span F1 %", "span P %", "span R %", "span F1 %"]  # fmt: skip
    notes = [
        "Folds by article id; on each four fifths the categories (greedy) and the minimum "
        "per-entry span precision are chosen for the best span F1, then scored on the fifth.",
        f"For comparison, the tone row of the table above (categories chosen after seeing all of "
        f"PTC): span F1 {pct(_f1_of(dev))} %.",
    ]
    return f"{title}\n\n" + table(head, rows) + "\n\n" + _bullets(notes)


# --- BABE ----------------------------------------------------------------------------------------


def _babe_rows(path: Path, limit: int | None) -> list[tuple[str, set[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))[:limit]
    out = []
    for r in rows:
        try:
            words = {w.lower() for w in ast.literal_eval(r.get("biased_words") or "[]")}
        except (ValueError, SyntaxError):
            words = set()
        out.append((r["text"], words))
    return out


def _babe_section(data_dir: Path, limit: int | None, floor: re.Pattern[str] | None) -> str:
    folder = data_dir / "babe"
    files = [
        ("BABE (SG2)", folder / "final_labels_SG2.csv"),
        ("MBIC (SG1)", folder / "final_labels_SG1.csv"),
    ]
    if not files[0][1].is_file():
        return "### BABE word level\n\nskipped: no babe data\n"
    rules = _sa4_rules()
    rows = []
    for name, path in files:
        if not path.is_file():
            continue
        sentences = _babe_rows(path, limit)
        counts = [[0, 0, 0] for _ in METHODS]  # true positive, predicted, gold words
        for text, gold_words in sentences:
            tokens = {m.group().lower(): m.span() for m in _TOKEN.finditer(text)}
            gold = gold_words & tokens.keys()
            for k, spans in enumerate(_spans_by_method(text, floor, rules)):
                pred = {t for t, s in tokens.items() if any(overlaps(s, x) for x in spans)}
                c = counts[k]
                counts[k] = [c[0] + len(pred & gold), c[1] + len(pred), c[2] + len(gold)]
        for method, (tp, n_pred, n_gold) in zip(METHODS, counts, strict=True):
            rows.append(_prf_row(f"{name}, {method}", tp, n_pred, tp, n_gold))
    notes = [
        "Word level: a sentence's predicted words are the tokens inside flagged spans; gold = the "
        "annotators' biased words found in the sentence (distinct words per sentence).",
        "BABE SG2 word frequencies were used as a candidate generator for the general emotive and "
        "pejorative entries (hand-checked): BABE/MBIC figures are in-sample and optimistic.",
    ]
    head = ["set, method", "gold words", "predicted", "precision %", "recall %", "F1 %"]
    return "### BABE / MBIC word level\n\n" + table(head, rows) + "\n\n" + _bullets(notes)


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The loaded-language section: fixtures by category, PTC spans, BABE words (Markdown)."""
    from summary_audit.text.lexicon import load_lexicon

    lex = load_lexicon()
    parts = [
        f"## {TITLE}\n\nLexicon {lex.sha256[:12]} ({len(lex.entries)} entries). {REFERENCES}\n"
    ]
    if fixtures_dir.is_dir():
        parts.append(_fixtures_section(fixtures_dir, limit))
    else:
        parts.append(skipped("Police fixtures", f"no fixtures folder at {fixtures_dir}"))
    if data_dir is None or not data_dir.is_dir():
        parts.append(f"Public sets skipped: no data folder at {data_dir}\n")
    else:
        floor = _floor_regex(data_dir)
        parts.append(_ptc_section(data_dir, limit, floor))
        parts.append(_ptc_cv_section(data_dir, limit))
        parts.append(_babe_section(data_dir, limit, floor))
    return "\n".join(parts)
