"""Claim source classes (heard, perceived, inferred): precision and recall per class.

The labels are ``fixtures/claim-sources/labels.json`` (one labeller; its README says how): nine
fixture summaries, and the three AI narratives of ``police-narratives/`` in the data folder.  Each
summary is split into claims as an audit splits it and classified by ``text/sources.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from summary_audit.evaluation.common import pct, ratio, skipped, table
from summary_audit.text.claims import split_claims
from summary_audit.text.sources import SOURCES, classify_claims
from summary_audit.text.wordlists import load_wordlists

TITLE = "Claim source classes: precision and recall per class (development figures)"
LABELS = Path("claim-sources") / "labels.json"


def gold_classes(text: str, entry: dict, where: str) -> list[tuple[str, str]]:
    """(claim text, labelled class) for every claim of ``text``; a label must name one claim."""
    claims = split_claims(text)
    gold = ["heard"] * len(claims)
    for source in ("perceived", "inferred"):
        for needle in entry.get(source, []):
            hits = [i for i, c in enumerate(claims) if needle in c.span.text]
            if len(hits) != 1:
                raise ValueError(f"{where}: label {needle!r} matches {len(hits)} claims, not 1")
            gold[hits[0]] = source
    return [(c.span.text, g) for c, g in zip(claims, gold, strict=True)]


def score_set(items: list[tuple[str, dict, str]]) -> tuple[Counter, Counter, Counter, list[str]]:
    """Counts per class (labelled, predicted, both) and the misclassified claims."""
    wordlists = load_wordlists()
    labelled, predicted, right = Counter(), Counter(), Counter()
    wrong: list[str] = []
    for text, entry, where in items:
        gold = gold_classes(text, entry, where)
        claims = classify_claims(split_claims(text), text, wordlists)
        for (claim_text, g), c in zip(gold, claims, strict=True):
            labelled[g] += 1
            predicted[c.source] += 1
            right[g] += g == c.source
            if g != c.source:
                flat = " ".join(claim_text.split())
                wrong.append(f"{where}: {g} read as {c.source}: {flat[:90]}")
    return labelled, predicted, right, wrong


def _rows(name: str, counts: tuple[Counter, Counter, Counter, list[str]]) -> list[tuple]:
    labelled, predicted, right, _ = counts
    return [
        (name, source, labelled[source], predicted[source], right[source],
         pct(ratio(right[source], predicted[source])), pct(ratio(right[source], labelled[source])))
        for source in SOURCES
    ]  # fmt: skip


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The source-class section: one table, a block of rows per labelled set."""
    path = fixtures_dir / LABELS
    if not path.is_file():
        return skipped(TITLE, f"no labels at {path}")
    labels = json.loads(path.read_text(encoding="utf-8"))
    sets: dict[str, list[tuple[str, dict, str]]] = {}
    sets["fixtures"] = [
        ((fixtures_dir / e["file"]).read_text(encoding="utf-8"), e, e["file"])
        for e in labels["fixtures"][:limit]
    ]
    narratives = (data_dir or Path()) / "police-narratives"
    note = ""
    if data_dir is not None and narratives.is_dir():
        sets["police narratives"] = [
            ((narratives / e["file"]).read_text(encoding="utf-8"), e, e["file"])
            for e in labels["police-narratives"][:limit]
        ]
    else:
        note = f"\n- police narratives skipped: no data at {narratives}"
    rows, wrong = [], []
    for name, items in sets.items():
        counts = score_set(items)
        rows += _rows(name, counts)
        wrong += counts[3]
    misread = "".join(f"\n  - {w}" for w in wrong[:40])
    return (
        f"## {TITLE}\n\n"
        + table(
            ["set", "class", "labelled", "predicted", "correct", "precision %", "recall %"], rows
        )
        + "\n\n- Labels: fixtures/claim-sources/labels.json, one labeller (its README gives the "
        "rules); the cue lists were written looking at some of these claims, so these are "
        "development figures, not a held-out measurement."
        + note
        + f"\n- Misclassified claims ({len(wrong)}):{misread}\n"
    )
