"""The scripted model's part in an offline run: an agent that does what each turn expects.

With no real model, a scenario still checks the generated code around the model: that
the tools it names exist and take those arguments, that the mocks answer, that the
fields record and end the call, that the end-of-call POST carries the results. The
scripted model (tests/scripted_llm.py) answers each caller turn with the tool calls the
turn expects (its `tool_called`, a `record_<field>` call per `field_collected`, `end_call`
for `call_ended = true`) and then a reply holding the turn's `reply_contains` texts.
Arguments a turn does not state get a placeholder of their declared type (the scenario
does not care about them). What only a real model can show (intents, the whole call against `agent_expectations`,
a simulated caller) is left to the runs with real models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .agent_facts import END_CALL, RECORD_PREFIX, AgentFacts
from .model import Scenario, Turn

GREETING = "Hello! How can I help you today?"
NEUTRAL = "All right."
SUMMARY = "The caller and the agent talked; see the results."


def offline_reason(scenario: Scenario) -> str | None:
    """Why this scenario cannot run without real models, or None when it can."""
    if scenario.simulated:
        return "a simulated caller needs real models (run the evals)"
    if any(mock.live for mock in scenario.mocks):
        return "it calls a live tool (a real API)"
    return None


@dataclass
class _TurnPlan:
    calls: list[dict[str, Any]] = field(default_factory=list)
    reply: str = NEUTRAL


def _plan(turn: Turn, agent: AgentFacts) -> _TurnPlan:
    plan = _TurnPlan()
    said = []
    for expectation in turn.expect:
        kind = expectation.kind
        if kind == "tool_called":
            name = expectation.tool_called or ""
            plan.calls.append(
                {"name": name, "arguments": _arguments(name, expectation.arguments, agent)}
            )
        elif kind == "field_collected":
            name = RECORD_PREFIX + (expectation.field_collected or "")
            plan.calls.append(
                {"name": name, "arguments": _arguments(name, _answer(expectation), agent)}
            )
        elif kind == "call_ended" and expectation.call_ended and END_CALL in agent.tools:
            plan.calls.append({"name": END_CALL, "arguments": {}})
        elif kind == "reply_contains":
            said.append(expectation.reply_contains or "")
    if said:
        plan.reply = " ".join(said)
    return plan


def _answer(expectation: Any) -> dict[str, Any]:
    """The expected answer as `record_<field>`'s arguments: an object field's properties,
    else {"<field>": value}."""
    if isinstance(expectation.value, dict):
        return dict(expectation.value)
    name = expectation.field_collected or ""
    return {name: expectation.value} if expectation.value is not None else {}


# What the agent's model says where the scenario does not care (it states only what it
# checks): any value of the declared type.
PLACEHOLDERS = {
    "string": "example",
    "number": 1,
    "integer": 1,
    "boolean": True,
    "object": {},
    "array": [],
    "list": [],
}


def _arguments(tool: str, given: dict[str, Any], agent: AgentFacts) -> dict[str, Any]:
    """The arguments the scenario names, and a placeholder for every other parameter."""
    facts = agent.tools.get(tool)
    if facts is None:  # an MCP server's tool: its parameters are the server's
        return dict(given)
    out = {name: PLACEHOLDERS.get(facts.type_of(name), "example") for name in facts.parameters}
    out.update(given)
    return out


def scripted_agent(scenario: Scenario, agent: AgentFacts) -> Callable[[Any], dict[str, Any]]:
    """A reply rule for the scripted model (its `default`), playing the agent's model."""
    plans = [_plan(turn, agent) for turn in scenario.turns]

    def reply(request: Any) -> dict[str, Any]:
        if not request.tool_names:  # the agent always has tools: this is the summary
            return {"text": SUMMARY}
        turn = sum(1 for m in request.messages if m.get("role") == "user")
        if turn == 0:
            return {"text": GREETING}
        plan = plans[turn - 1] if turn <= len(plans) else _TurnPlan()
        answered = request.last_message.get("role") == "tool"
        if plan.calls and not answered:
            return {"tool_calls": plan.calls}
        return {"text": plan.reply}

    return reply
