"""agent.tests.toml as the Tests tab edits it: the same session the agent file has
(`tui.session.DocumentSession`: comment-keeping document, atomic save that refuses to
overwrite a file changed on disk, undo snapshots, lookups for the forms), checked with the
scenario file's own declarations, and listed with each scenario's last results.

A scenario file that does not exist yet is an empty document: the first scenario added
creates it on save. One that is not valid TOML has no document and is never written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtime.config.document import AgentDocument
from runtime.config.validate import Problem, has_errors
from runtime.scenarios.engine.model import Scenario, build
from runtime.scenarios.last_results import LastResults
from runtime.scenarios.overview import ScenarioRow
from tui.session import DocumentSession, OpenResult


class ScenarioSession(DocumentSession):
    def __init__(self, tests_path: Path, agent_facts=None) -> None:
        super().__init__(tests_path)
        # () -> the agent's facts (tools, fields, metadata) the scenarios may name, as
        # edited: a mock of a tool added a moment ago is not "unknown".
        self._agent_facts = agent_facts or (lambda: None)
        self.problems: list[Problem] = []

    def open(self) -> OpenResult:
        result = super().open()
        if result is OpenResult.MISSING:
            self.document = AgentDocument.from_text("", self.path)
            self.load_error = None
            self._dirty = None
        if self.document is not None:
            try:
                self.document.load_editor()  # a small file: edits need no waiting
            except Exception as error:  # noqa: BLE001 - tomlkit refusing what tomllib read
                self.document, self.load_error = None, error
                result = OpenResult.INVALID
        self.check_now()
        return result

    def spec_for(self, parts: tuple):
        from runtime.config.declarations import spec_for_path
        from runtime.scenarios.declarations import ROOT

        return spec_for_path(parts, ROOT)

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def recheck_dirty(self, text: str | None = None) -> None:
        if self.document is None:
            self._dirty = False
            return
        text = self.document.text if text is None else text
        # Unlike the agent file, no file yet is a normal state: unsaved means there is
        # something to write.
        self._dirty = self.document.differs_from_saved(text) if self.exists else bool(text.strip())

    def check_now(self) -> list[Problem]:
        """Validate the document as edited (or the file's load error), keep and return
        the problems."""
        from runtime.scenarios.validate import validate

        if self.document is None:
            self.problems = self._file_problems()
        else:
            self.problems = validate(self.document.text, self._agent_facts())
        return self.problems

    def _file_problems(self) -> list[Problem]:
        """Why the file could not be opened for editing, where in it."""
        from runtime.config.errors import ConfigLoadError
        from runtime.config.textfile import read_text
        from runtime.config.validate import ERROR
        from runtime.scenarios.validate import validate

        try:
            problems = validate(read_text(self.path), self._agent_facts())
        except (ConfigLoadError, OSError) as error:
            problems = []
            self.load_error = error
        if has_errors(problems):
            return problems
        error = self.load_error
        return [Problem(ERROR, "", getattr(error, "message", str(error)),
                        getattr(error, "line", 0), getattr(error, "col", 0))]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.problems)

    def entries(self) -> list[Any]:
        items = self.document.get(("scenarios",), None) if self.document is not None else None
        return items if isinstance(items, list) else []

    def names(self) -> list[str]:
        return [entry_name(item, i) for i, item in enumerate(self.entries())]

    def rows(self) -> list[ScenarioRow]:
        """Each scenario as edited, with the results kept for its name."""
        results = LastResults.beside(self.path)
        rows = []
        for index, item in enumerate(self.entries()):
            name = entry_name(item, index)
            rows.append(ScenarioRow(_scenario(item, name), results.get(name)))
        return rows


def entry_name(item: Any, index: int) -> str:
    name = item.get("name") if isinstance(item, dict) else None
    return str(name) if name else f"(unnamed {index + 1})"


def _scenario(item: Any, name: str) -> Scenario:
    """The scenario the entry says, or one with only its name while it is half-edited."""
    if isinstance(item, dict):
        try:
            return build(Scenario, {**item, "name": name})
        except (TypeError, ValueError, KeyError, AttributeError):
            pass
    return Scenario(name=name)
