"""Validation of the scenario file: every problem with severity, dotted path, line and
column, exactly like the agent file's (`runtime.config.validate`)."""

from __future__ import annotations

from typing import Any

from runtime.config.validate import Finding, Problem, check_shape, validate_text
from runtime.scenarios import declarations as decl
from runtime.scenarios.engine.agent_facts import AgentFacts


def validate(text: str, agent: AgentFacts | None = None) -> list[Problem]:
    """Check a scenario file's text; with the agent's facts, also the names it uses."""
    return validate_text(text, lambda data: check_tests_data(data, agent))


def check_tests_data(data: dict[str, Any], agent: AgentFacts | None = None) -> list[Finding]:
    from runtime.scenarios.rules import check_rules

    findings = check_shape(data, decl.ROOT)
    findings.extend(check_rules(data, agent))
    return findings
