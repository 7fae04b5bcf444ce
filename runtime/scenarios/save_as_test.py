"""Save as test: a preview conversation becomes a scripted scenario in agent.tests.toml.

The caller's lines become the turns; what the agent did becomes each turn's
expectations (the tools it called with their arguments, the fields it recorded, the
call ending); the end-of-call POST's `results` the scenario's final expectation. Every
HTTP or MCP tool call is mocked with the answer it got, so the test replays the
conversation without reaching a real API. The agent's replies are left as comments
under each turn, for the person to turn into `intent` checks. The file is edited with
tomlkit: what is there already (comments included) stays as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runtime.scenarios.conversation import ObservedTurn, PreviewConversation, ToolUse
from runtime.scenarios.engine.agent_facts import END_CALL, RECORD_PREFIX, AgentFacts
from runtime.scenarios.engine.expectations import clip

NAME_PREFIX = "From the preview: "
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
REPLY_COMMENT_WIDTH = 100


class SaveAsTestError(Exception):
    pass


@dataclass(frozen=True)
class SavedTest:
    path: Path
    name: str
    index: int  # its place in [[scenarios]]


def default_name(conversation: PreviewConversation, taken: set[str] | None = None) -> str:
    first = conversation.turns[0].user if conversation.turns else "conversation"
    base = NAME_PREFIX + clip(first, 60)
    name, number = base, 2
    while name in (taken or set()):
        name, number = f"{base} ({number})", number + 1
    return name


def scenario_values(conversation: PreviewConversation, agent: AgentFacts, name: str) -> dict[str, Any]:
    """The scenario as plain values (what a document layer appends)."""
    return _plain(scenario_table(conversation, agent, name))


def scenario_table(conversation: PreviewConversation, agent: AgentFacts, name: str) -> Any:
    """The scenario as a tomlkit table, with the agent's replies as comments."""
    import tomlkit

    from runtime.scenarios.importer import metadata_item, toml_text

    said = [turn for turn in conversation.turns if turn.user.strip()]
    if not said:
        raise SaveAsTestError("the conversation has no turns yet: say something to the agent first")
    table = tomlkit.table()
    table["name"] = toml_text(name)
    metadata = _tomlable({k: v for k, v in conversation.metadata.items()
                          if agent.metadata.get(k, object()) != v})
    if metadata:
        table["metadata"] = metadata_item(metadata)
    mocks = _mocks(conversation, agent)
    if mocks:
        table["mocks"] = _aot(mocks)
    turns = tomlkit.aot()
    for turn in said:
        turns.append(_turn_table(turn, agent))
    table["turns"] = turns
    if conversation.posted is not None:
        results = _tomlable(conversation.posted.get("results") or {})
        table["expect"] = _aot([{"posted": results}])
    return table


def save_conversation(
    conversation: PreviewConversation,
    agent_path: Path,
    *,
    name: str | None = None,
    tests_path: Path | None = None,
) -> SavedTest:
    """Append the conversation as a scenario to the agent's scenario file (created when
    missing). Refuses, changing nothing, a file that does not parse or a scenario that
    would not be valid."""
    from runtime.config.atomic_write import atomic_write
    from runtime.config.textfile import BOM, read_text
    from runtime.config.validate import ERROR
    from runtime.scenarios.suite import tests_path_for
    from runtime.scenarios.validate import validate

    agent = AgentFacts.from_text(read_text(agent_path))
    path = tests_path or tests_path_for(agent_path)
    before = read_text(path) if path.exists() else None
    text, saved = append_conversation(before, conversation, agent, name=name, tests_path=path,
                                      agent_path=agent_path)
    new = [p for p in validate(text, agent) if p.severity == ERROR
           and p.path.startswith(f"scenarios[{saved.index}]")]
    if new:
        raise SaveAsTestError("the scenario would not be valid: " + "; ".join(
            f"{p.path}: {p.message}" for p in new))
    bom = path.exists() and path.read_bytes().startswith(BOM.encode("utf-8"))
    atomic_write(path, ((BOM if bom else "") + text).encode("utf-8"))
    return saved


def append_conversation(
    tests_text: str | None,
    conversation: PreviewConversation,
    agent: AgentFacts,
    *,
    name: str | None,
    tests_path: Path,
    agent_path: Path,
) -> tuple[str, SavedTest]:
    """The scenario file's new text with the conversation appended."""
    import os

    import tomlkit

    from runtime.scenarios.importer import append_scenario, new_tests_document
    from runtime.scenarios.suite import TESTS_SUFFIX

    if tests_text is None:
        beside = agent_path.name == tests_path.name.removesuffix(TESTS_SUFFIX) + ".toml"
        ref = "" if beside and agent_path.parent == tests_path.parent else os.path.relpath(
            agent_path, tests_path.parent)
        doc = new_tests_document(tests_path.name, ref)
    else:
        try:
            doc = tomlkit.parse(tests_text.removeprefix("\ufeff"))
        except Exception as exc:  # noqa: BLE001 - tomlkit's parse errors carry line and column
            raise SaveAsTestError(f"{tests_path} does not parse ({exc}); nothing was saved") from None
    if "scenarios" not in doc:
        doc.append("scenarios", tomlkit.aot())
    scenarios = doc["scenarios"]
    if not isinstance(scenarios, tomlkit.items.AoT):
        raise SaveAsTestError(f"{tests_path}: `scenarios` is not an array of tables; nothing was saved")
    taken = {str(t.get("name")) for t in scenarios}
    chosen = " ".join((name or "").split()) or default_name(conversation, taken)  # one line
    if chosen in taken:
        raise SaveAsTestError(f"a scenario named '{chosen}' already exists in {tests_path.name}")
    append_scenario(scenarios, scenario_table(conversation, agent, chosen))
    return doc.as_string(), SavedTest(tests_path, chosen, len(scenarios) - 1)


