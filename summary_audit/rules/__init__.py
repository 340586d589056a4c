"""Rules, one module per family; each rule registers itself with :func:`registry.rule`."""

from summary_audit.rules.registry import (
    AuditContext,
    Hit,
    Rule,
    all_rules,
    get_rule,
    rule,
    select_rules,
)

__all__ = ["AuditContext", "Hit", "Rule", "all_rules", "get_rule", "rule", "select_rules"]
