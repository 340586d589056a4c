"""Property test: audit() on mutated fixture transcripts and summaries raises only our own errors,
and whatever it returns keeps its promises (spans match the summary text, JSON is stable)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summary_audit import audit
from summary_audit.errors import SummaryAuditError
from summary_audit.evaluation.cases import FIXTURES_DIR, iter_cases

PAIRS = [(c.transcript_path, s.path) for c in iter_cases(FIXTURES_DIR) for s in c.summaries][:12]


def _mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    out = bytearray(data)
    for op, at, value in edits:
        if not out:
            break
        at %= len(out)
        if op == 0:
            out[at] ^= value or 1
        elif op == 1:
            del out[at:]
        else:
            out[at:at] = b"\"'[]:\n-->"[value % 9 :][:3]
    return bytes(out)


EDITS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(0, 255)), max_size=4
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pair=st.sampled_from(PAIRS), t_edits=EDITS, s_edits=EDITS)
def test_audit_of_mutated_inputs_raises_only_typed_errors(
    tmp_path: Path, pair: tuple[Path, Path], t_edits: list, s_edits: list
) -> None:
    transcript, summary = pair
    t = tmp_path / transcript.name
    s = tmp_path / summary.name
    t.write_bytes(_mutate(transcript.read_bytes(), t_edits))
    s.write_bytes(_mutate(summary.read_bytes(), s_edits))
    try:
        report = audit(t, s)
    except SummaryAuditError:
        return
    assert not report.failures, report.failures
    for flag in report.flags:
        span = flag.summary_span
        assert report.summary_text[span.start : span.end] == span.text
    assert audit(t, s).model_dump_json() == report.model_dump_json()
