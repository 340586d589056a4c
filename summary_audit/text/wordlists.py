"""Word lists as data: every vocabulary the rules read, in versioned files under ``data/wordlists/``.

One file per list, each naming its ``kind``:

* ``words``: a list of words or phrases (fillers, stop words, negators, colours ...);
* ``table``: word -> value (the phonetic alphabets: ``"adam": "A"``);
* ``pairs``: word pairs (antonyms: ``["refus", "agre"]``, each side a stem prefix);
* ``patterns``: value -> regexes (weapons: ``"knife": ["knife", "knives", "box\\\\s?cutters?"]``),
  matched case-insensitively on word boundaries; the value is what two mentions compare as.

Lists marked ``"core": true`` are part of reading English (fillers, stop words, negators, the
phonetic alphabets) and are read once at import; the others are the domain vocabulary an agency
may extend.  The shipped lists are loaded once and hashed (:attr:`WordLists.sha256`, in every audit's
signature).  A user file (audit option ``wordlists=PATH``, CLI ``--wordlists FILE``) extends or
trims them the way ``--lexicon`` does for loaded language::

    {"version": 1,
     "lists": {"weapons": {"add": {"gun": ["heater"]}, "remove": ["bat"]},
               "antonyms": {"add": [["arriv", "depart"]]}}}

Errors name the file and the list entry.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from summary_audit.errors import ConfigError

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "data" / "wordlists"
Kind = Literal["words", "table", "pairs", "patterns"]
KINDS: tuple[str, ...] = ("words", "table", "pairs", "patterns")
_MAX_FILE_BYTES = 2 * 2**20


@dataclass(frozen=True)
class WordList:
    """One list: its name, kind, entries in their kind's shape, and where it came from."""

    name: str
    kind: Kind
    entries: (
        Any  # tuple[str, ...] | dict[str, str] | tuple[tuple[str, str], ...] | dict[str, tuple]
    )
    about: str = ""
    source: str = ""
    core: bool = False  # part of reading English (fillers, stop words): not changed by users


def alternation(words: Iterable[str]) -> str:
    """``words`` as one regex alternation, longest first:
    ``(?:called out|black|...)`` with the space matching any run of spaces."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


class WordLists:
    """The word lists of one audit (shipped, plus a user file when given)."""

    def __init__(self, lists: Mapping[str, WordList], sha256: str) -> None:
        self._lists = dict(lists)
        self.sha256 = sha256

    def names(self) -> list[str]:
        return sorted(self._lists)

    def get(self, name: str, kind: Kind) -> WordList:
        try:
            found = self._lists[name]
        except KeyError:
            raise ConfigError(f"no word list named {name!r}") from None
        if found.kind != kind:
            raise ConfigError(f"word list {name!r} is {found.kind}, not {kind}")
        return found

    def words(self, name: str) -> frozenset[str]:
        """A ``words`` list as a set (lower case)."""
        return frozenset(self.get(name, "words").entries)

    def ordered(self, name: str) -> tuple[str, ...]:
        """A ``words`` list in file order (for regexes that try longer phrases first)."""
        return tuple(self.get(name, "words").entries)

    def table(self, name: str) -> dict[str, str]:
        return dict(self.get(name, "table").entries)

    def pairs(self, name: str) -> tuple[tuple[str, str], ...]:
        return tuple(self.get(name, "pairs").entries)

    def patterns(self, name: str) -> dict[str, tuple[str, ...]]:
        return dict(self.get(name, "patterns").entries)

    def alternation(self, name: str) -> str:
        """A ``words`` list as one regex alternation, longest first: ``(?:black|blue|...)``."""
        return alternation(self.words(name))

    @cached_property
    def _compiled(self) -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
        return {}

    def matcher(self, name: str) -> tuple[re.Pattern[str], dict[str, str]]:
        """A ``patterns`` list as ONE case-insensitive regex with a named group per value, and
        group name -> value: one pass over a long transcript, not one per value."""
        if name not in self._compiled:
            groups = self.patterns(name)
            values = {f"g{i}": value for i, value in enumerate(groups)}
            body = "|".join(f"(?P<g{i}>{'|'.join(pats)})" for i, pats in enumerate(groups.values()))
            self._compiled[name] = (re.compile(rf"\b(?:{body})\b", re.I), values)
        return self._compiled[name]

    def alternatives(self, name: str) -> str:
        """A ``patterns`` list's regexes as one alternation without groups, to be placed inside
        another regex: ``(?:knife|knives)|(?:guns?|firearms?)``."""
        return "|".join(f"(?:{'|'.join(pats)})" for pats in self.patterns(name).values())

    @cached_property
    def _finders(self) -> dict[str, ValueFinder]:
        return {}

    def finder(self, name: str) -> ValueFinder:
        """:meth:`matcher`'s pattern as a :class:`ValueFinder`: the same matches, found faster."""
        if name not in self._finders:
            plain = re.compile(rf"\b(?:{self.alternatives(name)})\b", re.I)
            self._finders[name] = ValueFinder(self.matcher(name)[0], plain)
        return self._finders[name]


