"""Each example (and the everything-config) generates a project that lints, is
formatted as `ruff format` formats it, type-checks with mypy and passes its own tests,
in the builder's environment with nothing new installed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest

from runtime.codegen import generate_project

pytestmark = pytest.mark.slow


def _clean_env() -> dict[str, str]:
    # No LiveKit credentials (so the evals skip cleanly) and no preview switch leaking in.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEKIT_", "AGENT_BUILDER_"))}
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    env["CI"] = "true"
    return env


def _run(args: list[str], cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory):
    # one per test process: the SDK's types are read once, not once per project
    return tmp_path_factory.mktemp("mypy-cache")


def test_generated_project_lints_type_checks_and_passes_its_tests(
    config_path, tmp_path, mypy_cache
):
    project = generate_project(config_path, tmp_path / "project").out_dir

    lint = _run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], project)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    formatted = _run([sys.executable, "-m", "ruff", "format", "--check", "--diff", "."], project)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    types = _run([sys.executable, "-m", "mypy", "--cache-dir", str(mypy_cache)], project)
    assert types.returncode == 0, types.stdout + types.stderr

    tests = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "-rs", "tests"],
        project,
    )
    report = tests.stdout + tests.stderr
    assert tests.returncode == 0, report
    assert " failed" not in report and " error" not in report
    assert "passed" in report and " deselected" in report  # the evals are opt-in


def test_agent_imports_without_packages_its_config_does_not_need(tmp_path):
    # kiosk: no MCP server, noise cancellation on; pyproject leaves the MCP client out,
    # so the agent must not need it (a None in sys.modules makes the import fail).
    from tests.codegen.conftest import EXAMPLES

    kiosk = next(p for p in EXAMPLES if p.parent.name == "kiosk")
    project = generate_project(kiosk, tmp_path / "project").out_dir
    assert "mcp" not in (project / "pyproject.toml").read_text()
    code = "import sys; sys.modules['mcp'] = None; import agent; print(agent.server)"
    proc = _run([sys.executable, "-c", code], project / "src")
    assert proc.returncode == 0, proc.stdout + proc.stderr


async def _run_evals(project, env) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:xdist",
        "-m", "evals", "tests", cwd=project, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 300)
    return process.returncode, output.decode(errors="replace")


@pytest.mark.parametrize("verdict", [None, True, False], ids=["no-credentials", "ok", "wrong"])
async def test_evals_are_judged_with_credentials_and_skip_without(tmp_path, scripted_llm, verdict):
    # The scripted model stands in for LiveKit Inference, as agent and as judge: the eval
    # passes when the judge says the reply fits the intent and fails when it does not.
    from tests.codegen.conftest import EXAMPLES

    kiosk = next(p for p in EXAMPLES if p.parent.name == "kiosk")
    project = generate_project(kiosk, tmp_path / "project").out_dir
    if verdict is None:
        returncode, report = await _run_evals(project, _clean_env())
        assert returncode == 0 and "2 skipped" in report and "LIVEKIT_API_KEY" in report, report
        return
    judge_call = {"name": "check_intent", "arguments": {"success": verdict, "reason": "scripted"}}
    scripted_llm.on("Check if the following message fulfills", {"tool_calls": [judge_call]})
    scripted_llm.default = {"text": "Hi! I can show you exhibits and the way to them."}
    env = {
        **_clean_env(),
        "LIVEKIT_API_KEY": "eval-key",
        "LIVEKIT_API_SECRET": "eval-secret-eval-secret-eval-secret",
        "LIVEKIT_INFERENCE_URL": scripted_llm.base_url,
    }
    returncode, report = await _run_evals(project, env)
    assert (returncode == 0) == verdict, report
    assert ("2 passed" if verdict else "2 failed") in report
    judged = [r for r in scripted_llm.requests if "Check if the following" in r.last_user_text]
    # a judge of its own, not the agent's model grading itself
    assert {r.model for r in judged} == {"openai/gpt-4.1-mini"}
    answered = [r for r in scripted_llm.requests if r not in judged]
    assert {r.model for r in answered} == {"google/gemini-2.5-flash"}
