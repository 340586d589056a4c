"""Error flags on data this project did not write: per-rule precision on SummEdits and DiaSumFact.

A rule whose default severity is ``error`` must earn it: at least :data:`BAR` precision at error
severity over both dev sets (when it raised at least :data:`MIN_FLAGS` error flags there), or it
is demoted until it earns it back.  On SummEdits a flag is right when it overlaps the words an
edit changed; on DiaSumFact when its sentence is annotated erroneous.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from summary_audit.evaluation.common import pct, ratio, skipped, table

TITLE = "Precision of error flags on others' data (SummEdits and DiaSumFact dev)"
BAR = 0.8
MIN_FLAGS = 5


def rule_precision(
    data_dir: Path, limit: int | None = None
) -> dict[str, tuple[int, int, int, int]] | None:
    """code -> (SummEdits error flags, right, DiaSumFact error flags, right); None without data."""
    from summary_audit.evaluation import diasumfact, summedits

    se_folder = data_dir / "summedits"
    dsf_path = data_dir / "diasumfact" / "annotations.json"
    if not se_folder.is_dir() or not dsf_path.is_file():
        return None
    flags: Counter[str] = Counter()
    right: Counter[str] = Counter()
    domains, _ = summedits.score_domains(se_folder, limit)
    for s in domains.values():
        flags.update(s.rule_flags)
        right.update(s.rule_right)
    dsf = diasumfact.score(dsf_path, limit)
    d_flags = Counter({code: n for (code, sev), n in dsf.rule_flags.items() if sev == "error"})
    d_right = Counter({code: n for (code, sev), n in dsf.rule_right.items() if sev == "error"})
    codes = sorted(set(flags) | set(d_flags))
    return {c: (flags[c], right[c], d_flags[c], d_right[c]) for c in codes}


def run(data_dir: Path | None, fixtures_dir: Path, limit: int | None) -> str:
    """The precision section: one row per rule that raised error flags."""
    from summary_audit.rules.registry import get_rule

    if data_dir is None:
        return skipped(TITLE, "no data folder")
    found = rule_precision(data_dir, limit)
    if found is None:
        return skipped(TITLE, f"SummEdits or DiaSumFact not found under {data_dir}")
    rows = []
    for code, (n_se, ok_se, n_d, ok_d) in found.items():
        n, ok = n_se + n_d, ok_se + ok_d
        p = ratio(ok, n)
        verdict = "too few to judge" if n < MIN_FLAGS else ("earns it" if p >= BAR else "DEMOTE")
        rows.append(
            (code, get_rule(code).severity.value, n_se, pct(ratio(ok_se, n_se)), n_d,
             pct(ratio(ok_d, n_d)), pct(p), verdict)
        )  # fmt: skip
    head = ["rule", "default severity", "SummEdits error flags", "precision %",
            "DiaSumFact error flags", "precision %", "pooled %", f"error severity (bar {BAR:.0%})"]  # fmt: skip
    notes = [
        "Rules SA1-SA3; a rule or sub-case that falls under the bar is demoted (its flags become "
        "warnings) until it earns error severity back on these sets.",
        "These are the dev splits the rules are tuned on; a held-out split is measured by others.",
    ]
    return (
        f"## {TITLE}\n\n" + table(head, rows) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    )
