"""Every tool a generated agent offers passes the real API's strict-mode rules, as the
SDK formats it for LiveKit Inference (which always asks for strict schemas)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from runtime.codegen import generate_project
from runtime.testing import openai_contract

# Runs inside the generated project: the agent's tools exactly as inference.LLM sends them.
PROBE = """
import json, sys
from livekit.agents import Agent, llm
import agent
from agent_support.call import CallState

classes = [v for v in vars(agent).values()
           if isinstance(v, type) and issubclass(v, Agent) and v.__module__ == "agent"]
call = CallState(fields=getattr(agent, "FIELDS", ()), call_ending=agent.CALL_ENDING, environ={})
instance = classes[0](call)
tools = [t for t in instance.tools if not isinstance(t, llm.Toolset)]
strict = llm.ToolContext(tools).parse_function_tools("openai", strict=True)
print(json.dumps(strict))
"""


def _offered_tools(project) -> list[dict]:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=project / "src",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout.splitlines()[-1])


def test_every_tool_passes_strict_mode(config_path, tmp_path):
    project = generate_project(config_path, tmp_path / "project").out_dir
    tools = _offered_tools(project)
    assert tools, "the agent offers no tools"
    for tool in tools:
        function = tool["function"]
        problems = openai_contract.strict_schema_problems(function["parameters"])
        assert problems == [], f"{function['name']}: {problems}"
    body = {
        "model": "openai/gpt-4.1-mini",
        "messages": [{"role": "user", "content": "hi"}],
        "tools": tools,
    }
    assert openai_contract.check_request(body) is None


@pytest.mark.parametrize("strict", [True, False])
def test_the_checker_sees_a_free_form_object_sent_as_one(strict):
    # the schema the generator used to emit for a `dict[str, Any]` parameter
    parameters = {
        "type": "object",
        "properties": {"details": {"type": "object", "additionalProperties": True}},
        "required": ["details"],
        "additionalProperties": False,
    }
    tool = {"type": "function", "function": {"name": "t", "parameters": parameters}}
    tool["function"]["strict"] = strict
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}], "tools": [tool]}
    violation = openai_contract.check_request(body)
    assert (violation is not None) is strict
