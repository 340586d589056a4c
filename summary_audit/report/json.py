"""JSON report: exactly ``report.model_dump_json()``, plus the schema that describes it."""

from __future__ import annotations

import json
from typing import Any

from summary_audit.types import AuditReport


def render_json(report: AuditReport) -> str:
    """The report as compact JSON; byte-identical for the same inputs and signature."""
    return report.model_dump_json()


def report_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`AuditReport` (what ``summary-audit schema`` prints)."""
    schema = AuditReport.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://summary-audit.invalid/schema/audit-report.v1.json"
    return schema


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, sort_keys=True) + "\n"