class ValueFinder:
    """A :meth:`WordLists.matcher` pattern (a named group per value) searched several times faster
    with the same matches: ``re`` saves the marks of every group at each alternative it tries, so
    a list of many values (food and drink: 37) is searched with ``plain``, the same alternatives
    without their groups, and each match is read again with ``named`` where it starts (one try,
    which tells its ``lastgroup``)."""

    __slots__ = ("named", "plain")

    def __init__(self, named: re.Pattern[str], plain: re.Pattern[str]) -> None:
        self.named, self.plain = named, plain

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``named.finditer(text)``."""
        named = self.named
        for m in self.plain.finditer(text):
            found = named.match(text, m.start())
            assert found is not None and found.end() == m.end()  # the same alternatives
            yield found


def _read_json(path: Path, what: str) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    if len(raw) > _MAX_FILE_BYTES:
        raise ConfigError(f"{path}: {what} is larger than {_MAX_FILE_BYTES:,} bytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: {what} is not valid UTF-8 JSON: {exc}") from None


def _check_regex(where: str, pattern: Any) -> str:
    if not isinstance(pattern, str) or not pattern:
        raise ConfigError(f"{where}: a pattern must be a non-empty string, not {pattern!r}")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{where}: pattern {pattern!r} does not compile: {exc}") from None
    if compiled.groups:
        raise ConfigError(f"{where}: pattern {pattern!r} has a capturing group; use (?:...)")
    return pattern


def _entries(kind: str, raw: Any, where: str) -> Any:
    """Validate ``raw`` as the entries of a list of ``kind``; return them in canonical form."""
    if kind == "words":
        if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
            raise ConfigError(f"{where}: a words list is a list of non-empty strings")
        return tuple(w.strip().lower() for w in raw)
    if kind == "table":
        if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
        ):
            raise ConfigError(f"{where}: a table maps strings to strings")
        return {k.lower(): v for k, v in raw.items()}
    if kind == "pairs":
        ok = isinstance(raw, list) and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) and w for w in p)
            for p in raw
        )
        if not ok:
            raise ConfigError(f'{where}: pairs are a list of two-word lists, e.g. [["a", "b"]]')
        return tuple((a.lower(), b.lower()) for a, b in raw)
    if not isinstance(raw, dict) or not all(isinstance(v, list) and v for v in raw.values()):
        raise ConfigError(f"{where}: patterns map each value to a non-empty list of regexes")
    return {
        str(value).lower(): tuple(_check_regex(f"{where}.{value}", p) for p in pats)
        for value, pats in raw.items()
    }


def _read_list(path: Path) -> WordList:
    data = _read_json(path, "word list")
    where = str(path)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ConfigError(f'{where}: a word list is an object with "version": 1')
    name, kind = data.get("name"), data.get("kind")
    if name != path.stem.split(".")[0]:
        raise ConfigError(f"{where}: name {name!r} differs from the file name")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    entries = _entries(kind, data.get("entries"), f"{where}: {name}")
    about, source = str(data.get("about", "")), str(data.get("source", ""))
    return WordList(name, kind, entries, about, source, bool(data.get("core", False)))


def _extend(base: WordList, change: Any, where: str) -> WordList:
    """``base`` with a user file's ``add`` and ``remove`` applied."""
    if not isinstance(change, dict) or set(change) - {"add", "remove"}:
        raise ConfigError(f'{where}: a list change has only "add" and "remove"')
    remove = change.get("remove", [])
    if not isinstance(remove, list):
        raise ConfigError(f"{where}.remove: a list of words, values or pairs")
    gone = {tuple(r) if isinstance(r, list) else str(r).lower() for r in remove}
    added = _entries(base.kind, change["add"], f"{where}.add") if "add" in change else None
    entries = base.entries
    if base.kind in ("words", "pairs"):
        kept = tuple(e for e in entries if e not in gone)
        entries = kept + tuple(e for e in (added or ()) if e not in kept)
    elif base.kind == "table":
        entries = {k: v for k, v in entries.items() if k not in gone} | dict(added or {})
    else:  # patterns: added regexes join their value's; a removed value goes entirely
        merged = {k: v for k, v in entries.items() if k not in gone}
        for value, pats in (added or {}).items():
            merged[value] = merged.get(value, ()) + tuple(
                p for p in pats if p not in merged.get(value, ())
            )
        entries = merged
    return WordList(base.name, base.kind, entries, base.about, f"{base.source}; {where}", False)


