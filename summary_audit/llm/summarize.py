"""Draft a report narrative from a transcript with an LLM, recording full provenance.

A transcript that fits the token budget is summarised in one request (``summarize.v1``).  A longer
one is cut on segment boundaries into chunks that each fit, noted chunk by chunk
(``summarize_chunk.v1``, the map step, run concurrently) and the notes merged
(``summarize_reduce.v1``, the reduce step, repeated on groups of notes until they fit).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from summary_audit.errors import ConfigError
from summary_audit.llm.client import LLMClient
from summary_audit.llm.config import LLMConfig
from summary_audit.llm.prompts import PromptTemplate, fence_for, load_prompt
from summary_audit.llm.tokens import count_message_tokens, count_tokens, tokenizer_name
from summary_audit.types import Segment, Summary, SummaryMeta, Transcript

CHUNK_PROMPT = "summarize_chunk.v1"
REDUCE_PROMPT = "summarize_reduce.v1"
FENCE_LABEL = "TRANSCRIPT"
# Headroom for the chat template and the gap between our tokenizer and the model's.
SAFETY_MARGIN = 0.15


def timestamp(seconds: float) -> str:
    """``hh:mm:ss`` for a number of seconds."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def render_segment(segment: Segment) -> str:
    """One transcript line as the model sees it: ``[marker] SPEAKER: text``."""
    marker = timestamp(segment.start_s) if segment.start_s is not None else f"#{segment.index}"
    speaker = segment.speaker or "UNKNOWN"
    tags = f" ({', '.join(segment.tags)})" if segment.tags else ""
    return f"[{marker}] {speaker}{tags}: {segment.text}"


def _split_long_line(line: str, budget: int) -> list[str]:
    """Cut one over-long line into word runs of at most ``budget`` tokens (rare: a huge cue)."""
    pieces: list[str] = []
    current: list[str] = []
    for word in line.split(" "):
        if current and count_tokens(" ".join([*current, word])) > budget:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        pieces.append(" ".join(current))
    return pieces


def chunk_lines(lines: Sequence[str], budget: int) -> list[list[str]]:
    """Group lines greedily, in order, into chunks of at most ``budget`` tokens each."""
    chunks: list[list[str]] = []
    current: list[str] = []
    used = 0
    for line in lines:
        tokens = count_tokens(line)  # counted once; a line cut in pieces has its pieces counted
        pieces = (
            [(line, tokens)]
            if tokens <= budget
            else [(part, count_tokens(part)) for part in _split_long_line(line, budget)]
        )
        for piece, n in pieces:
            cost = n + 1  # +1 for the newline joining the lines
            if current and used + cost > budget:
                chunks.append(current)
                current, used = [], 0
            current.append(piece)
            used += cost
    if current:
        chunks.append(current)
    return chunks


def _data_budget(config: LLMConfig, template: PromptTemplate, budget: int | None) -> int:
    """Tokens left for the data block of ``template`` within context and budget."""
    limit = config.context_tokens - config.max_tokens
    if budget is not None:
        limit = min(limit, budget)
    overhead = count_message_tokens(template.render(**{name: "" for name in template.variables}))
    room = int(limit * (1 - SAFETY_MARGIN)) - overhead
    if room < 64:
        raise ConfigError(
            f"token budget too small for prompt {template.id}: {limit} tokens leave {room} "
            "for data "
            "(raise --budget or context_tokens, or lower --max-tokens)"
        )
    return room


def _ask(client: LLMClient, template: PromptTemplate, **values: str) -> tuple[str, dict[str, int]]:
    reply = client.chat(template.render(**values), prompt_id=template.id)
    return reply.text.strip(), reply.usage


