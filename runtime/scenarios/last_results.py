"""The last results of each scenario, kept beside the scenario file for the editor.

`agent-builder test` records every finished run in
`.agent-builder/test-results/<file>.json` next to the scenario file: per scenario the
outcomes of its recent runs (its pass rate) and its last run whole (checks and
transcript, to show a failure). The folder ignores itself in git (a `.gitignore` of
`*`, as pytest's cache does). Known secret values are masked before anything is
written, as in every other output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from runtime.scenarios.engine.model import Scenario
from runtime.scenarios.engine.results import PASSED, ScenarioRun

RESULTS_DIR = Path(".agent-builder") / "test-results"
HISTORY_KEPT = 20
FORMAT = 1


def results_path(tests_path: Path) -> Path:
    return tests_path.parent / RESULTS_DIR / (tests_path.name.removesuffix(".toml") + ".json")


def scenario_digest(scenario: Scenario) -> str:
    """Changes whenever the scenario does (defaults filled, so spelling does not count)."""
    text = json.dumps(dataclasses.asdict(scenario), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class ScenarioRecord:
    outcomes: list[str] = field(default_factory=list)  # statuses, oldest first
    last: ScenarioRun | None = None
    at: str = ""  # when the last run finished (ISO 8601, UTC)
    digest: str = ""  # the scenario as it was then

    @property
    def passed(self) -> int:
        return sum(outcome == PASSED for outcome in self.outcomes)

    @property
    def rate(self) -> float:
        return self.passed / len(self.outcomes) if self.outcomes else 0.0

    def changed_since(self, scenario: Scenario) -> bool:
        return bool(self.digest) and self.digest != scenario_digest(scenario)

    def to_dict(self) -> dict[str, Any]:
        last = self.last.to_dict() if self.last is not None else None
        return {"outcomes": self.outcomes, "last": last, "at": self.at, "digest": self.digest}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioRecord:
        last = data.get("last")
        return cls(
            outcomes=[str(o) for o in data.get("outcomes", [])][-HISTORY_KEPT:],
            last=ScenarioRun.from_dict(last) if isinstance(last, dict) else None,
            at=str(data.get("at", "")),
            digest=str(data.get("digest", "")),
        )


class LastResults:
    def __init__(self, path: Path, records: dict[str, ScenarioRecord] | None = None) -> None:
        self.path = path
        self.records = records or {}

    @classmethod
    def beside(cls, tests_path: str | os.PathLike[str]) -> LastResults:
        """What is recorded for this scenario file; nothing when there is no readable record
        (a record from another version, or damaged, is simply started over)."""
        path = results_path(Path(tests_path))
        return cls(path, _load(path))

    def get(self, name: str) -> ScenarioRecord | None:
        return self.records.get(name)

    def record(
        self,
        run: ScenarioRun,
        scenario: Scenario,
        *,
        keep: Iterable[str] | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        """Add a finished run and write the file (merged with what another run wrote
        meanwhile). `keep`: the scenarios the file has now; records of others go."""
        with self._locked():
            current = _load(self.path)
            entry = current.get(run.scenario) or ScenarioRecord()
            entry.outcomes = [*entry.outcomes, run.status][-HISTORY_KEPT:]
            entry.last = run
            entry.at = datetime.now(UTC).replace(microsecond=0).isoformat()
            entry.digest = scenario_digest(scenario)
            current[run.scenario] = entry
            if keep is not None:
                names = set(keep)
                current = {name: rec for name, rec in current.items() if name in names}
            self.records = current
            self._write(secrets)

    def _write(self, secrets: Iterable[str]) -> None:
        from runtime.config.atomic_write import atomic_write
        from runtime.preview.worker import mask_secrets

        text = json.dumps(
            {"format": FORMAT, "scenarios": {n: r.to_dict() for n, r in self.records.items()}},
            ensure_ascii=False, indent=1,
        )
        atomic_write(self.path, (mask_secrets(text, secrets) + "\n").encode("utf-8"))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time (the editor's run and a terminal's may overlap)."""
        import fcntl

        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by agent-builder: test results stay out of git\n*\n",
                              encoding="utf-8")
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _load(path: Path) -> dict[str, ScenarioRecord]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return {}
        return {str(n): ScenarioRecord.from_dict(e) for n, e in data["scenarios"].items()
                if isinstance(e, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
