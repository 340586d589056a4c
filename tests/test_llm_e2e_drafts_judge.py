"""Issue 13 end to end with a real model (llama.cpp serving SmolLM2-135M on 127.0.0.1):
`summarize --drafts` then `check --against-drafts`, and `eval --judge` on a tiny data set.

The model is tiny, so assertions are about structure and provenance, never about wording.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summary_audit.cli import main

from .test_eval_judge import _data
from .test_llm_e2e_llamacpp import TRANSCRIPT, llama_server  # noqa: F401 - the server fixture

pytestmark = pytest.mark.llm_real


def test_drafts_then_check_against_drafts_with_a_real_model(
    llama_server: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "drafts"
    common = ["--base-url", llama_server, "--model", "smollm2-135m", "--max-tokens", "48",
              "--context-tokens", "4096", "--no-cache"]  # fmt: skip
    code = main(["summarize", str(TRANSCRIPT), *common, "--drafts", "2", "--out", str(out)])
    assert code == 0
    drafts = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))]
    assert len(drafts) == 2
    assert [d["parameters"]["seed"] for d in drafts] == [0, 1]
    assert {d["parameters"]["temperature"] for d in drafts} == {0.8}
    assert all(d["model"] == "smollm2-135m" and d["text"].strip() for d in drafts)

    summary = tmp_path / "summary.json"
    assert main(["summarize", str(TRANSCRIPT), *common, "--out", str(summary)]) == 0
    capsys.readouterr()
    code = main(["check", str(TRANSCRIPT), str(summary), "--against-drafts", str(out),
                 "--format", "json"])  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert "drafts:2@" in report["signature"]
    for flag in report["flags"]:
        if flag["code"] == "SA613":
            (ev,) = flag["evidence"]
            assert ev["relation"] == "nearest" and "draft-0" in ev["note"]
            assert "temperature 0.8" in ev["note"]


def test_eval_judge_with_a_real_model_on_a_tiny_data_set(
    llama_server: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _data(tmp_path)
    code = main(["eval", "--judge", "--base-url", llama_server, "--model", "smollm2-135m",
                 "--data", str(data), "--no-cache", "--limit", "1"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "Model smollm2-135m at " in out
    assert "| SummEdits dev (summaries) |" in out and "| DiaSumFact dev (sentences) |" in out
    assert "cost per 1,000 claims" in out
