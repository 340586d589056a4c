"""The loaded-language lexicon: curated terms, compiled once into a single regular expression.

The shipped lexicon lives in ``summary_audit/data/lexicons/loaded.v1.json``.  Each entry has an ``id``,
either a literal ``term`` or a regex ``pattern`` (inflections and multiword forms), a taxonomy
``category`` (docs/loaded-language.md, A-I, with D split into D1 doubt-casting and D2 guilt-presupposing), a
default ``severity``, a one-line ``rationale``, a ``neutral`` alternative, its ``source``, optional
context ``conditions`` and optional ``support`` patterns: the near-synonyms whose presence in the
transcript grounds the term ("I admit" grounds "admitted").

A user file (``load_lexicon(path)``) extends the shipped lexicon and overrides entries by ``id``;
its top-level ``"remove"`` list drops shipped entries.  All entries are compiled into ONE
alternation with a named group per entry, so matching a text is a single regex scan whatever the
number of terms.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from summary_audit.errors import ConfigError
from summary_audit.text.wordlists import file_key
from summary_audit.types import Severity

Category = Literal["A", "B", "C", "D1", "D2", "E", "F", "G", "H", "I"]

# Context conditions an entry may require; rules/loaded.py decides them against the audit context.
Condition = Literal[
    "no_accusation",  # only when the transcript never establishes an accusation ("suspect")
    "no_arrest",  # only when nobody is arrested or charged ("offender", "perpetrator")
    "civilian_subject",  # only when the clause's subject is not an officer
    "reporting_speech",  # only when used as a speech verb (followed by that/he/she/a quote ...)
]

CATEGORY_NAMES: dict[str, str] = {
    "A": "pejorative label",
    "B": "guilt-presuming role noun",
    "C": "demeanor judgment",
    "D1": "doubt-casting attribution",
    "D2": "guilt-presupposing verb",
    "E": "intensifier",
    "F": "justification boilerplate",
    "G": "agency-obscuring phrasing",
    "H": "identity detail",
    "I": "certainty upgrade",
}

SHIPPED_NAME = "loaded.v1.json"
SHIPPED_PATH = Path(__file__).resolve().parents[1] / "data" / "lexicons" / SHIPPED_NAME
_CAPTURING_GROUP = re.compile(r"(?<!\\)\((?!\?)")


def _first_chars(source: str) -> frozenset[str] | None:
    """The lower-case characters a match of ``source`` can start with; None when unknown."""
    try:
        from re import _constants as sre
        from re import _parser as parser

        return _first_of(list(parser.parse(source)), sre)
    except Exception:
        return None


def _first_of(items: list, sre: Any) -> frozenset[str] | None:
    if not items:
        return None
    op, av = items[0]
    if op is sre.LITERAL:
        return frozenset({chr(av).lower()})
    if op is sre.IN:
        out: set[str] = set()
        for o, a in av:
            if o is sre.LITERAL:
                out.add(chr(a).lower())
            elif o is sre.RANGE:
                out.update(chr(c).lower() for c in range(a[0], a[1] + 1))
            else:
                return None
        return frozenset(out)
    if op is sre.BRANCH:
        branches = [_first_of(list(b), sre) for b in av[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]
    if op is sre.SUBPATTERN:
        return _first_of(list(av[-1]), sre)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        first = _first_of(list(av[2]), sre)
        if first is None or av[0] >= 1:
            return first
        rest = _first_of(items[1:], sre)  # optional item: it or what follows can start
        return None if rest is None else first | rest
    return None


def _to_regex(term: str | None, pattern: str | None) -> str:
    """The entry's regex source with capturing groups made non-capturing.

    Only the per-entry named group may capture, so ``Match.lastgroup`` names the entry.
    """
    if term is not None:
        return r"\s+".join(re.escape(word) for word in term.split())
    assert pattern is not None
    return _CAPTURING_GROUP.sub("(?:", pattern).replace(" ", r"\s+")


class Entry(BaseModel):
    """One lexicon entry (see the module docstring for the fields)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    term: str | None = Field(default=None, min_length=1)
    pattern: str | None = Field(default=None, min_length=1)
    category: Category
    severity: Severity
    rationale: str = Field(min_length=1)
    neutral: str = Field(min_length=1)
    source: str = Field(min_length=1)
    conditions: tuple[Condition, ...] = ()
    support: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_of_term_or_pattern(self) -> Entry:
        if (self.term is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'term' or 'pattern'")
        try:
            re.compile(self.regex, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"pattern does not compile: {exc}") from None
        return self

    @field_validator("support")
    @classmethod
    def _support_compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pat in value:
            try:
                re.compile(pat, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"support pattern {pat!r} does not compile: {exc}") from None
        return value

    @property
    def regex(self) -> str:
        """The regex source that matches the term in a text."""
        return _to_regex(self.term, self.pattern)


class _LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    description: str = ""
    entries: list[dict] = Field(default_factory=list)  # validated one by one to name the entry
    remove: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Match:
    """One occurrence of a lexicon entry in a text: half-open character offsets."""

    entry: Entry
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Lexicon:
    """A validated set of entries compiled into one combined regex."""

    entries: tuple[Entry, ...]
    sources: tuple[str, ...] = ()
    _by_group: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def sha256(self) -> str:
        """Hash of the entries' canonical JSON: pins a result to the lexicon content."""
        canon = json.dumps(
            [e.model_dump(mode="json") for e in self.entries], sort_keys=True, ensure_ascii=True
        )
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()

    @cached_property
    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}

    @cached_property
    def _combined(self) -> re.Pattern[str]:
        # Longer sources first: at one position the first alternative that matches wins, so
        # "illegal alien" is tried before "alien".  Alternatives are grouped by the characters
        # they can start with behind a one-character lookahead, so at each word start the engine
        # tries only the few entries that can match there (about 20x faster than one flat
        # alternation).  An empty named group closes each alternative: ``lastgroup`` names it.
        ordered = sorted(enumerate(self.entries), key=lambda ie: (-len(ie[1].regex), ie[1].id))
        groups: dict[str, list[str]] = {}
        for i, entry in ordered:
            firsts = _first_chars(entry.regex)
            for ch in sorted(firsts) if firsts else [""]:
                name = f"e{i}_{ord(ch) if ch else 'any'}"
                self._by_group[name] = entry
                groups.setdefault(ch, []).append(f"(?:{entry.regex})(?P<{name}>)")
        parts = [
            (f"(?={re.escape(ch)})" if ch else "") + f"(?:{'|'.join(alts)})"
            for ch, alts in sorted(groups.items(), key=lambda kv: kv[0] == "")
        ]
        body = "|".join(parts) or "(?!)"
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def compile(self) -> Lexicon:
        """Compile the combined regex now (it is otherwise compiled on first use)."""
        _ = self._combined
        return self

    def matches(self, text: str) -> list[Match]:
        """Every non-overlapping lexicon match in ``text``, in text order."""
        regex = self._combined
        out = []
        for m in regex.finditer(text):
            entry = self._by_group[m.lastgroup or ""]
            out.append(Match(entry, m.start(), m.end(), m.group()))
        return out

    def support_regex(self, entry: Entry) -> re.Pattern[str]:
        """The regex that finds ``entry`` or its near-synonyms in a transcript."""
        return _support_regex(entry)


