"""Everything `agent-builder test` does around the runs: find the two files, check both,
check the credentials, build the project once, run each scenario `repeat` times.

    plan = prepare("agent.tests.toml")        # raises SuiteError (exit 2) with reasons
    runs = await run_suite(plan, progress=printer)   # a runner.Progress
"""

from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.config.validate import Problem, has_errors
from runtime.scenarios.engine.agent_facts import AgentFacts
from runtime.scenarios.engine.model import Scenario, ScenarioFile
from runtime.scenarios.engine.results import ScenarioRun

if TYPE_CHECKING:
    from runtime.scenarios.engine.runner import Progress

TESTS_SUFFIX = ".tests.toml"
TESTS_NEED = (
    "The tests need {names}: the agent, the simulated caller and the judge talk to their "
    "models through LiveKit Inference."
)


class SuiteError(Exception):
    """Why the tests cannot run; `problems` (with positions) when a file has errors."""

    def __init__(self, message: str, problems: list[Problem] | None = None, file: str = "") -> None:
        super().__init__(message)
        self.problems = problems or []
        self.file = file


@dataclass
class Plan:
    tests_path: Path
    agent_path: Path
    tests: ScenarioFile
    agent: AgentFacts
    scenarios: list[Scenario]
    repeat: int = 1
    warnings: list[tuple[str, Problem]] = field(default_factory=list)  # (file, problem)


def tests_path_for(agent_path: Path) -> Path:
    """agent.toml -> agent.tests.toml, beside it."""
    return agent_path.with_name(agent_path.name.removesuffix(".toml") + TESTS_SUFFIX)


def agent_path_for(tests_path: Path, declared: str) -> Path:
    if declared:
        return (tests_path.parent / declared).resolve()
    return tests_path.with_name(tests_path.name.removesuffix(TESTS_SUFFIX) + ".toml")


def read_tests_file(path: Path) -> tuple[str, dict[str, Any] | None]:
    """The text, and its data when it parses (else None: validation says why)."""
    from runtime.config.errors import ConfigLoadError
    from runtime.config.textfile import read_text

    try:
        text = read_text(path)
    except ConfigLoadError as exc:
        raise SuiteError(str(exc)) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return text, None


def prepare(path: str | os.PathLike[str], names: list[str] | None = None, repeat: int = 1) -> Plan:
    from runtime.config.textfile import read_text
    from runtime.config.validate import validate as validate_agent
    from runtime.scenarios.validate import validate as validate_tests

    given = Path(path)
    if given.name.endswith(TESTS_SUFFIX):
        tests_path = given
    elif given.suffix == ".toml":
        tests_path = tests_path_for(given)
        if not tests_path.exists():
            raise SuiteError(
                f"{tests_path} does not exist: write the agent's scenarios there (see the "
                "README's \"Testing the agent\"), or import LiveKit's scenarios with "
                f"`agent-builder scenarios import scenarios.yaml {given}`"
            )
    else:
        raise SuiteError(f"{given}: give the scenario file (NAME{TESTS_SUFFIX}) or the agent file")
    text, data = read_tests_file(tests_path)
    declared = data.get("agent", "") if isinstance(data, dict) else ""
    agent_path = given if tests_path is not given else agent_path_for(
        tests_path, declared if isinstance(declared, str) else ""
    )
    try:
        agent_text = read_text(agent_path)
    except Exception as exc:  # noqa: BLE001 - ConfigLoadError and friends: say it as it is
        raise SuiteError(f"cannot read the agent file of {tests_path}: {exc}") from None
    agent_problems = validate_agent(agent_text)
    if has_errors(agent_problems):
        raise SuiteError(f"{agent_path} has errors", agent_problems, str(agent_path))
    agent = AgentFacts.from_data(tomllib.loads(agent_text))
    problems = validate_tests(text, agent)
    if has_errors(problems):
        raise SuiteError(f"{tests_path} has errors", problems, str(tests_path))
    tests = ScenarioFile.from_dict(data or {})
    scenarios = _selected(tests, names or [], tests_path)
    warnings = [(str(agent_path), p) for p in agent_problems] + [(str(tests_path), p) for p in problems]
    return Plan(tests_path, agent_path, tests, agent, scenarios, max(1, repeat), warnings)


def _selected(tests: ScenarioFile, names: list[str], tests_path: Path) -> list[Scenario]:
    if not tests.scenarios:
        raise SuiteError(f"{tests_path} has no [[scenarios]] yet")
    if not names:
        return list(tests.scenarios)
    chosen = []
    for name in names:
        scenario = tests.scenario(name) or _by_folded_name(tests, name)
        if scenario is None:
            from runtime.config.validate import did_you_mean

            known = [s.name for s in tests.scenarios]
            hint = did_you_mean(name, known) or f" (scenarios: {', '.join(known)})"
            raise SuiteError(f"no scenario named '{name}' in {tests_path}{hint}")
        if scenario not in chosen:
            chosen.append(scenario)
    return chosen


def _by_folded_name(tests: ScenarioFile, name: str) -> Scenario | None:
    matches = [s for s in tests.scenarios if s.name.casefold() == name.casefold()]
    return matches[0] if len(matches) == 1 else None


def load_credentials(plan: Plan) -> dict[str, str]:
    """LIVEKIT_API_KEY/SECRET from the environment or the agent's .env.local; raises
    SuiteError saying what to set and where."""
    from runtime.preview.credentials import MissingCredentials
    from runtime.preview.credentials import load_credentials as load

    try:
        return load(plan.agent_path, why=TESTS_NEED)
    except MissingCredentials as exc:
        raise SuiteError(str(exc)) from None


async def run_suite(
    plan: Plan,
    *,
    environ: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> list[ScenarioRun]:
    """Build the project once and run every selected scenario `plan.repeat` times."""
    from runtime.scenarios.engine.runner import Models, run_scenarios
    from runtime.scenarios.generated_agent import build_project, load_project

    environ = dict(os.environ if environ is None else environ)
    build_root = Path(tempfile.mkdtemp(prefix="agent-builder-tests-"))
    try:
        try:
            project = load_project(build_project(plan.agent_path, build_root / "project"))
        except Exception as exc:
            raise SuiteError(f"could not build the agent project: {type(exc).__name__}: {exc}") from exc
        return await run_scenarios(
            project,
            plan.tests,
            plan.agent,
            Models.for_tests(plan.tests, plan.agent),
            plan.scenarios,
            repeat=plan.repeat,
            environ={**environ, **_local_secrets(plan.agent_path)},
            progress=progress,
        )
    finally:
        shutil.rmtree(build_root, ignore_errors=True)


def _local_secrets(agent_path: Path) -> dict[str, str]:
    """The agent's secrets from its .env.local, for tools that run live."""
    from runtime.secrets import SecretsStore

    return dict(SecretsStore.beside(agent_path).values())
