"""Versioned prompt files, loaded by id (``summarize.v1``) and checked against ``LOCK.json``.

File format (``<task>.v<N>.md``)::

    ---
    id: summarize.v1
    description: one line
    variables: transcript, fence
    ---
    [system]
    ...text...
    [user]
    ...text with {{ transcript }}...

* The front matter is ``key: value`` lines; ``variables`` is a comma-separated list.
* A line that is exactly ``[system]``, ``[user]`` or ``[assistant]`` starts a message.
* ``{{ name }}`` is replaced by the value of ``name``.  Substitution is a single pass, so a value
  that itself contains ``{{ ... }}`` (say, a transcript) is inserted verbatim and never expanded.
* Every placeholder must be declared in ``variables`` and every declared variable must be used;
  rendering with a missing or an unknown variable is a :class:`PromptError`.

A released prompt is listed in ``LOCK.json`` with the SHA-256 of its file.  The loader refuses a
file that differs from its lock entry: a change is a new version (a new file), never an edit.

Search order: ``summary_audit/prompts/`` (package data in an installed wheel), then the repository's
top-level ``prompts/``.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from summary_audit.errors import PromptError

PROMPT_ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.v[1-9]\d*$")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ROLE_LINE = re.compile(r"^\[(system|user|assistant)\]$")
LOCK_FILE = "LOCK.json"


def prompt_dirs() -> list[Path]:
    """Where prompts are looked for, first match wins."""
    package_dir = Path(__file__).resolve().parent.parent / "prompts"
    repo_dir = Path(__file__).resolve().parent.parent.parent / "prompts"
    return [d for d in (package_dir, repo_dir) if d.is_dir()]


class PromptMessage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Literal["system", "user", "assistant"]
    template: str


class PromptTemplate(BaseModel):
    """A loaded prompt: its id, the file's SHA-256, declared variables and message templates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    description: str
    variables: tuple[str, ...]
    messages: tuple[PromptMessage, ...]
    sha256: str
    path: str

    def render(self, **values: str) -> list[dict[str, str]]:
        """Chat messages with every ``{{ name }}`` filled in.

        Values are validated by a strict pydantic model made from ``variables``: a missing or an
        unknown variable, or a value that is not a string, raises :class:`PromptError`.
        """
        try:
            checked = _variables_model(self.id, self.variables).model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise PromptError(f"prompt {self.id}: bad variables: {problems}") from None
        filled = checked.model_dump()
        return [
            {
                "role": m.role,
                "content": _PLACEHOLDER.sub(lambda mt: filled[mt.group(1)], m.template),
            }
            for m in self.messages
        ]


@lru_cache(maxsize=64)
def _variables_model(prompt_id: str, variables: tuple[str, ...]) -> type[BaseModel]:
    fields = {name: (str, ...) for name in variables}
    return create_model(  # type: ignore[call-overload,no-any-return]
        f"Vars_{prompt_id.replace('.', '_')}",
        __config__=ConfigDict(extra="forbid", strict=True),
        **fields,
    )


def parse_prompt(text: str, *, path: str, sha256: str) -> PromptTemplate:
    """Parse the text of a prompt file (see the module docstring for the format)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (ln.strip() for ln in lines[1:]):
        raise PromptError(f"{path}: missing '---' front matter")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    meta: dict[str, str] = {}
    for ln in lines[1:end]:
        key, sep, value = ln.partition(":")
        if not sep or not key.strip():
            raise PromptError(f"{path}: bad front matter line {ln!r}")
        meta[key.strip()] = value.strip()
    if set(meta) - {"id", "description", "variables"} or "id" not in meta:
        raise PromptError(f"{path}: front matter needs id (and only id, description, variables)")
    variables = tuple(sorted(v.strip() for v in meta.get("variables", "").split(",") if v.strip()))
    messages: list[PromptMessage] = []
    role: str | None = None
    body: list[str] = []
    for ln in lines[end + 1 :]:
        match = _ROLE_LINE.match(ln.strip())
        if match:
            if role is not None:
                messages.append(PromptMessage(role=role, template="\n".join(body).strip("\n")))
            role, body = match.group(1), []
        elif role is None and ln.strip():
            raise PromptError(f"{path}: text before the first [system] or [user] line")
        else:
            body.append(ln)
    if role is not None:
        messages.append(PromptMessage(role=role, template="\n".join(body).strip("\n")))
    if not messages:
        raise PromptError(f"{path}: no [system] or [user] message")
    used = {name for m in messages for name in _PLACEHOLDER.findall(m.template)}
    if used != set(variables):
        raise PromptError(
            f"{path}: placeholders {sorted(used)} differ from declared variables {list(variables)}"
        )
    return PromptTemplate(
        id=meta["id"],
        description=meta.get("description", ""),
        variables=variables,
        messages=tuple(messages),
        sha256=sha256,
        path=path,
    )


def read_lock(directory: Path) -> dict[str, str]:
    """``{file name: sha256}`` of the released prompts in ``directory``."""
    lock = directory / LOCK_FILE
    if not lock.is_file():
        return {}
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PromptError(f"{lock}: unreadable lock file: {exc}") from None
    if not isinstance(data, dict):
        raise PromptError(f"{lock}: must be an object of file name -> sha256")
    return {str(k): str(v) for k, v in data.items()}


@lru_cache(maxsize=32)
def load_prompt(prompt_id: str) -> PromptTemplate:
    """Load the prompt ``prompt_id`` (e.g. ``"judge.v1"``), verified against its lock entry."""
    if not PROMPT_ID_RE.match(prompt_id):
        raise PromptError(f"bad prompt id {prompt_id!r}: expected <task>.v<N>, e.g. summarize.v1")
    for directory in prompt_dirs():
        path = directory / f"{prompt_id}.md"
        if not path.is_file():
            continue
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        locked = read_lock(directory).get(path.name)
        if locked is not None and locked != digest:
            raise PromptError(
                f"{path}: released prompt changed (lock {locked[:12]}, file {digest[:12]}); "
                "write a new version instead of editing a released one"
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PromptError(f"{path}: not UTF-8") from None
        template = parse_prompt(text, path=str(path), sha256=digest)
        if template.id != prompt_id:
            raise PromptError(f"{path}: front matter id {template.id!r} differs from file name")
        return template
    searched = ", ".join(str(d) for d in prompt_dirs()) or "no prompt directory found"
    raise PromptError(f"prompt {prompt_id!r} not found (searched {searched})")


def fence_for(data: str, label: str) -> str:
    """A delimiter line that does not occur in ``data``: ``<<<LABEL>>>``, else ``<<<LABEL-2>>>``...

    Deterministic (no randomness, so cache keys and outputs repeat) and collision-checked, so text
    inside the data block can never close it.
    """
    n = 1
    while True:
        fence = f"<<<{label}>>>" if n == 1 else f"<<<{label}-{n}>>>"
        if fence not in data:
            return fence
        n += 1