@lru_cache(maxsize=4096)
def _support_regex(entry: Entry) -> re.Pattern[str]:
    sources = [entry.regex, *(_to_regex(None, s) for s in entry.support)]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(sources)})(?![\w-])", re.IGNORECASE)


def _read_file(path: Path | None) -> tuple[str, _LexiconFile]:
    where = str(path) if path else f"summary_audit/data/lexicons/{SHIPPED_NAME}"
    try:
        if path is None:
            path = SHIPPED_PATH
        raw_text = path.read_text(encoding="utf-8")
        raw = json.loads(raw_text)
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read lexicon: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{where}: lexicon is not valid UTF-8 JSON: {exc}") from exc
    try:
        return where, _LexiconFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{where}: {_first_error(exc)}") from exc


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "<root>"
    return f"{loc}: {first['msg']}"


def _entries(where: str, data: _LexiconFile) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for n, raw in enumerate(data.entries):
        name = raw.get("id", f"#{n + 1}") if isinstance(raw, dict) else f"#{n + 1}"
        try:
            entry = Entry.model_validate(raw)
        except ValidationError as exc:
            raise ConfigError(f"{where}: entry {name!r}: {_first_error(exc)}") from exc
        if entry.id in out:
            raise ConfigError(f"{where}: entry {entry.id!r} appears twice")
        out[entry.id] = entry
    return out


@lru_cache(maxsize=16)
def _load_cached(path_key: str | None, _stamp: tuple[int, int] | None) -> Lexicon:
    where, shipped = _read_file(None)
    entries = _entries(where, shipped)
    sources = [where]
    if path_key is not None:
        user_where, user = _read_file(Path(path_key))
        for entry_id in user.remove:
            if entries.pop(entry_id, None) is None:
                raise ConfigError(f"{user_where}: remove: no shipped entry {entry_id!r}")
        entries.update(_entries(user_where, user))
        sources.append(user_where)
    ordered = tuple(entries[k] for k in sorted(entries))
    return Lexicon(entries=ordered, sources=tuple(sources)).compile()


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The shipped lexicon, extended or overridden (by entry id) by the user file ``path``.

    Raises :class:`~summary_audit.errors.ConfigError` naming the file and the entry when a file
    is unreadable or an entry is invalid.  Results are cached per file and modification time, so
    the combined regex is compiled once per process.
    """
    if path is None:
        return _load_cached(None, None)
    return _load_cached(*file_key(path, "lexicon"))


__all__ = ["CATEGORY_NAMES", "Category", "Condition", "Entry", "Lexicon", "Match", "load_lexicon"]
