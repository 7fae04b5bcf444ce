"""The generated code carries every setting of the agent file, key by key.

Each config is generated and its `src/agent.py` imported; the facts the code holds (its
constants, the agent's tools as the SDK sends them, the voice session and room options
its entrypoint builds) are laid out under the config's own key paths and compared with
every key the file sets. A key the file sets that no fact answers for fails the test, so
a new config key cannot slip past it; a template that drops a setting (`silent=True`, a
parameter's `required=False`, a model's voice...) fails it too.
"""

from __future__ import annotations

import ast
import dataclasses
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runtime.codegen import generate_project
from runtime.scenarios.generated_agent import load_project
from runtime.testing.text_calls import build_voice_session
from tests.codegen.conftest import ALL_CONFIGS, config_id

# Keys whose value reaches no code by design, with where it goes instead.
NOT_IN_CODE = {
    "version": "the format version of agent.toml itself",
}
# Inline tables compared whole (their keys are the user's names, not config keys).
WHOLE = {"headers", "example"}


def leaves(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(key path, value) of every key the file sets, e.g. `tools.http[1].silent`."""
    if isinstance(data, dict) and prefix.rsplit(".", 1)[-1] not in WHOLE:
        for key, value in data.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for index, value in enumerate(data):
            yield from leaves(value, f"{prefix}[{index}]")
    else:
        yield prefix, data


def settings_facts(prefix: str, settings: Any) -> dict[str, Any]:
    """A settings object laid out under config key paths (its fields are named like the
    config's keys; `properties` are keyed by name, as in the file)."""
    facts: dict[str, Any] = {}
    for field in dataclasses.fields(settings):
        value = getattr(settings, field.name)
        path = f"{prefix}.{field.name}"
        if field.name == "properties":
            for prop in value:
                facts.update(settings_facts(f"{path}.{prop.name}", prop))
        elif field.name in ("parameters", "fields"):
            for index, item in enumerate(value):
                facts.update(settings_facts(f"{path}[{index}]", item))
        elif dataclasses.is_dataclass(value):
            facts.update(settings_facts(path, value))
        else:
            facts[path] = dict(value) if field.name == "headers" else value
    return facts


def _offered(agent_instance: Any) -> dict[str, dict[str, Any]]:
    """The agent's tools as LiveKit Inference sends them (strict schemas), by name."""
    from livekit.agents import llm

    tools = [t for t in agent_instance.tools if not isinstance(t, llm.Toolset)]
    for toolset in (t for t in agent_instance.tools if isinstance(t, llm.Toolset)):
        if toolset.id == "end_call":
            tools.extend(toolset.tools)
    schemas = llm.ToolContext(tools).parse_function_tools("openai", strict=True)
    return {s["function"]["name"]: s["function"] for s in schemas}


def _tool_facts(kind: str, index: int, config_tool: dict, offered: dict) -> dict[str, Any]:
    """What the model is offered for one configured tool, as config keys: its
    description, and per parameter whether it may be left out (nullable) and its
    description as the model reads it."""
    function = offered[config_tool["name"]]
    prefix = f"tools.{kind}[{index}]"
    facts: dict[str, Any] = {f"{prefix}.name (offered)": function["name"]}
    facts[f"{prefix}.description (offered)"] = function["description"]
    properties = function["parameters"]["properties"]
    for p_index, param in enumerate(config_tool.get("parameters", [])):
        schema = properties[param["name"]]
        types = schema.get("type") if "type" in schema else [s.get("type") for s in schema["anyOf"]]
        nullable = "null" in (types if isinstance(types, list) else [types])
        facts[f"{prefix}.parameters[{p_index}].required (offered)"] = not nullable
    return facts


async def generated_facts(project: Path, config: dict) -> dict[str, Any]:
    generated = load_project(project / "src" / "agent.py")
    module = generated.module
    built = await build_voice_session(module)
    session, options = built.session, built.options
    agent_class = generated.agent_class
    offered = _offered(built.agent)

    facts: dict[str, Any] = {
        "agent.name": module.AGENT_NAME,
        "agent.instructions": module.INSTRUCTIONS,
        "greeting.enabled": "on_enter" in vars(agent_class),
        "greeting.instructions": getattr(module, "GREETING", ""),
        "models.stt": session.stt.model,
        "models.language": session.stt._opts.language,  # no public accessor in 1.8
        "models.llm": session.llm.model,
        "models.thinking_effort": session.llm._opts.extra_kwargs.get("reasoning_effort"),
        "models.tts": session.tts.model,
        "models.voice": session.tts._opts.voice or "",
        "data_collection.enabled": any(n.startswith("record_") for n in offered),
        "call_ending.delete_room": built.room_options.delete_room_on_close,
        "advanced.noise_cancellation": bool(built.room_options.audio_input),
        "advanced.preemptive_generation": options["turn_handling"]["preemptive_generation"][
            "enabled"
        ],
        "advanced.turn_detection": options["turn_handling"]["turn_detection"] != "vad",
    }
    facts.update(settings_facts("call_ending", module.CALL_ENDING))
    facts["call_ending.summary.instructions"] = module.CALL_ENDING.summary.instructions

    collecting = bool(config.get("data_collection", {}).get("enabled"))
    for index, field in enumerate(getattr(module, "FIELDS", [])):
        facts.update(settings_facts(f"data_collection.fields[{index}]", field))
    if not collecting:  # the fields stay in agent.toml; the agent has none
        assert not hasattr(module, "FIELDS")
        for key, value in leaves(config.get("data_collection", {}), "data_collection"):
            facts.setdefault(key, value if key != "data_collection.enabled" else False)

    tools = config.get("tools", {})
    for kind, settings_class in (("http", "HttpToolSettings"), ("client", "ClientToolSettings")):
        constants = [v for v in vars(module).values() if type(v).__name__ == settings_class]
        for index, tool in enumerate(tools.get(kind, [])):
            (settings,) = [c for c in constants if c.name == tool["name"]]
            facts.update(settings_facts(f"tools.{kind}[{index}]", settings))
            facts.update(_tool_facts(kind, index, tool, offered))
    for index, server in enumerate(getattr(module, "MCP_SERVERS", [])):
        facts.update(settings_facts(f"tools.mcp[{index}]", server))

    tests = ast.parse((project / "tests" / "test_agent.py").read_text(encoding="utf-8"))
    metadata = next(
        ast.literal_eval(node.value)
        for node in tests.body
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "METADATA"
    )
    readme = (project / "README.md").read_text(encoding="utf-8")
    for name, variable in config.get("metadata", {}).items():
        facts[f"metadata.{name}.example"] = metadata.get(name)
        if "description" in variable:
            row = next((r for r in readme.splitlines() if r.startswith(f"| `{name}` |")), "")
            facts[f"metadata.{name}.description"] = row.split(" | ")[1] if row else None
    return facts


def _expected(key: str, value: Any) -> Any:
    if key.endswith("timeout_s"):
        return float(value)
    if key.startswith("metadata.") and key.endswith(".description"):
        return " ".join(value.split()).replace("|", "\\|")  # as a Markdown cell
    return value


def mismatches(config: dict, facts: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(keys the file sets that no fact answers for, keys whose fact differs)."""
    unchecked, wrong = [], []
    for key, value in leaves(config):
        if key in NOT_IN_CODE:
            continue
        if key not in facts:
            unchecked.append(key)
        elif facts[key] != _expected(key, value):
            wrong.append(f"{key}: the file says {value!r}, the code {facts[key]!r}")
    # what the model is offered, for every tool and parameter (set in the file or not)
    for kind in ("http", "client"):
        for index, tool in enumerate(config.get("tools", {}).get(kind, [])):
            prefix = f"tools.{kind}[{index}]"
            said = {
                f"{prefix}.name": tool["name"],
                f"{prefix}.description": tool["description"],
            }
            for p_index, param in enumerate(tool.get("parameters", [])):
                said[f"{prefix}.parameters[{p_index}].required"] = param.get("required", True)
            for key, value in said.items():
                if facts.get(f"{key} (offered)") != value:
                    offered = facts.get(f"{key} (offered)")
                    wrong.append(
                        f"{key}: the file says {value!r}, the model is offered {offered!r}"
                    )
    return unchecked, wrong


@pytest.mark.parametrize("source", ALL_CONFIGS, ids=config_id)
async def test_generated_code_carries_every_key_of_the_file(source, tmp_path, inference_env):
    config = tomllib.loads(source.read_text(encoding="utf-8"))
    project = generate_project(source, tmp_path / "project").out_dir
    unchecked, wrong = mismatches(config, await generated_facts(project, config))
    assert not unchecked, f"keys no generated fact answers for: {unchecked}"
    assert not wrong, "\n".join(wrong)


def _drop_keyword(name: str, keyword: str):
    """`name` of agent_source, writing its calls without `keyword=`."""
    from runtime.codegen import agent_source
    from runtime.codegen.layout import Bracket

    original = getattr(agent_source, name)

    def without(node):
        if isinstance(node, Bracket):
            items = tuple(i for i in node.items if i.key != keyword)
            return dataclasses.replace(
                node, items=tuple(dataclasses.replace(i, value=without(i.value)) for i in items)
            )
        return node

    def patched(*args, **kwargs):
        result = original(*args, **kwargs)
        return without(result) if isinstance(result, Bracket) else result

    return patched


@pytest.mark.parametrize(
    ("function", "keyword", "key"),
    [
        ("parameter_node", "required", "tools.http[0].parameters[1].required"),
        ("keyword_call", "silent", "tools.http[2].silent"),
    ],
    ids=["parameter-required", "tool-silent"],
)
async def test_a_template_that_drops_a_setting_fails_the_check(
    function, keyword, key, tmp_path, inference_env, monkeypatch
):
    from runtime.codegen import agent_source
    from tests.codegen.conftest import EVERYTHING

    monkeypatch.setattr(agent_source, function, _drop_keyword(function, keyword))
    config = tomllib.loads(EVERYTHING.read_text(encoding="utf-8"))
    project = generate_project(EVERYTHING, tmp_path / "project").out_dir
    _, wrong = mismatches(config, await generated_facts(project, config))
    assert any(line.startswith(f"{key}:") for line in wrong), wrong
