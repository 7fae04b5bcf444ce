"""The generated project carries the scenarios: `pytest` in it runs them offline with
the SDK's testing API and the scripted model (the same engine `agent-builder test`
uses), and scenarios.yaml is there for `lk agent simulate`."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tomllib

import pytest
import yaml

from runtime.codegen import generate_project
from runtime.scenarios.engine.model import ScenarioFile
from runtime.scenarios.engine.offline import scripted_agent
from runtime.scenarios.livekit_yaml import parse_yaml
from runtime.scenarios.suite import prepare, run_suite
from tests.scenarios.conftest import call
from tests.scenarios.test_runner import ORDER_STATUS

pytestmark = pytest.mark.slow

SCENARIOS = ORDER_STATUS + """
    [[scenarios]]
    name = "Forgot the mock"
    [[scenarios.turns]]
    user = "Where is order 7?"
    [[scenarios.turns.expect]]
    tool_called = "lookup_order"
    arguments = { order_id = "7" }

    [[scenarios]]
    name = "Simulated shopper"
    kind = "simulated"
    instructions = "You are Ada; you want to know where order 123 is."
    agent_expectations = "Tells Ada that order 123 has shipped."
    [[scenarios.mocks]]
    tool = "lookup_order"
    result = { status = "shipped" }
"""


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEKIT_", "AGENT_BUILDER_"))}
    for name in ("PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER"):
        env.pop(name, None)
    return env


async def project_pytest(project, *args: str) -> str:
    """pytest in the generated project, as `uv run pytest` runs it there."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-rs", "-v",
        "tests/test_scenarios.py", *args,
        cwd=project, env=clean_env(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 300)
    return out.decode()


def outcomes(report: str) -> dict[str, str]:
    return dict(re.findall(r"::test_offline\[(.+?)\] (PASSED|FAILED|SKIPPED)", report))


async def test_the_projects_pytest_runs_the_same_scenarios_offline(shop, api, tmp_path, scripted_llm):
    shop.write_tests(SCENARIOS)
    project = generate_project(shop.agent_path, tmp_path / "project").out_dir
    assert (project / "agent.tests.toml").read_text() == shop.tests_path.read_text()

    report = await project_pytest(project)
    assert outcomes(report) == {
        "Order status": "PASSED", "Forgot the mock": "FAILED", "Simulated shopper": "SKIPPED"}, report
    # why it failed, as `agent-builder test` words it
    assert "turn 1: expected: uses only mocked tools" in report
    assert 'lookup_order(order_id="7"), which no mock covers' in report
    assert "offline: a simulated caller needs real models" in report
    assert "3 deselected" in report  # the runs with real models are opt-in (-m evals)
    assert api.received == []  # the tool's real API, and the real endpoint, heard nothing

    # agent-builder test, with the same scripted agent (and a judge that agrees), finds
    # the same: the engine is one
    tests = ScenarioFile.from_dict(tomllib.loads(shop.tests_path.read_text()))
    facts = prepare(shop.tests_path).agent
    for scenario in tests.scenarios[:2]:
        scripted_llm.default = agreeing_judge(scripted_agent(scenario, facts))
        [run] = await run_suite(prepare(shop.tests_path, [scenario.name]))
        assert run.status == outcomes(report)[scenario.name].lower(), run.failures
        assert all(c.detail in report for c in run.failures)


def agreeing_judge(agent_model):
    def reply(request):
        if "check_intent" in request.tool_names:
            return call("check_intent", success=True, reason="it does")
        return agent_model(request)

    return reply


async def test_the_projects_evals_run_the_scenarios_with_real_models(shop, roles, scripted_llm, tmp_path):
    """With credentials, the evals run each scenario as `agent-builder test` does (here
    LiveKit Inference is the scripted model playing agent, caller and judge)."""
    roles.agent = {"123": call("lookup_order", order_id="123"), "bye": call("end_call")}
    roles.after_tool = "It has shipped."
    roles.caller_lines = ["Where is my order 123?"]
    shop.write_tests(SCENARIOS)
    project = generate_project(shop.agent_path, tmp_path / "project").out_dir
    env_keys = {k: os.environ[k] for k in ("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_INFERENCE_URL")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-v",
        "-m", "evals", "tests/test_scenarios.py",
        cwd=project, env={**clean_env(), **env_keys},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 300)
    report = out.decode()
    assert re.findall(r"::test_with_real_models\[(.+?)\] (PASSED|FAILED)", report) == [
        ("Order status", "PASSED"), ("Forgot the mock", "FAILED"), ("Simulated shopper", "PASSED")
    ], report
    judged = [r for r in scripted_llm.requests if "check_intent" in r.tool_names]
    assert judged, "the intent was judged by the judge model"


def test_the_project_has_scenarios_yaml_for_lk_agent_simulate(shop, tmp_path):
    shop.write_tests(SCENARIOS)
    project = generate_project(shop.agent_path, tmp_path / "project").out_dir
    text = (project / "scenarios.yaml").read_text()
    group, warnings = parse_yaml(text)
    assert warnings == [] and [s.label for s in group.scenarios] == ["Simulated shopper"]
    assert yaml.safe_load(text)["scenarios"][0]["userdata"] == {"store_name": "Example Outfitters"}
    again = generate_project(shop.agent_path, tmp_path / "project")
    assert list(again) == []  # deterministic: nothing to rewrite


def test_an_agent_without_scenarios_gets_no_scenario_files(shop, tmp_path):
    project = generate_project(shop.agent_path, tmp_path / "project").out_dir
    assert not (project / "agent.tests.toml").exists() and not (project / "scenarios.yaml").exists()
    assert not (project / "tests" / "test_scenarios.py").exists()


def test_the_engine_needs_nothing_a_generated_project_lacks():
    """It is copied into projects where neither agent-builder nor its other modules
    exist (the projects' own tests would still pass here, where they do)."""
    import ast
    from pathlib import Path

    from runtime.scenarios.project_files import ENGINE_SOURCE

    allowed = {"livekit", "aiohttp", "text_calls", *sys.stdlib_module_names}
    for path in ENGINE_SOURCE.glob("*.py"):
        tree = ast.parse(path.read_text())
        # `try: from runtime... except ImportError: from <the project's copy> ...`
        guarded = {id(n) for t in ast.walk(tree) if isinstance(t, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id == "ImportError" for h in t.handlers)
            for n in t.body}
        for node in ast.walk(tree):
            if id(node) in guarded:
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{Path(path).name} imports {name}"
