"""`summary-audit eval --judge`: the real judge on dev-split data, against the fake server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit.cli import main

from .openai_server import FakeOpenAI, Reply

DOC = "Tom: I'm coming home from work now.\nAnna: Great, see you soon!\nTom: Be there at six."


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "summedits").mkdir(parents=True)
    rows = [
        {"id": "a", "doc": DOC, "summary": "Tom is coming home from work now and will be there at six.",
         "label": 1, "original_summary": None, "edit_types": []},
        {"id": "b", "doc": DOC, "summary": "Tom is coming home from a bar now and will be there at six.",
         "label": 0, "original_summary": "Tom is coming home from work now and will be there at six.",
         "edit_types": ["entity"]},
    ]  # fmt: skip
    (data / "summedits" / "samsum.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    (data / "diasumfact").mkdir()
    sentence = "Tom is coming home from a bar."
    records = {
        "d1": {
            "dataset_name": "SAMSum",
            "utterances": DOC.split("\n"),
            "annotations": {
                "m1": {
                    "model_prediction": sentence + " Anna will see him soon.",
                    "sentence_annotations": [
                        {"index": 0, "sentence": sentence,
                         "annotation": [{"error_class": "EntE", "error_span": "a bar"}]},
                        {"index": 1, "sentence": "Anna will see him soon.",
                         "annotation": [{"error_class": "No Error"}]},
                    ],
                }
            },
        }
    }  # fmt: skip
    (data / "diasumfact" / "annotations.json").write_text(json.dumps(records), encoding="utf-8")
    return data


def _respond(body: dict) -> str:
    """Deterministic judge.v1 answers: a claim about a bar is contradicted, others supported."""
    user = body["messages"][-1]["content"]
    claim = user.split("Excerpts:", 1)[0]  # judge.v1: the sentence comes before the excerpts
    verdict = "contradicted" if " bar" in claim else "supported"
    return json.dumps({"verdict": verdict, "evidence_quotes": [], "reason": "r"})


def test_eval_judge_against_the_fake_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _data(tmp_path)
    with FakeOpenAI(default=Reply(respond=_respond)) as server:
        code = main(
            ["eval", "--judge", "--base-url", server.base_url, "--model", "fake", "--data",
             str(data), "--no-cache", "--judge-prompt", "judge.v1", "--price-in", "1",
             "--price-out", "2"]
        )  # fmt: skip
        requests = len(server.requests)
    out = capsys.readouterr().out
    assert code == 0 and requests > 0
    assert "Model fake at " in out
    lines = {line.split("|")[1].strip(): line for line in out.splitlines() if line.startswith("| ")}
    summedits = lines["SummEdits dev (summaries)"].split("|")
    assert summedits[6].strip() == "50.0" and summedits[7].strip() == "100.0"  # rules, + judge
    assert "DiaSumFact dev (sentences)" in lines
    usage = [line for line in out.splitlines() if line.startswith(f"| {requests} |")]
    assert usage, out  # requests, tokens and cost per 1,000 claims


def test_eval_judge_needs_a_model(tmp_path: Path) -> None:
    assert main(["eval", "--judge", "--data", str(tmp_path)]) == 2
