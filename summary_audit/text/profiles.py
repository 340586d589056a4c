"""Jurisdiction profiles: the statements a report must carry and what an agency allows.

A profile is a small JSON file.  Two ship with the package (``ca``: California Penal Code
§13663; ``ut``: Utah Code 53-25-902); an agency can write its own and pass its path as the audit
option ``profile``.  Format (``version`` 1)::

    {
      "version": 1,
      "id": "my-agency",
      "name": "My agency's AI report policy",
      "requirements": [
        {"code": "SA603", "description": "AI disclosure",
         "text": "This report was written either fully or in part using artificial intelligence",
         "per_page": true}
      ],
      "planted_markers": ["The officer rode a unicorn", {"pattern": "turned into a (frog|toad)"}],
      "allowed_incident_types": ["traffic stop", "noise complaint"]
    }

A requirement gives either ``text`` (matched case-insensitively, whitespace and punctuation
between words free) or ``pattern`` (a Python regular expression, case-insensitive).  Its ``code``
says which rule reports it when missing (SA603-SA606).  ``per_page`` requires it on every page
(pages are separated by form feeds).  ``allowed_incident_types`` null means any type is allowed.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from summary_audit.errors import ConfigError

BUILTIN = ("ca", "ut")
RequirementCode = Literal["SA603", "SA604", "SA605", "SA606"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Matcher(_Strict):
    """Literal text or a regular expression to look for in a summary."""

    text: str | None = None
    pattern: str | None = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Matcher:
        if (self.text is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'text' or 'pattern'")
        return self

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled, case-insensitive form of this matcher."""
        if self.pattern is not None:
            return re.compile(self.pattern, re.IGNORECASE)
        words = re.findall(r"\w+", self.text or "")
        # Line breaks, hyphens and punctuation between the words do not matter.
        return re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)

    def finditer(self, text: str) -> list[re.Match[str]]:
        """Every non-empty match in ``text``."""
        return [m for m in self.regex.finditer(text) if m.end() > m.start()]

    @property
    def shown(self) -> str:
        return self.text if self.text is not None else f"/{self.pattern}/"


class Requirement(Matcher):
    """A statement the report must contain; missing -> the rule ``code``."""

    code: RequirementCode
    description: str
    per_page: bool = False


class Profile(_Strict):
    """One jurisdiction's or agency's rules for AI-assisted reports."""

    version: Literal[1] = 1
    id: str = Field(min_length=1)
    name: str
    source: str | None = None
    requirements: tuple[Requirement, ...] = ()
    planted_markers: tuple[Matcher, ...] = ()
    allowed_incident_types: tuple[str, ...] | None = None
    sha256: str = ""

    @field_validator("planted_markers", mode="before")
    @classmethod
    def _bare_strings_are_text(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value

    def requirements_for(self, code: str) -> list[Requirement]:
        """The requirements that the rule ``code`` checks."""
        return [r for r in self.requirements if r.code == code]

    def allows(self, incident_type: str) -> bool:
        """Whether the profile allows AI drafting for ``incident_type`` (case and spacing free)."""
        if self.allowed_incident_types is None:
            return True
        return _fold(incident_type) in {_fold(t) for t in self.allowed_incident_types}


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def load_profile(name_or_path: str | Path) -> Profile:
    """A shipped profile by name (``"ca"``, ``"ut"``) or a profile JSON file by path.

    Raises :class:`~summary_audit.errors.ConfigError` naming the file and the bad field.
    """
    key = str(name_or_path)
    if key.lower() in BUILTIN:
        where = f"<builtin profile {key.lower()}>"
        raw = (
            resources.files("summary_audit.data")
            .joinpath("profiles", f"{key.lower()}.json")
            .read_bytes()
        )
    else:
        path = Path(name_or_path)
        where = str(path)
        if not path.is_file():
            raise ConfigError(
                f"profile {key!r}: not a built-in profile ({', '.join(BUILTIN)}) nor a file"
            )
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read profile: {exc.strerror}") from None
    return parse_profile(raw, where=where)


def parse_profile(raw: bytes, *, where: str = "<profile>") -> Profile:
    """Validate profile JSON bytes; ``where`` names the source in error messages."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{where}: not valid UTF-8 JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: a profile is a JSON object")
    data.pop("sha256", None)  # computed here, never trusted from the file
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "<root>"
        raise ConfigError(f"{where}: field {field}: {err['msg']}") from None
    return profile.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest()})