def summarize(
    transcript: Transcript,
    *,
    config: LLMConfig | None = None,
    client: LLMClient | None = None,
    prompt: str = "summarize.v1",
    incident_type: str | None = None,
    budget: int | None = None,
) -> Summary:
    """Summarise ``transcript`` into a draft narrative with provenance in ``Summary.meta``.

    Give ``client`` (or ``config``, from which one is made).  ``budget`` caps the prompt tokens of
    each request; long transcripts are chunked on segment boundaries and summarised map-reduce.
    Raises :class:`~summary_audit.errors.LLMError` when the endpoint fails and
    :class:`~summary_audit.errors.PromptError` when a prompt is missing or changed.
    """
    if client is None:
        if config is None:
            raise ConfigError("summarize() needs an LLM config or client")
        client = LLMClient(config)
    cfg = client.config
    main = load_prompt(prompt)
    lines = [render_segment(s) for s in transcript.segments]
    incident = incident_type or "not stated"
    used_prompts = {main.id: main.sha256}
    usage = {"prompt_tokens": 0, "completion_tokens": 0}

    def add(u: dict[str, int]) -> None:
        for k in usage:
            usage[k] += int(u.get(k, 0))

    chunks = chunk_lines(lines, _data_budget(cfg, main, budget))
    if len(chunks) == 1:
        body = "\n".join(chunks[0])
        text, u = _ask(
            client,
            main,
            transcript=body,
            fence=fence_for(body, FENCE_LABEL),
            incident_type=incident,
        )
        add(u)
    else:
        mapper, reducer = load_prompt(CHUNK_PROMPT), load_prompt(REDUCE_PROMPT)
        used_prompts |= {mapper.id: mapper.sha256, reducer.id: reducer.sha256}
        chunks = chunk_lines(lines, _data_budget(cfg, mapper, budget))

        def note(numbered: tuple[int, list[str]]) -> tuple[str, dict[str, int]]:
            body = "\n".join(numbered[1])
            return _ask(
                client,
                mapper,
                transcript=body,
                fence=fence_for(body, FENCE_LABEL),
                part=str(numbered[0] + 1),
                parts=str(len(chunks)),
            )

        with ThreadPoolExecutor(max_workers=cfg.concurrency) as pool:
            notes = list(pool.map(note, enumerate(chunks)))  # map() keeps the chunk order
        for _, u in notes:
            add(u)
        text = _reduce(client, reducer, [n for n, _ in notes], incident, budget, add)
    return _as_summary(text, transcript, cfg, main, used_prompts, chunks, budget, usage)


def _reduce(
    client: LLMClient,
    reducer: PromptTemplate,
    notes: list[str],
    incident: str,
    budget: int | None,
    add: Callable[[dict[str, int]], None],
) -> str:
    """Merge notes into one narrative, in groups that fit, until one text is left."""
    room = _data_budget(client.config, reducer, budget)
    while True:
        groups = chunk_lines(notes, room)
        merged = []
        for group in groups:
            body = "\n\n".join(group)
            text, u = _ask(
                client, reducer, notes=body, fence=fence_for(body, "NOTES"), incident_type=incident
            )
            add(u)
            merged.append(text)
        if len(merged) == 1:
            return merged[0]
        if len(merged) >= len(notes):
            # No progress (each note alone fills the budget): stop rather than loop forever.
            return "\n\n".join(merged)
        notes = merged


def _as_summary(
    text: str,
    transcript: Transcript,
    cfg: LLMConfig,
    main: PromptTemplate,
    used_prompts: dict[str, str],
    chunks: list[list[str]],
    budget: int | None,
    usage: dict[str, int],
) -> Summary:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    parameters: dict[str, Any] = {
        **cfg.request_parameters(),
        "base_url": cfg.base_url,
        "budget": budget,
        "chunks": len(chunks),
        "prompts": dict(sorted(used_prompts.items())),
        "tokenizer": tokenizer_name(),
    }
    meta = SummaryMeta(
        model=cfg.model,
        prompt_id=main.id,
        prompt_sha256=main.sha256,
        kind="draft",
        parameters=parameters,
        transcript_sha256=transcript.sha256,
        extra={"usage": usage},
    )
    return Summary(id=f"draft-{transcript.id}", text=text, meta=meta, sha256=sha)


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """The JSON object ``summary-audit summarize --out`` writes (read by ``load_summary``)."""
    meta = summary.meta
    return {
        "text": summary.text,
        "model": meta.model,
        "prompt_id": meta.prompt_id,
        "prompt_sha256": meta.prompt_sha256,
        "kind": meta.kind,
        "parameters": meta.parameters,
        "transcript_sha256": meta.transcript_sha256,
        "usage": meta.extra.get("usage", {}),
    }
