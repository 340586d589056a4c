"""The data model: every value that crosses a module boundary is one of these.

All models are frozen pydantic v2 models with ``extra="forbid"`` so that a typo in a field name is
an error, not a silently ignored value.  Offsets are half-open character offsets into the original
text, and every :class:`Span` carries its ``text`` so anyone can verify it.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from summary_audit.errors import ExitCode


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Severity(str, enum.Enum):
    """How serious a flag is.  Ordered: ``error > warning > info``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

Doc = Literal["summary", "transcript"]
Alignment = Literal["exact", "normalized", "fuzzy", "none"]
# What a piece of evidence is to its flag.  "states": the passage the flag is about (an omitted
# utterance, a quote's original, a media segment); "contradicts": it states the other value or
# polarity about the same thing; "nearest": the most similar passage found, which does NOT
# support the claim; "searched": nothing was found (the note says what was searched).
Relation = Literal["states", "contradicts", "nearest", "searched"]
Method = Literal["lexical", "pattern", "alignment", "llm", "embedding"]


class Span(Model):
    """A half-open character range ``[start, end)`` into the summary or the transcript text."""

    doc: Doc
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @classmethod
    def of(cls, doc: Doc, source: str, start: int, end: int) -> Span:
        """Build a span and fill in its text from ``source``."""
        return cls(doc=doc, start=start, end=end, text=source[start:end])


class Word(Model):
    """One ASR word with its timing and confidence (Whisper/WhisperX ``words``)."""

    text: str
    start_s: float | None = None
    end_s: float | None = None
    confidence: float | None = None


class Segment(Model):
    """One transcript turn or cue.

    ``span`` points into :attr:`Transcript.text` and covers exactly ``text``.  ``tags`` carries
    markers a reader found, such as ``"media"`` (background TV/radio), ``"dispatch"``,
    ``"addresses_model"`` (words spoken to the drafting AI), ``"crosstalk"`` or ``"inaudible"``.
    """

    index: int = Field(ge=0)
    speaker: str | None = None
    start_s: float | None = None
    end_s: float | None = None
    text: str
    confidence: float | None = None
    span: Span
    words: tuple[Word, ...] = ()
    tags: tuple[str, ...] = ()
    line: int | None = None  # 1-based line in the source file where the segment starts

    @property
    def testimony(self) -> bool:
        """Whether the segment is something said at the scene that can support a claim: not
        background media and not words addressed to the drafting AI (the one home of this)."""
        return not ("media" in self.tags or "addresses_model" in self.tags)

    @property
    def from_the_scene(self) -> bool:
        """Whether a party at the scene said it: testimony, and not dispatch on the radio (who
        answers no question and takes part in no event)."""
        return self.testimony and "dispatch" not in self.tags


class Transcript(Model):
    """A normalized transcript: segments joined by newlines form ``text``."""

    id: str
    source: str | None = None
    format: str
    text: str
    segments: tuple[Segment, ...]
    sha256: str
    # How the reader read the input when it had to decide something: "read as plain text",
    # "timestamps go backwards at cue 33 (joined recordings?)".  Shown in every report.
    notes: tuple[str, ...] = ()

    @classmethod
    def from_turns(
        cls,
        turns: Iterable[tuple[str | None, float | None, float | None, str]],
        *,
        id: str,
        format: str = "turns",
    ) -> Transcript:
        """A transcript built directly from ``(speaker, start_s, end_s, text)`` turns, with spans
        laid out as the readers lay them out (texts joined by newlines) and ``sha256`` of the
        text.  No tags are inferred: this is for data made in code (tests, benchmarks, adapters).
        """
        segments, texts, offset = [], [], 0
        for index, (speaker, start_s, end_s, text) in enumerate(turns):
            span = Span(doc="transcript", start=offset, end=offset + len(text), text=text)
            segments.append(
                Segment(index=index, speaker=speaker, start_s=start_s, end_s=end_s, text=text,
                        span=span)
            )  # fmt: skip
            texts.append(text)
            offset += len(text) + 1
        joined = "\n".join(texts)
        sha = hashlib.sha256(joined.encode("utf-8")).hexdigest()
        return cls(id=id, format=format, text=joined, segments=tuple(segments), sha256=sha)


class SummaryMeta(Model):
    """Provenance of a summary, as far as it is known."""

    model: str | None = None
    prompt_id: str | None = None
    prompt_sha256: str | None = None
    kind: Literal["draft", "final"] | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    transcript_sha256: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class Summary(Model):
    """A report narrative to be audited."""

    id: str
    source: str | None = None
    format: Literal["text", "markdown", "json"] = "text"
    text: str
    meta: SummaryMeta = Field(default_factory=SummaryMeta)
    sha256: str


ClaimSource = Literal["heard", "perceived", "inferred"]


