"""The one registry of rules.

A rule is a function decorated with :func:`rule`.  It receives an :class:`AuditContext` and yields
:class:`Hit` objects; the engine turns each hit into a :class:`~summary_audit.types.Flag` carrying
the rule's code, name and severity.  Docs (``summary-audit rules``), the completeness test and rule
selection all read this registry; there is no other list of rules.

Every rule docstring has three sections, in this order::

    What it does:
        ...
    Why it matters:
        ...
    Example:
        ...
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from summary_audit.errors import ConfigError
from summary_audit.types import CheckFailure, Evidence, Flag, Method, Severity, Span

if TYPE_CHECKING:
    from summary_audit.text.align import TranscriptIndex
    from summary_audit.text.events import Event
    from summary_audit.text.exchanges import Exchange
    from summary_audit.text.wordlists import WordLists
    from summary_audit.types import Claim, Summary, Transcript

DOC_SECTIONS = ("What it does:", "Why it matters:", "Example:")
CODE_RE = re.compile(r"^SA[1-9]\d{2}$")

FAMILIES = {
    "SA1": "unsupported or fabricated facts",
    "SA2": "quotes and attribution",
    "SA3": "contradictions",
    "SA4": "loaded language",
    "SA5": "omissions",
    "SA6": "compliance and provenance",
    "SA9": "LLM judge (preview)",
}


@dataclass(frozen=True)
class Hit:
    """What a rule reports; the engine adds code, rule name and default severity."""

    span: Span
    message: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    method: Method = "lexical"
    raw_score: float | None = None
    confidence: float = 1.0
    suggestion: str | None = None
    category: str | None = None
    severity: Severity | None = None  # overrides the rule's default when set
    prompt_id: str | None = None


RuleFunc = Callable[["AuditContext"], Iterable[Hit]]


class Judge(Protocol):
    """What a rule that ``needs=("judge",)`` gets as ``ctx.judge``: a second opinion on claims.

    The engine provides one (the LLM layer's) only when such a rule is selected, so rule modules
    never import the LLM layer.
    """

    def signature(self) -> dict[str, str]:
        """Signature fields that pin the judge's results (prompt, model)."""
        ...

    def judge(self, ctx: AuditContext) -> Iterable[Hit]:
        """Hits for the claims of ``ctx`` that the judge finds unsupported."""
        ...


class Drafts(Protocol):
    """What a rule that ``needs=("drafts",)`` gets as ``ctx.drafts``: other drafts of the same
    transcript (``summarize --drafts``), read by the engine from the audit option ``drafts``."""

    drafts: list[tuple[str, Summary]]  # (file name, draft), in name order

    def signature(self) -> dict[str, str]:
        """Signature fields that pin the drafts (their count and hashes)."""
        ...


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    func: RuleFunc
    doc: str
    preview: bool = False
    needs: tuple[str, ...] = ()  # capabilities the engine must put on the context ("judge")
    # A listing or hint rule (SA611 "needs the officer's attestation", SA607 "check the audio"):
    # its flags point at what to look at, with nothing for a reviewer to confirm or dismiss.
    listing: bool = False

    @property
    def family(self) -> str:
        return self.code[:3]

    def section(self, title: str) -> str:
        """The text of one docstring section (``"What it does"`` ...)."""
        return _doc_sections(self.doc).get(title.rstrip(":") + ":", "")

    @property
    def summary(self) -> str:
        return self.section("What it does").split("\n\n")[0].replace("\n", " ").strip()


_RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity | str,
    *,
    preview: bool = False,
    needs: tuple[str, ...] = (),
    listing: bool | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register ``func`` as the rule ``code``.

    Preview rules run only when the audit is asked for previews (``--preview``) or selected by
    their exact code.  ``needs`` names capabilities the engine provides on the context
    (``"judge"``: :attr:`AuditContext.judge`).  ``listing``: the rule lists or hints rather than
    finds (:attr:`Rule.listing`); by default, a rule whose default severity is info.
    """
    if not CODE_RE.match(code):
        raise ValueError(f"bad rule code {code!r}")
    level = Severity(severity)
    lists = level is Severity.INFO if listing is None else listing

    def decorate(func: RuleFunc) -> RuleFunc:
        if code in _RULES and _RULES[code].func is not func:
            raise ValueError(f"rule code {code} registered twice")
        doc = inspect.cleandoc(func.__doc__ or "")
        _RULES[code] = Rule(code, name, level, func, doc, preview, tuple(needs), lists)
        return func

    return decorate


def _doc_sections(doc: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in doc.splitlines():
        if line.strip() in DOC_SECTIONS:
            if current:
                sections[current] = "\n".join(lines).strip()
            current, lines = line.strip(), []
        elif current:
            lines.append(line[4:] if line.startswith("    ") else line)
    if current:
        sections[current] = "\n".join(lines).strip()
    return sections


# Layers that change results (the lexicon, a profile, prompts, a model) add a part to the
# signature: ``func(options, rules) -> str | None``, registered by the rule family that reads them.
SignaturePart = Callable[[dict[str, Any], list["Rule"]], str | None]
_SIGNATURE_PARTS: dict[str, SignaturePart] = {}


def signature_part(name: str) -> Callable[[SignaturePart], SignaturePart]:
    """Register ``func(options, rules) -> str | None`` as the signature field ``name``."""

    def decorate(func: SignaturePart) -> SignaturePart:
        _SIGNATURE_PARTS[name] = func
        return func

    return decorate


def signature_parts() -> dict[str, SignaturePart]:
    """Every registered signature part, by name (rule modules loaded first)."""
    _load_rule_modules()
    return dict(_SIGNATURE_PARTS)


@signature_part("wordlists")
def _wordlists_signature(options: dict[str, Any], rules: list[Rule]) -> str | None:
    """The word lists' hash: every family reads them, and a user file changes results."""
    from summary_audit.text.wordlists import load_wordlists

    return load_wordlists(options.get("wordlists")).sha256[:12] if rules else None


_loaded = False


def _load_rule_modules() -> None:
    """Import every module of the ``rules`` package so their decorators run."""
    global _loaded
    if _loaded:
        return
    from summary_audit import rules as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name != "registry":
            importlib.import_module(f"{package.__name__}.{info.name}")
    _loaded = True


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by code."""
    _load_rule_modules()
    return [_RULES[c] for c in sorted(_RULES)]


def get_rule(code: str) -> Rule:
    _load_rule_modules()
    try:
        return _RULES[code.upper()]
    except KeyError:
        raise ConfigError(f"unknown rule code {code!r} (see `summary-audit rules`)") from None


def _validate_selectors(selectors: Iterable[str], option: str) -> list[str]:
    out = []
    for raw in selectors:
        sel = raw.strip().upper()
        if not sel:
            continue
        if sel != "ALL" and not re.fullmatch(r"SA(\d{0,3})", sel):
            raise ConfigError(
                f"{option}: {raw!r} is not a rule code or prefix such as SA1 or SA101"
            )
        out.append(sel)
    return out


def select_rules(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    *,
    preview: bool = False,
) -> list[Rule]:
    """Rules chosen by code prefixes, ruff style: ``select=["SA1"]``, ``ignore=["SA105"]``.

    The longest matching prefix wins, so ``--select SA1 --ignore SA10`` keeps SA110 and up.
    A preview rule runs with ``preview=True`` or when its exact code is selected.
    """
    sel = _validate_selectors(select or ["ALL"], "--select")
    ign = _validate_selectors(ignore or [], "--ignore")
    chosen = []
    for r in all_rules():
        best_sel = max((len(s) for s in sel if s == "ALL" or r.code.startswith(s)), default=-1)
        best_ign = max((len(s) for s in ign if s == "ALL" or r.code.startswith(s)), default=-1)
        if best_sel < 0 or best_ign >= best_sel:
            continue
        if r.preview and not (preview or r.code in sel):
            continue
        chosen.append(r)
    return chosen


@dataclass
class AuditContext:
    """What a rule sees: the inputs, lazily computed shared analyses, and the options.

    Expensive analyses (claims, the transcript index, the lexicon) are computed once per audit and
    shared by all rules.  Rules may cache their own intermediate results with :meth:`memo`.
    """

    transcript: Transcript
    summary: Summary
    options: dict[str, Any] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    # Filled by the engine as rules run (in code order): what earlier rules found, and failures
    # a rule reports without giving up (e.g. one unparseable LLM answer among many).
    flags: list[Flag] = field(default_factory=list, repr=False)
    failures: list[CheckFailure] = field(default_factory=list, repr=False)
    ran: set[str] = field(default_factory=set, repr=False)
    # SA101-SA109 flags the engine set aside because they sit in a perceived clause (the
    # officer's own observation) with no contradicting passage: SA611 names them.
    set_aside: list[Flag] = field(default_factory=list, repr=False)
    # What the engine had to decide about this audit ("SA101 stopped at 500 flags"): report notes.
    notes: list[str] = field(default_factory=list, repr=False)
    current: Rule | None = field(default=None, repr=False)
    # Provided by the engine when a selected rule needs it (see Rule.needs).
    judge: Judge | None = field(default=None, repr=False)
    drafts: Drafts | None = field(default=None, repr=False)

    @cached_property
    def claims(self) -> list[Claim]:
        """The summary's claims, each with its source class (heard, perceived, inferred)."""
        from summary_audit.text.claims import split_claims
        from summary_audit.text.sources import classify_claims

        text = self.summary.text
        return classify_claims(split_claims(text), text, self.wordlists)

    @cached_property
    def wordlists(self) -> WordLists:
        """The word lists of this audit: shipped, extended by ``options["wordlists"]``."""
        from summary_audit.text.wordlists import load_wordlists

        return load_wordlists(self.options.get("wordlists"))

    @cached_property
    def events(self) -> list[Event]:
        """The legally significant events of the transcript (rights, consent, distress ...)."""
        from summary_audit.text.events import detect_events

        return detect_events(self.transcript.segments, self.transcript.text, self.exchanges)

    @cached_property
    def exchanges(self) -> list[Exchange]:
        """Every request (search, test, the Miranda waiver) with its answers."""
        from summary_audit.text.exchanges import exchanges

        return exchanges(self.transcript.segments)

    @cached_property
    def index(self) -> TranscriptIndex:
        from summary_audit.text.align import TranscriptIndex

        return TranscriptIndex(self.transcript)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute ``key`` once per audit (shared between rules of a family)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def summary_span(self, start: int, end: int) -> Span:
        return Span.of("summary", self.summary.text, start, end)

    @cached_property
    def _sentence_bounds(self) -> dict[int, tuple[int, int]]:
        out: dict[int, tuple[int, int]] = {}
        for c in self.claims:
            start, _ = out.get(c.sentence, (c.span.start, c.span.end))
            out[c.sentence] = (start, c.span.end)
        return out

    def sentence(self, claim: Claim) -> str:
        """The whole summary sentence ``claim`` is a clause of ("I advised him the PBT was
        voluntary, and he gave verbal consent.")."""
        start, end = self._sentence_bounds[claim.sentence]
        return self.summary.text[start:end]

    def sentence_before(self, claim: Claim, offset: int) -> str:
        """The summary text from the start of ``claim``'s sentence to ``offset`` (what the
        sentence says before a word of the claim: "Tellis stated Kessel" before "never")."""
        return self.summary.text[self._sentence_bounds[claim.sentence][0] : offset]

    def record_failure(self, error: str, message: str) -> None:
        """Record a partial failure of the running rule; the rule goes on with the rest."""
        rule = self.current
        self.failures.append(
            CheckFailure(
                code=rule.code if rule else "SA000",
                rule=rule.name if rule else "unknown",
                error=error,
                message=message,
            )
        )
