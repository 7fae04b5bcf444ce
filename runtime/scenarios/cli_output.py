"""What `agent-builder test` prints: the readable report as runs finish, or JSON lines,
and the JUnit file. Known secret values are masked in everything it writes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from runtime.scenarios.engine.report import failure_lines, render_summary, run_line
from runtime.scenarios.engine.results import ScenarioRun, group_runs
from runtime.scenarios.engine.runner import Progress
from runtime.scenarios.suite import Plan


def mask(text: str, secrets: Iterable[str]) -> str:
    from runtime.preview.worker import mask_secrets  # the preview's masking, the same rule

    return mask_secrets(text, secrets)


class TestOutput(Progress):
    def __init__(
        self,
        plan: Plan,
        *,
        json_lines: bool,
        secrets: set[str],
        out: TextIO | None = None,
        record: bool = True,
    ) -> None:
        from runtime.scenarios.last_results import LastResults

        self.plan = plan
        self.results = LastResults.beside(plan.tests_path) if record else None
        self.json_lines = json_lines
        self.secrets = secrets | _local_secret_values(plan.agent_path)
        self.out = out or sys.stdout
        self.width = max((len(s.name) for s in plan.scenarios), default=10)

    def _print(self, text: str) -> None:
        print(mask(text, self.secrets), file=self.out, flush=True)

    def _emit(self, record: dict) -> None:
        self._print(json.dumps(record, ensure_ascii=False))

    def begin(self) -> None:
        for file, problem in self.plan.warnings:
            print(mask(problem.format(file), self.secrets), file=sys.stderr)
        if self.json_lines:
            self._emit({"type": "plan", "tests": str(self.plan.tests_path), "agent": str(self.plan.agent_path),
                        "scenarios": [s.name for s in self.plan.scenarios], "repeat": self.plan.repeat})
            return
        models = self.plan.tests.models
        count = len(self.plan.scenarios)
        runs = f", {self.plan.repeat} runs each" if self.plan.repeat > 1 else ""
        self._print(f"{self.plan.tests_path}: {count} scenario{'s' if count != 1 else ''}{runs} "
                    f"against {self.plan.agent.name} (judge {models.judge}"
                    + (f", caller {models.caller}" if any(s.simulated for s in self.plan.scenarios) else "")
                    + (f", agent model {models.agent}" if models.agent else "") + ")")

    def started(self, scenario, attempt: int) -> None:
        if self.json_lines:
            self._emit({"type": "start", "scenario": scenario.name, "attempt": attempt})

    def turn_done(self, run: ScenarioRun, turn: int) -> None:
        if self.json_lines:
            self._emit({
                "type": "turn", "scenario": run.scenario, "attempt": run.attempt, "turn": turn,
                "transcript": [asdict(e) for e in run.transcript if e.turn == turn],
                "checks": [asdict(c) for c in run.checks if c.turn == turn],
            })

    def finished(self, run: ScenarioRun) -> None:
        self._record(run)
        if self.json_lines:
            self._emit({"type": "run", **run.to_dict()})
            return
        line = run_line(run, self.width)
        if self.plan.repeat > 1:
            line += f"  (run {run.attempt} of {self.plan.repeat})"
        self._print(line)
        for detail in [] if run.passed else failure_lines(run):
            self._print(detail)

    def _record(self, run: ScenarioRun) -> None:
        scenario = self.plan.tests.scenario(run.scenario)
        if self.results is None or scenario is None:
            return
        try:
            self.results.record(run, scenario, keep=[s.name for s in self.plan.tests.scenarios],
                                secrets=self.secrets)
        except OSError as exc:
            print(f"warning: the results of this run are not kept for the editor: {exc}",
                  file=sys.stderr)
            self.results = None

    def end(self, runs: list[ScenarioRun]) -> None:
        if self.json_lines:
            self._emit({
                "type": "summary",
                "passed": all(r.passed for r in runs) and bool(runs),
                "runs": len(runs),
                "failed": sum(not r.passed for r in runs),
                "scenarios": [{"scenario": s.scenario, "passed": s.passed, "total": s.total,
                               "rate": round(s.rate, 4)} for s in group_runs(runs)],
            })
            return
        self._print(render_summary(runs, self.plan.repeat))

    def write_junit(self, path: str, runs: list[ScenarioRun]) -> None:
        from runtime.config.atomic_write import atomic_write
        from runtime.scenarios.junit import render_junit

        xml = render_junit(runs, suite=self.plan.tests_path.name, repeat=self.plan.repeat)
        atomic_write(Path(path), mask(xml, self.secrets).encode("utf-8"))


def _local_secret_values(agent_path: Path) -> set[str]:
    from runtime.secrets import SecretsStore

    return set(SecretsStore.beside(agent_path).values().values())
