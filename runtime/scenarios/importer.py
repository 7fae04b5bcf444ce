"""Import a LiveKit scenario group into `agent.tests.toml`, keeping what is already there.

A LiveKit scenario updates the simulated scenario with its id, or else its name (the
label); only LiveKit's own keys change (the name, instructions, agent_expectations,
tags, the metadata, the id), so a scenario's turn limit, mocks and expectations survive a
re-import. Any other scenario is appended. The file is edited with tomlkit: comments,
blank lines and key order stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from runtime.scenarios.engine.agent_facts import AgentFacts
from runtime.scenarios.livekit_yaml import LiveKitGroup, LiveKitScenario

NEW_FILE_HEADER = """\
# Behaviour tests of the agent: run them with `agent-builder test {tests_name}`.
# Scripted scenarios play fixed caller turns; simulated ones let a model play the caller.
"""


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (label, name used)

    def lines(self) -> list[str]:
        out = [f"added: {name}" for name in self.added]
        out += [f"updated: {name}" for name in self.updated]
        out += [f"unchanged: {name}" for name in self.unchanged]
        out += [f"added as '{name}' (a scripted scenario is called '{label}')"
                for label, name in self.renamed]
        return out


def merge_group(
    tests_text: str | None,
    group: LiveKitGroup,
    agent: AgentFacts,
    *,
    tests_name: str = "agent.tests.toml",
    agent_ref: str = "",
) -> tuple[str, ImportSummary]:
    """The scenario file's new text with `group` merged in. `tests_text` None starts a
    new file (`agent_ref`: its `agent = ...` when the agent is not found by name)."""
    import tomlkit

    doc = new_tests_document(tests_name, agent_ref) if tests_text is None else tomlkit.parse(tests_text)
    if group.id and not doc.get("livekit_id"):
        doc["livekit_id"] = group.id
    if group.name and not doc.get("name") and group.name != agent.name:
        doc["name"] = toml_text(group.name)
    if "scenarios" not in doc:
        doc.append("scenarios", tomlkit.aot())
    scenarios = doc["scenarios"]
    summary = ImportSummary()
    for incoming in group.scenarios:
        index = _match(scenarios, incoming)
        if index is None:
            name = _free_name(scenarios, incoming.label)
            if name != incoming.label:
                summary.renamed.append((incoming.label, name))
            else:
                summary.added.append(name)
            append_scenario(scenarios, _new_table(incoming, name, agent))
        elif _update(scenarios, index, incoming, agent):
            summary.updated.append(str(scenarios[index]["name"]))
        else:
            summary.unchanged.append(str(scenarios[index]["name"]))
    return doc.as_string(), summary


def new_tests_document(tests_name: str, agent_ref: str = "") -> Any:
    """A new scenario file (tomlkit): its header comment, version and, when the agent is
    not the file of the same name beside it, `agent = ...`."""
    import tomlkit

    doc = tomlkit.parse(NEW_FILE_HEADER.format(tests_name=tests_name))
    doc["version"] = 1
    if agent_ref:
        doc["agent"] = agent_ref
    return doc


def _match(scenarios: Any, incoming: LiveKitScenario) -> int | None:
    """The simulated scenario that this one updates: the same LiveKit id, else the same
    name (and no other id)."""
    if incoming.id:
        for index, table in enumerate(scenarios):
            if table.get("livekit_id") == incoming.id:
                return index
    for index, table in enumerate(scenarios):
        same_name = table.get("name") == incoming.label
        other_id = table.get("livekit_id") not in (None, "", incoming.id)
        if same_name and table.get("kind") == "simulated" and not other_id:
            return index
    return None


def _free_name(scenarios: Any, label: str) -> str:
    taken = {table.get("name") for table in scenarios}
    if label not in taken:
        return label
    name, number = f"{label} (simulated)", 2
    while name in taken:
        name, number = f"{label} (simulated {number})", number + 1
    return name


def _metadata(incoming: LiveKitScenario, agent: AgentFacts) -> dict[str, Any]:
    """The userdata without what the agent's examples give anyway: the export puts them
    back, so a round trip keeps the file as short as it was."""
    return {
        key: value
        for key, value in incoming.userdata.items()
        if key not in agent.metadata or agent.metadata[key] != value
    }


def _new_table(incoming: LiveKitScenario, name: str, agent: AgentFacts) -> Any:
    import tomlkit

    table = tomlkit.table()
    table["name"] = toml_text(name)
    table["kind"] = "simulated"
    if incoming.id:
        table["livekit_id"] = incoming.id
    _set_lk_values(table, incoming, agent)
    return table


def _update(scenarios: Any, index: int, incoming: LiveKitScenario, agent: AgentFacts) -> bool:
    table = scenarios[index]
    before = table.as_string()
    taken = {t.get("name") for i, t in enumerate(scenarios) if i != index}
    if table.get("name") != incoming.label and incoming.label not in taken:
        table["name"] = toml_text(incoming.label)  # renamed in LiveKit (matched by its id)
    if incoming.id and table.get("livekit_id") != incoming.id:
        table["livekit_id"] = incoming.id
    _set_lk_values(table, incoming, agent)
    return table.as_string() != before


def _set_lk_values(table: Any, incoming: LiveKitScenario, agent: AgentFacts) -> None:
    import tomlkit

    tags = tomlkit.inline_table()
    tags.update({key: toml_text(value) for key, value in incoming.tags.items()})
    values: dict[str, Any] = {
        "tags": tags if incoming.tags else None,
        "instructions": toml_text(incoming.instructions),
        "agent_expectations": toml_text(incoming.agent_expectations),
    }
    for key, value in values.items():
        _assign(table, key, value)
    metadata = _metadata(incoming, agent)
    if metadata != (table.get("metadata") or {}):
        _assign(table, "metadata", metadata_item(metadata) if metadata else None)


def _assign(table: Any, key: str, value: Any) -> None:
    """Set, replace or (None) remove a key, leaving an unchanged value as it is written."""
    current = table.get(key)
    if value is None:
        if key in table:
            del table[key]
        return
    plain = value.unwrap() if hasattr(value, "unwrap") else value
    if current is not None and (current.unwrap() if hasattr(current, "unwrap") else current) == plain:
        return
    table[key] = value


def metadata_item(metadata: dict[str, Any]) -> Any:
    """Flat metadata as an inline table; nested metadata as a [scenarios.metadata] table."""
    import tomlkit

    if all(not isinstance(v, (dict, list)) for v in metadata.values()) and len(metadata) <= 4:
        item = tomlkit.inline_table()
        item.update({key: plain_value(value) for key, value in metadata.items()})
        return item
    table = tomlkit.table()
    for key, value in metadata.items():
        table[key] = plain_value(value)
    return table


def plain_value(value: Any) -> Any:
    if isinstance(value, str):
        return _plain_line_ends(value)  # inside a table or list: one line, escaped
    if isinstance(value, dict):
        return {key: plain_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    return value


def toml_text(value: str) -> Any:
    """Text as TOML writes it best: multi-line text between triple quotes. Line ends are
    made plain newlines (TOML itself reads a multi-line string's CRLF as a newline)."""
    import tomlkit

    value = _plain_line_ends(value)
    return tomlkit.string(value, multiline="\n" in value)


def _plain_line_ends(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def append_scenario(scenarios: Any, table: Any) -> None:
    table.trivia.indent = "\n"  # a blank line before each new scenario, as people write
    scenarios.append(table)
