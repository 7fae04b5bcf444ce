"""What a generated project's `tests/test_scenarios.py` calls: its scenarios, run offline
with the scripted model or against real models, and a failure as a readable report."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .agent_call import AgentUnderTest, agent_llm
from .agent_facts import AgentFacts
from .model import Scenario, ScenarioFile
from .offline import offline_reason, scripted_agent
from .report import failure_lines
from .results import ScenarioRun
from .runner import Models, run_scenarios

TESTS_FILE = "agent.tests.toml"
AGENT_FILE = "agent.toml"

__all__ = ["load", "offline_reason", "report", "run_offline", "run_with_models"]


def load(root: Path) -> tuple[ScenarioFile, AgentFacts]:
    """The project's scenarios and what they may name in its agent (the copies of
    agent.tests.toml and agent.toml at the project's root)."""
    agent = AgentFacts.load(root / AGENT_FILE)
    text = (root / TESTS_FILE).read_text(encoding="utf-8").removeprefix("\ufeff")
    return ScenarioFile.from_dict(tomllib.loads(text)), agent


async def run_offline(
    scenario: Scenario, tests: ScenarioFile, agent: AgentFacts, scripted_llm: Any
) -> ScenarioRun:
    """The scenario against the scripted model playing an agent that does what each
    turn expects; no network: MCP servers are left out, no secrets are read."""
    scripted_llm.default = scripted_agent(scenario, agent)
    override = tests.models.agent
    models = Models(
        agent=agent_llm(agent.llm, agent.thinking_effort, override)
        if override and override != agent.llm
        else None
    )
    [run] = await run_scenarios(
        AgentUnderTest.imported(offline=True), tests, agent, models, [scenario], environ={}
    )
    return run


async def run_with_models(
    scenario: Scenario, tests: ScenarioFile, agent: AgentFacts
) -> ScenarioRun:
    """The scenario as `agent-builder test` runs it: LiveKit Inference for the agent,
    the simulated caller and the judge."""
    [run] = await run_scenarios(
        AgentUnderTest.imported(), tests, agent, Models.for_tests(tests, agent), [scenario]
    )
    return run


def report(run: ScenarioRun) -> str:
    lines = [f"{run.scenario}: {run.status}", *failure_lines(run, indent="  ")]
    if run.not_judged:
        lines.append("  not judged offline: " + "; ".join(run.not_judged))
    return "\n".join(lines)
