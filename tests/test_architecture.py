"""The package's layers import only downward (docs/architecture.md draws them).

Every ``summary_audit`` import in every module, including imports inside functions, is read with
``ast`` and checked against the layer each module belongs to.  A failure names the module, the
line and the forbidden import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "summary_audit"

# Layer of each top-level part of the package, lowest first.  A module may import its own layer
# and every lower one, never a higher one; rule families are leaves (see RULE_FAMILY_MAY_IMPORT).
LAYERS = {
    "types": 0,
    "errors": 0,
    "data": 0,
    "readers": 1,
    "text": 1,
    "rules": 2,
    "llm": 3,
    "engine": 4,
    "__init__": 5,  # the public surface re-exports the engine and the types
    "report": 5,
    "batch": 6,
    "provenance": 6,
    "evaluation": 6,
    "review": 7,
    "cli": 8,
}
RULE_FAMILY_MAY_IMPORT = ("summary_audit.types", "summary_audit.errors", "summary_audit.text.",
                          "summary_audit.data", "summary_audit.rules.registry")  # fmt: skip
ROOT_MODULES = {"__init__.py", "types.py", "errors.py", "engine.py"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every summary_audit import in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if node.module == "summary_audit":
                out += [(node.lineno, n) for n in names[1:]]
            elif node.module.startswith("summary_audit."):
                out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("summary_audit")]
        elif isinstance(node, ast.ImportFrom) and node.level:
            out.append((node.lineno, "." * node.level + (node.module or "")))
    return out


def _layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else "__init__"
    return LAYERS.get(part, LAYERS["__init__"])  # summary_audit.audit: the public surface


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_top_level_part_has_a_layer():
    parts = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in MODULES}
    assert parts <= set(LAYERS), f"add to LAYERS: {sorted(parts - set(LAYERS))}"


def test_the_package_root_holds_only_the_public_surface():
    assert {p.name for p in PACKAGE.glob("*.py")} == ROOT_MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path: Path):
    module = _module(path)
    bad = []
    for line, imported in _imports(path):
        if imported.startswith("."):
            bad.append(f"{line}: relative import {imported} (use absolute imports)")
            continue
        if imported == "summary_audit.__version__":
            continue
        if _layer(imported) > _layer(module):
            bad.append(f"{line}: {imported} is a higher layer than {module}")
        family = (
            module.startswith("summary_audit.rules.") and module != "summary_audit.rules.registry"
        )
        if family and not imported.startswith(RULE_FAMILY_MAY_IMPORT):
            bad.append(f"{line}: rule module imports {imported} (rules are leaves)")
    assert not bad, f"{path.relative_to(PACKAGE.parent)}:\n" + "\n".join(bad)


def test_no_two_modules_share_a_name():
    names: dict[str, list[str]] = {}
    for p in MODULES:
        # A subcommand's module is named after the subcommand (`summary-audit diff`).
        if p.name not in ("__init__.py", "__main__.py") and p.parent.name != "commands":
            names.setdefault(p.stem, []).append(str(p.relative_to(PACKAGE)))
    assert {n: ps for n, ps in names.items() if len(ps) > 1} == {}