def _canonical(lists: Mapping[str, WordList]) -> str:
    return json.dumps(
        {n: [lst.kind, lst.entries] for n, lst in sorted(lists.items())},
        sort_keys=True,
        default=list,
    )


@lru_cache(maxsize=1)
def _shipped() -> dict[str, WordList]:
    return {p.stem.split(".")[0]: _read_list(p) for p in sorted(SHIPPED_DIR.glob("*.json"))}


@lru_cache(maxsize=16)
def _load(path_key: str | None, _stamp: tuple[int, int] | None) -> WordLists:
    lists = dict(_shipped())
    if path_key is not None:
        path = Path(path_key)
        data = _read_json(path, "word lists file")
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ConfigError(f'{path}: a word lists file is an object with "version": 1')
        changes = data.get("lists")
        if not isinstance(changes, dict):
            raise ConfigError(f'{path}: "lists" maps list names to {{"add": ..., "remove": ...}}')
        for name, change in changes.items():
            if name not in lists:
                raise ConfigError(f"{path}: lists.{name}: no shipped list of that name")
            if lists[name].core:
                raise ConfigError(
                    f"{path}: lists.{name}: a core list (part of reading English) cannot be changed"
                )
            lists[name] = _extend(lists[name], change, f"{path}: lists.{name}")
    sha = hashlib.sha256(_canonical(lists).encode("utf-8")).hexdigest()
    return WordLists(lists, sha)


def file_key(path: str | Path, what: str) -> tuple[str, tuple[int, int]]:
    """A user file's cache key: its resolved path and (modification time, size), so an edited
    file is read again; ConfigError naming the file when it cannot be read."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read {what}: {exc.strerror or exc}") from None
    return str(p.resolve()), (st.st_mtime_ns, st.st_size)


def load_wordlists(path: str | Path | None = None) -> WordLists:
    """The shipped word lists, extended by the user file at ``path`` when given."""
    if path is None:
        return _load(None, None)
    return _load(*file_key(path, "word lists file"))


def shipped_wordlists() -> WordLists:
    """The shipped lists alone: what module-level vocabularies (fillers, stop words) read."""
    return _load(None, None)


# The core lists, read once: every module that needs one of them imports it from here.
_CORE = shipped_wordlists()
FILLERS: frozenset[str] = _CORE.words("fillers")
DISCOURSE_MARKERS: frozenset[str] = _CORE.words("discourse_markers")
STOP_WORDS: frozenset[str] = _CORE.words("stop_words")
NEGATORS: frozenset[str] = _CORE.words("negators")
DENIAL_VERBS: frozenset[str] = _CORE.words("denial_verbs")
PHONETIC: dict[str, str] = _CORE.table("phonetic")
OFFICER_TITLES: frozenset[str] = _CORE.words("officer_titles")
CIVIL_TITLES: frozenset[str] = _CORE.words("civil_titles")
NOT_NAMES: frozenset[str] = _CORE.words("not_names")
SPEECH_VERBS: dict[str, str] = _CORE.table("speech_verbs")  # verb -> neutral, manner or stance
NEUTRAL_SPEECH: frozenset[str] = frozenset(w for w, c in SPEECH_VERBS.items() if c == "neutral")


def speech_verb_alternation(*classes: str) -> str:
    """The speech verbs of ``classes`` (all when none) as one regex alternation, longest first:
    ``(?:acknowledged|...|said|...)``, a space matching any run of spaces ("called out")."""
    return alternation(w for w, c in SPEECH_VERBS.items() if not classes or c in classes)
