"""The scenarios' part of a generated project, when the agent has a scenario file:

    agent.tests.toml              the scenario file, copied as it is (like agent.toml)
    scenarios.yaml                its simulated scenarios, for `lk agent simulate`
    tests/test_scenarios.py       runs them with the SDK's testing API (pytest)
    tests/scenario_engine/        the engine that runs them, the same as `agent-builder
                                  test` uses (copied, like the agent's support library)

Pure and deterministic, like the rest of the render: the same files give the same bytes.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

ENGINE_SOURCE = Path(__file__).resolve().parent / "engine"
ENGINE_PACKAGE = "scenario_engine"
TESTS_COPY = "agent.tests.toml"
YAML_FILE = "scenarios.yaml"
TEST_MODULE = ("tests/test_scenarios.py", "tests/test_scenarios.py.j2")


@functools.cache
def engine_sources() -> tuple[tuple[str, str], ...]:
    """(project path, text) of the engine's modules. Read once per process."""
    return tuple(
        (f"tests/{ENGINE_PACKAGE}/{p.name}", p.read_text("utf-8"))
        for p in sorted(ENGINE_SOURCE.glob("*.py"))
    )


def scenario_files(tests_text: str | None, agent_text: str) -> dict[str, str | bytes]:
    """The files to add for this scenario file's text (None: the agent has none).
    Text values get the generator's header; bytes are written as they are."""
    from runtime.codegen.templating import render_template

    if tests_text is None:
        return {}
    files: dict[str, str | bytes] = {TESTS_COPY: tests_text.encode("utf-8")}
    path, template = TEST_MODULE
    files[path] = render_template(template, "python", {})
    files.update(engine_sources())
    yaml_text = _scenarios_yaml(tests_text, agent_text)
    if yaml_text is not None:
        files[YAML_FILE] = yaml_text.encode("utf-8")
    return files


def _scenarios_yaml(tests_text: str, agent_text: str) -> str | None:
    """LiveKit's scenarios.yaml of the simulated scenarios; None when there are none, or
    when the file has errors (`agent-builder test` and the project's tests say which)."""
    from runtime.config.validate import has_errors
    from runtime.scenarios.engine.agent_facts import AgentFacts
    from runtime.scenarios.engine.model import ScenarioFile
    from runtime.scenarios.livekit_yaml import export_group, render_yaml
    from runtime.scenarios.validate import validate

    text = tests_text.removeprefix("\ufeff")
    try:
        agent = AgentFacts.from_text(agent_text)
    except tomllib.TOMLDecodeError:
        return None
    if has_errors(validate(text, agent)):
        return None
    group = export_group(ScenarioFile.from_dict(tomllib.loads(text)), agent)
    return render_yaml(group, source=TESTS_COPY) if group.scenarios else None