# -- the parts -----------------------------------------------------------------------------
def _turn_table(turn: ObservedTurn, agent: AgentFacts) -> Any:
    import tomlkit

    from runtime.scenarios.importer import toml_text

    table = tomlkit.table()
    table["user"] = toml_text(turn.user)
    for reply in turn.replies:
        for line in _comment_lines(f"agent: {reply}"):
            table.add(tomlkit.comment(line))
    expectations = _turn_expectations(turn, agent)
    if expectations:
        table["expect"] = _aot(expectations)
    return table


def _turn_expectations(turn: ObservedTurn, agent: AgentFacts) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for use in turn.tools:
        if use.name == END_CALL or _is_record(use.name, agent):
            continue  # the call ending and the fields are their own expectations
        expectation: dict[str, Any] = {"tool_called": use.name}
        arguments = _declared_arguments(use, agent)
        if arguments:
            expectation["arguments"] = arguments
        if expectation not in out:
            out.append(expectation)
    for name, answer in turn.fields.items():
        facts = agent.fields.get(name)
        for one in (answer if isinstance(answer, list) else [answer]):
            value = _tomlable(_plain_answer(one, name, facts))
            out.append({"field_collected": name, **({"value": value} if value not in (None, {}) else {})})
    if turn.agent_ended:
        out.append({"call_ended": True})
    return out


def _mocks(conversation: PreviewConversation, agent: AgentFacts) -> list[dict[str, Any]]:
    """One mock per tool and arguments the agent used, answering what it got; those
    without arguments last (they answer every call of their tool)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for turn in conversation.turns:
        for use in turn.tools:
            if not _needs_mock(use, agent) or use.output is None:
                continue
            when = _declared_arguments(use, agent)
            key = (use.name, json.dumps(when, sort_keys=True))
            if key in found:
                continue
            mock: dict[str, Any] = {"tool": use.name}
            if when:
                mock["when"] = when
            if use.is_error:
                mock["error"] = use.output
            else:
                mock["result"] = _result(use.output)
            found[key] = mock
    return sorted(found.values(), key=lambda m: "when" not in m)


def _declared_arguments(use: ToolUse, agent: AgentFacts) -> dict[str, Any]:
    """The arguments as TOML can hold them, of the parameters the tool declares (an MCP
    tool's are its server's: all of them)."""
    arguments = _tomlable(use.arguments)
    facts = agent.tools.get(use.name)
    if facts is None:
        return arguments
    return {k: v for k, v in arguments.items() if k in facts.parameters}


def _needs_mock(use: ToolUse, agent: AgentFacts) -> bool:
    facts = agent.tools.get(use.name)
    if facts is None:
        return agent.has_mcp  # an MCP server's tool (else a tool the agent no longer has)
    return facts.kind == "http"  # client tools answer their preview response in tests too


def _is_record(name: str, agent: AgentFacts) -> bool:
    facts = agent.tools.get(name)
    return facts is not None and facts.kind == "record" and name.startswith(RECORD_PREFIX)


def _plain_answer(answer: Any, name: str, facts: Any) -> Any:
    """What `field_collected`'s value says: an object field's properties, or the bare
    value of any other field (its answer is {"<name>": value})."""
    if isinstance(answer, dict) and (facts is None or facts.type != "object") and set(answer) == {name}:
        return answer[name]
    return answer


def _result(output: str) -> Any:
    """A JSON answer as a table or array (easier to read and edit), text as it is."""
    try:
        value = json.loads(output)
    except ValueError:
        return output
    if isinstance(value, (dict, list)) and _tomlable(value) == value:
        return value
    return output


def _tomlable(value: Any) -> Any:
    """TOML has no null: unset (null) arguments and answers are left out."""
    if isinstance(value, dict):
        return {str(k): _tomlable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_tomlable(v) for v in value if v is not None]
    return value


def _comment_lines(text: str) -> list[str]:
    """`text` as comment lines: wrapped, and without the control characters a TOML
    comment cannot hold (a model's stray escape code would break the file)."""
    lines = []
    for raw in text.splitlines() or [""]:
        raw = _CONTROL.sub("\ufffd", raw).strip()
        while len(raw) > REPLY_COMMENT_WIDTH:
            cut = raw.rfind(" ", 0, REPLY_COMMENT_WIDTH)
            cut = cut if cut > 0 else REPLY_COMMENT_WIDTH
            lines.append(raw[:cut])
            raw = "  " + raw[cut:].strip()
        lines.append(raw)
    return lines


def _aot(entries: list[dict[str, Any]]) -> Any:
    import tomlkit

    from runtime.scenarios.importer import plain_value

    aot = tomlkit.aot()
    for entry in entries:
        table = tomlkit.table()
        for key, value in entry.items():
            table[key] = _inline(plain_value(value))
        aot.append(table)
    return aot


def _inline(value: Any) -> Any:
    import tomlkit

    if isinstance(value, dict):
        item = tomlkit.inline_table()
        item.update({k: _inline(v) for k, v in value.items()})
        return item
    if isinstance(value, list):
        return [_inline(v) for v in value]
    return value


def _plain(table: Any) -> Any:
    return json.loads(json.dumps(table.unwrap() if hasattr(table, "unwrap") else table))
