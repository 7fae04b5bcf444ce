"""The one declaration of every key of `agent.tests.toml`, the agent's scenario file.

Declared with the agent file's own `Spec`s (`runtime/config/declarations.py`), so the
same machinery gives validation with line and column, the JSON Schema and the editor's
forms. Cross-key rules (one expectation per entry, keys that only apply to one kind of
scenario, names that must exist in the agent) live in `rules.py`.
"""

from __future__ import annotations

from runtime.config.declarations import ROOT as AGENT_FILE
from runtime.config.declarations import (
    Spec,
    _array,
    _b,
    _enum,
    _s,
    _table,
)
from runtime.scenarios.engine.model import EXPECTATION_KINDS

SCENARIO_KINDS = ("scripted", "simulated")
TURN_LIMIT_OUTCOMES = ("fail", "judge")
NAME_MAX = 200
TEXT_MAX = 50_000


def _json(key: str, description: str, **kw) -> Spec:
    return Spec(key=key, kind="json", description=description, **kw)


def _values(key: str, description: str) -> Spec:
    """A table of free-form values by name (arguments, metadata, results)."""
    return Spec(
        key=key,
        kind="map",
        description=description,
        item=_json("*", "Any value: text, a number, true/false, a list or a table."),
    )


# Expectations that need one turn's reply: not allowed after the call. What one
# expectation checks is one of EXPECTATION_KINDS per entry (rules.py); `arguments` and
# `value` refine `tool_called` and `field_collected`.
TURN_ONLY = ("reply_contains", "intent")

EXPECTATION = _array(
    "expect",
    "One thing that must be true.",
    _s("tool_called", "The agent called this tool (with `arguments`, with at least those)."),
    _values(
        "arguments",
        "With `tool_called`: arguments the call must have (others may be there too).",
    ),
    _s("tool_not_called", "The agent did not call this tool."),
    Spec(key="no_tool_called", kind="boolean", description="The agent called no tool at all."),
    _s(
        "field_collected",
        "The agent recorded this data-collection field (with `value`, that value).",
    ),
    _json(
        "value",
        "With `field_collected`: the answer, or for an object field some of its properties.",
    ),
    Spec(
        key="call_ended",
        kind="boolean",
        description="The call has ended (false: it is still going on).",
    ),
    _json(
        "posted",
        "The end-of-call POST was sent and its `results` contain this table (by field "
        "name; {} checks only that it was sent).",
    ),
    _s(
        "reply_contains",
        "The agent's reply contains this text (ignoring case, spacing and curly quotes).",
    ),
    _s(
        "intent",
        "A judge model checks the agent's reply against this, in plain words.",
        multiline=True,
        max_length=TEXT_MAX,
        placeholder="Offers the earliest free slot and asks the caller to confirm it",
    ),
)

TURN = _array(
    "turns",
    "One thing the caller says, and what must be true once the agent has answered.",
    _s(
        "user",
        "What the caller says.",
        required=True,
        min_length=1,
        multiline=True,
        max_length=TEXT_MAX,
    ),
    EXPECTATION,
)

MOCK = _array(
    "mocks",
    "What a tool returns in tests instead of calling the real API.",
    _s("tool", "The tool's name (an HTTP or client tool of the agent).", required=True),
    _values(
        "when",
        "Only for calls with these arguments (others may be there too); "
        "without it, every call.",
    ),
    _json("result", "What the tool returns: text as it is, anything else as JSON."),
    _s("error", "The tool fails with this message instead (the model sees it).", multiline=True),
    _b("live", False, "Call the real tool (its real API) instead of returning a canned answer."),
)

SCENARIO = _array(
    "scenarios",
    "One test of the agent: a scripted conversation or a simulated caller.",
    _s(
        "name",
        "What the scenario tests; unique in the file (LiveKit calls it the label).",
        required=True,
        min_length=1,
        max_length=NAME_MAX,
        placeholder="Books a cleaning for next Monday",
    ),
    _enum(
        "kind",
        SCENARIO_KINDS,
        "scripted: fixed caller turns with expectations; "
        "simulated: a model plays the caller from `instructions`.",
        default="scripted",
    ),
    Spec(
        key="tags",
        kind="map",
        description="Labels for grouping scenarios (LiveKit's tags).",
        item=_s("*", "A tag's value."),
    ),
    _values(
        "metadata",
        "Job metadata for this scenario, over the agent's [metadata] examples "
        "(LiveKit's userdata).",
    ),
    _s(
        "instructions",
        "Simulated: who the caller is and what they want, in plain words.",
        multiline=True,
        max_length=TEXT_MAX,
        placeholder="You are Ada, a new patient. You want a cleaning next Monday morning.",
    ),
    _s(
        "agent_expectations",
        "What the agent must achieve over the whole call; a judge model decides.",
        multiline=True,
        max_length=TEXT_MAX,
        placeholder="Books a cleaning on Monday morning and confirms the time.",
    ),
    Spec(
        key="max_turns",
        kind="integer",
        default=10,
        minimum=1,
        maximum=100,
        description="Simulated: the most caller turns before the run stops.",
    ),
    _enum(
        "turn_limit",
        TURN_LIMIT_OUTCOMES,
        "Simulated: at the turn limit, fail at once, or let the judge decide.",
        default="fail",
    ),
    TURN,
    Spec(
        key="expect",
        kind="array",
        description="What must be true once the call is over.",
        item=EXPECTATION.item,
    ),
    MOCK,
    _s("livekit_id", "The scenario's id in LiveKit Cloud (SCN_...), kept for scenarios.yaml."),
)

MODELS = _table(
    "models",
    "LiveKit Inference models the tests use.",
    _s(
        "agent",
        "The agent's language model in tests; empty: the one in the agent file.",
        default="",
        suggest="llm",
    ),
    _s(
        "caller",
        "The model that plays the caller of simulated scenarios.",
        default="openai/gpt-4.1-mini",
        suggest="llm",
    ),
    _s(
        "judge",
        "The model that checks intents and expectations.",
        default="openai/gpt-4.1-mini",
        suggest="llm",
    ),
)

ROOT = _table(
    "",
    "Behaviour tests of an agent-builder agent.",
    AGENT_FILE.child("version"),  # type: ignore[arg-type]  # the same as the agent file's
    _s(
        "agent",
        "The agent file, relative to this one; empty: NAME.toml for NAME.tests.toml.",
        default="",
        placeholder="agent.toml",
    ),
    _s(
        "name",
        "The scenario group's name in scenarios.yaml; empty: the agent's name.",
        default="",
        max_length=NAME_MAX,
    ),
    Spec(
        key="timeout_s",
        kind="number",
        default=60,
        minimum=1,
        maximum=600,
        description="Seconds the agent may take to answer one turn.",
        label="Turn timeout (s)",
    ),
    MODELS,
    Spec(
        key="mocks",
        kind="array",
        description="Tool mocks for every scenario (a scenario's own mocks come first).",
        item=MOCK.item,
    ),
    SCENARIO,
    _s("livekit_id", "The scenario group's id in LiveKit Cloud (SCNG_...), kept for scenarios.yaml."),
)

__all__ = [
    "EXPECTATION",
    "EXPECTATION_KINDS",
    "MOCK",
    "MODELS",
    "ROOT",
    "SCENARIO",
    "SCENARIO_KINDS",
    "TURN",
    "TURN_ONLY",
]
