"""Each example (and the everything-config) generates a project that lints, compiles
and passes its own tests, in the builder's environment with nothing new installed."""

from __future__ import annotations

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


def test_generated_project_lints_compiles_and_passes_its_tests(config_path, tmp_path):
    project = generate_project(config_path, tmp_path / "project").out_dir

    lint = _run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], project)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    compiled = _run([sys.executable, "-m", "compileall", "-q", "src", "tests"], project)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

    tests = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "-rs", "tests"],
        project,
    )
    report = tests.stdout + tests.stderr
    assert tests.returncode == 0, report
    assert " failed" not in report and " error" not in report
    assert "passed" in report
    # the evals are there and skip without credentials rather than fail or hang
    assert "SKIPPED" in report and "LIVEKIT_API_KEY" in report


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