class Claim(Model):
    """A sentence or clause of the summary, with exact offsets.

    ``source`` says where the claim comes from, read from its wording (``text/sources.py``):
    ``heard`` (said on the recording, checkable against the transcript), ``perceived`` (the
    officer's own observation, which the audio cannot confirm) or ``inferred`` (a conclusion).
    ``source_cue`` names the wording that decided it and ``source_span`` is where it is.
    """

    index: int = Field(ge=0)
    span: Span
    sentence: int = Field(ge=0, description="index of the sentence this clause belongs to")
    source: ClaimSource = Field(
        default="heard", description="heard, perceived or inferred (text/sources.py)"
    )
    source_cue: str | None = Field(default=None, description="the cue that decided the source")
    source_span: Span | None = Field(default=None, description="where the cue is in the summary")


class Evidence(Model):
    """Where in the transcript a claim or quote is (or is not) supported.

    ``alignment == "none"`` is evidence too: the searched-for text is not in the transcript.
    """

    span: Span | None = None
    segments: tuple[int, ...] = ()
    speaker: str | None = None
    start_s: float | None = None
    end_s: float | None = None
    alignment: Alignment = "none"
    score: float = 0.0
    quote: str | None = None
    note: str | None = None
    relation: Relation = "states"

    @model_validator(mode="before")
    @classmethod
    def _searched_when_not_found(cls, data: Any) -> Any:
        """Evidence that found nothing is a record of the search unless it says otherwise."""
        if (
            isinstance(data, dict)
            and "relation" not in data
            and data.get("alignment", "none") == "none"
        ):
            return {**data, "relation": "searched"}
        return data

    @classmethod
    def of_segment(
        cls,
        seg: Segment,
        *,
        alignment: Alignment = "fuzzy",
        score: float = 0.0,
        note: str | None = None,
        relation: Relation = "states",
    ) -> Evidence:
        """Evidence pointing at one whole segment (its span, speaker, times and text)."""
        return cls(
            relation=relation,
            span=seg.span,
            segments=(seg.index,),
            speaker=seg.speaker,
            start_s=seg.start_s,
            end_s=seg.end_s,
            alignment=alignment,
            score=score,
            quote=seg.text,
            note=note,
        )


class Explanation(Model):
    """Why a flag was raised: which rule, how, and with what raw score."""

    rule: str
    method: Method
    prompt_id: str | None = None
    raw_score: float | None = None
    text: str


class Flag(Model):
    """One finding about the summary."""

    id: str = Field(description="content hash of code, span and message; stable across runs")
    code: str = Field(pattern=r"^SA[1-9]\d{2}$")
    rule: str
    severity: Severity
    message: str
    summary_span: Span
    evidence: tuple[Evidence, ...] = ()
    explanation: Explanation
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    suggestion: str | None = None
    category: str | None = None


class CheckFailure(Model):
    """A rule that crashed or an LLM answer that could not be parsed: recorded, never hidden."""

    code: str
    rule: str
    error: str
    message: str


class Stats(Model):
    claims: int
    segments: int
    summary_words: int
    transcript_words: int
    rules_run: int
    flags: dict[str, int] = Field(description="flag count per severity")


class AuditReport(Model):
    """The result of one audit.  Same inputs and signature give a byte-identical JSON dump."""

    schema_version: Literal[1] = 1
    transcript_id: str
    summary_id: str
    transcript_sha256: str
    summary_sha256: str
    summary_text: str
    flags: tuple[Flag, ...]
    failures: tuple[CheckFailure, ...] = ()
    signature: str
    stats: Stats
    notes: tuple[str, ...] = Field(
        default=(), description="how the inputs were read, and limits the audit reached"
    )
    claims: tuple[Claim, ...] = Field(
        default=(), description="every claim of the summary with its source class"
    )
    # The parsed inputs, for renderers and the review app (never serialized: the JSON report
    # holds ids and hashes; its renderers need the texts, speakers and source paths).
    transcript: Transcript | None = Field(default=None, exclude=True, repr=False)
    summary: Summary | None = Field(default=None, exclude=True, repr=False)

    @property
    def summary_source(self) -> str:
        """The summary file's path, else its id (how reports name the summary)."""
        return (self.summary.source if self.summary else None) or self.summary_id

    @property
    def transcript_source(self) -> str:
        """The transcript file's path, else its id."""
        return (self.transcript.source if self.transcript else None) or self.transcript_id

    def worst(self) -> Severity | None:
        """The highest severity among the flags, or ``None`` when there are none."""
        return max((f.severity for f in self.flags), default=None, key=lambda s: s.rank)

    def exit_code(
        self, fail_on: Severity | str = Severity.WARNING, *, preview: bool = False
    ) -> int:
        """The CLI's exit code (:class:`~summary_audit.errors.ExitCode`): 3 when a rule crashed
        (the audit is incomplete, so neither clean nor merely flagged), else 1 when a flag is at
        or above ``fail_on``, else 0.

        The LLM judge is a preview: its flags (``method="llm"``) and its failures (SA9xx) count
        only with ``preview=True`` (the CLI's ``--preview``), so the deterministic exit code never
        depends on a model's answer.
        """
        failures = [f for f in self.failures if preview or not f.code.startswith("SA9")]
        if failures:
            return int(ExitCode.INTERNAL)
        threshold = Severity(fail_on)
        counted = [f for f in self.flags if preview or f.explanation.method != "llm"]
        if any(f.severity >= threshold for f in counted):
            return int(ExitCode.FINDINGS)
        return int(ExitCode.CLEAN)
