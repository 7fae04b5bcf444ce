"""Cross-key rules of the scenario file (the shape checks come from the declarations).

Like the agent file's rules, each reads plain data defensively: a value of the wrong
type was already reported by the shape checks, so the rule skips it. Rules that need
the agent (tool, parameter, field and metadata names) run only when its facts are known.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from runtime.config.paths import Path, format_path
from runtime.config.validate import ERROR, WARNING, Finding, add, did_you_mean
from runtime.scenarios import declarations as decl
from runtime.scenarios.engine.agent_facts import AgentFacts

_SIMULATED_ONLY = ("instructions", "max_turns", "turn_limit")
_EXPECTATION_KEYS = {spec.key for spec in decl.EXPECTATION.item.children}  # type: ignore[union-attr]


def check_rules(data: dict[str, Any], agent: AgentFacts | None) -> list[Finding]:
    out: list[Finding] = []
    names: dict[str, Path] = {}
    for path, mock in _entries(data, ("mocks",)):
        _check_mock(mock, path, agent, out)
    _check_shadowed_mocks(data, ("mocks",), out)
    for path, scenario in _entries(data, ("scenarios",)):
        name = scenario.get("name")
        if isinstance(name, str):
            if name in names:
                add(out, ERROR, (*path, "name"), f"the name '{name}' is already used by "
                    f"{format_path(names[name])}")
            else:
                names[name] = path
        _check_scenario(scenario, path, agent, out)
    return out


def _entries(data: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    items = data.get(path[-1]) if isinstance(data, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, index), item


def _check_scenario(
    scenario: dict[str, Any], path: Path, agent: AgentFacts | None, out: list[Finding]
) -> None:
    kind = scenario.get("kind", "scripted")
    if kind == "simulated":
        for key in ("instructions", "agent_expectations"):
            if not _text(scenario.get(key)):
                add(out, ERROR, path, f"a simulated scenario needs {key}: "
                    + ("who the caller is and what they want" if key == "instructions"
                       else "what the agent must achieve, for the judge"))
        if "turns" in scenario:
            add(out, ERROR, (*path, "turns"), "turns only apply to scripted scenarios: "
                "in a simulated one the caller model speaks")
    elif kind == "scripted":
        for key in _SIMULATED_ONLY:
            if key in scenario:
                add(out, ERROR, (*path, key), f"{key} only applies to simulated scenarios; "
                    'add kind = "simulated" to let a model play the caller')
        if not scenario.get("turns"):
            add(out, ERROR, path, "a scripted scenario needs at least one [[scenarios.turns]] "
                "with what the caller says")
    for turn_path, turn in _entries(scenario, (*path, "turns")):
        for expect_path, expectation in _entries(turn, (*turn_path, "expect")):
            _check_expectation(expectation, expect_path, agent, out, in_turn=True)
    for expect_path, expectation in _entries(scenario, (*path, "expect")):
        _check_expectation(expectation, expect_path, agent, out, in_turn=False)
    for mock_path, mock in _entries(scenario, (*path, "mocks")):
        _check_mock(mock, mock_path, agent, out)
    _check_shadowed_mocks(scenario, (*path, "mocks"), out)
    if agent is not None:
        _check_metadata(scenario, path, agent, out)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_expectation(
    expectation: dict[str, Any],
    path: Path,
    agent: AgentFacts | None,
    out: list[Finding],
    *,
    in_turn: bool,
) -> None:
    kinds = [key for key in decl.EXPECTATION_KINDS if key in expectation]
    if not kinds and set(expectation) - _EXPECTATION_KEYS:
        return  # a misspelt check: its unknown key is reported, with a suggestion
    if not kinds:
        add(out, ERROR, path, "an expectation needs one check: "
            + ", ".join(decl.EXPECTATION_KINDS))
        return
    if len(kinds) > 1:
        add(out, ERROR, (*path, kinds[1]), f"one check per expectation: {kinds[0]} and "
            f"{kinds[1]} need an [[...expect]] entry each")
        return
    kind = kinds[0]
    value = expectation[kind]
    if "arguments" in expectation and kind != "tool_called":
        add(out, ERROR, (*path, "arguments"), "arguments only go with tool_called")
    if "value" in expectation and kind != "field_collected":
        add(out, ERROR, (*path, "value"), "value only goes with field_collected")
    if kind in decl.TURN_ONLY and not in_turn:
        add(out, ERROR, (*path, kind), f"{kind} checks one turn's reply: put it under that "
            "turn, or judge the whole call with agent_expectations")
    if kind == "no_tool_called" and value is False:
        add(out, ERROR, (*path, kind), "no_tool_called = false checks nothing: "
            "write tool_called = \"NAME\" to require a call")
    if isinstance(value, str) and not value.strip():
        add(out, ERROR, (*path, kind), "must not be empty")
    if kind == "posted" and not isinstance(value, dict):
        add(out, ERROR, (*path, kind), "posted is a table of field name to expected result, "
            "like { appointment = { day = \"Monday\" } } ({} checks only that it was sent)")
    if agent is not None:
        _check_expectation_against_agent(expectation, kind, path, agent, out)


def _check_expectation_against_agent(
    expectation: dict[str, Any], kind: str, path: Path, agent: AgentFacts, out: list[Finding]
) -> None:
    value = expectation[kind]
    if kind in ("tool_called", "tool_not_called") and isinstance(value, str) and value:
        tool = _known_tool(value, (*path, kind), agent, out, mocking=False)
        arguments = expectation.get("arguments")
        if tool is not None and isinstance(arguments, dict):
            _check_argument_names(arguments, tool.parameters, tool.name, (*path, "arguments"), out)
    elif kind == "field_collected" and isinstance(value, str) and value:
        field = _known_field(value, (*path, kind), agent, out)
        answer = expectation.get("value")
        if field is not None and field.type == "object" and answer is not None:
            if not isinstance(answer, dict):
                add(out, ERROR, (*path, "value"), f"'{field.name}' is an object field: its "
                    "value is a table of its properties")
            else:
                _check_argument_names(answer, field.properties, field.name, (*path, "value"), out,
                                      what="property")
    elif kind == "posted" and isinstance(value, dict):
        if not agent.posts_at_end:
            add(out, WARNING, (*path, kind), "the agent has no call_ending.endpoint_url, so it "
                "posts nothing at the end of the call")
        for name in value:
            _known_field(name, (*path, kind, name), agent, out)


def _known_tool(
    name: str, path: Path, agent: AgentFacts, out: list[Finding], *, mocking: bool
) -> Any:
    tool = agent.tools.get(name)
    if tool is not None:
        if mocking and not tool.mockable:
            add(out, ERROR, path, f"'{name}' is built into the agent (data collection or "
                "ending the call) and always runs for real; mock HTTP and client tools")
            return None
        return tool
    choices = sorted(n for n, t in agent.tools.items() if t.mockable or not mocking)
    hint = did_you_mean(name, choices)
    if agent.has_mcp and not hint:
        add(out, WARNING, path, f"'{name}' is not an HTTP or client tool of the agent: taken "
            "for a tool of one of its MCP servers" + (" (mocked even when that server cannot "
            "be reached)" if mocking else ""))
    else:
        listed = ", ".join(choices) or "none"
        add(out, ERROR, path, f"the agent has no tool '{name}'{hint or f' (its tools: {listed})'}")
    return None


def _known_field(name: str, path: Path, agent: AgentFacts, out: list[Finding]) -> Any:
    field = agent.fields.get(name)
    if field is None:
        if not agent.collects_data:
            add(out, ERROR, path, f"the agent collects no data, so there is no field '{name}' "
                "(turn data_collection on and declare the field)")
        else:
            hint = did_you_mean(name, sorted(agent.fields)) or (
                f" (its fields: {', '.join(agent.fields)})"
            )
            add(out, ERROR, path, f"the agent has no data-collection field '{name}'{hint}")
    return field


def _check_argument_names(
    given: dict[str, Any],
    declared: tuple[str, ...],
    owner: str,
    path: Path,
    out: list[Finding],
    *,
    what: str = "parameter",
) -> None:
    for name in given:
        if name not in declared:
            hint = did_you_mean(name, declared) or (
                f" (it has: {', '.join(declared)})" if declared else f" (it takes no {what}s)"
            )
            add(out, ERROR, (*path, name), f"'{owner}' has no {what} '{name}'{hint}")


def _check_mock(
    mock: dict[str, Any], path: Path, agent: AgentFacts | None, out: list[Finding]
) -> None:
    answers = [key for key in ("result", "error") if key in mock]
    if mock.get("live") is True:
        answers.append("live")
    if not answers:
        add(out, ERROR, path, 'a mock says what the tool returns: result = ..., error = "..." '
            "or live = true (the real tool runs)")
    elif len(answers) > 1:
        add(out, ERROR, (*path, answers[1]), f"a mock has one answer: {answers[0]} or "
            f"{answers[1]}, not both")
    if mock.get("live") is True and "when" in mock:
        add(out, ERROR, (*path, "when"), "a live tool runs for every call: drop `when`, or "
            "mock the other calls with canned results")
    name = mock.get("tool")
    if agent is not None and isinstance(name, str) and name:
        tool = _known_tool(name, (*path, "tool"), agent, out, mocking=True)
        when = mock.get("when")
        if tool is not None and isinstance(when, dict):
            _check_argument_names(when, tool.parameters, tool.name, (*path, "when"), out)


def _check_shadowed_mocks(data: dict[str, Any], path: Path, out: list[Finding]) -> None:
    """A mock after one of the same tool without `when` is never used: the first match wins."""
    catch_all: dict[str, Path] = {}
    for mock_path, mock in _entries(data, path):
        name = mock.get("tool")
        if not isinstance(name, str):
            continue
        if name in catch_all:
            add(out, WARNING, mock_path, f"never used: the mock at {format_path(catch_all[name])} "
                f"answers every call of '{name}' first")
        elif not mock.get("when"):
            catch_all[name] = mock_path


def _check_metadata(
    scenario: dict[str, Any], path: Path, agent: AgentFacts, out: list[Finding]
) -> None:
    metadata = scenario.get("metadata")
    if not isinstance(metadata, dict):
        return
    for key in metadata:
        if key not in agent.metadata:
            hint = did_you_mean(key, sorted(agent.metadata))
            add(out, WARNING, (*path, "metadata", key), f"the agent declares no [metadata.{key}] "
                f"(it is passed along anyway){hint}")
