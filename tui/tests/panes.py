"""Under the scenario list: the selected scenario's last run, its form, and the settings
the whole file shares (models, timeout, mocks for every scenario), one sub-tab each.

The forms are the agent file's own (`tui.forms`), built from the scenario file's
declarations (`runtime.scenarios.declarations`); they edit the Tests tab's session.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from runtime.scenarios.declarations import ROOT, SCENARIO
from tui.forms.builder import Section
from tui.forms.list_detail import DetailPane
from tui.tests.run_view import RunView
from tui.widgets.tab_strip import TabStrip

RUN, EDIT, FILE = "tests-pane-run", "tests-pane-edit", "tests-pane-file"
SCENARIOS = ("scenarios",)
# The keys only one kind of scenario uses: the form shows them for that kind (and any
# key present in the file, so that it can be seen and removed).
KIND_ONLY = {"turns": "scripted", "instructions": "simulated", "agent_expectations": "simulated",
             "max_turns": "simulated", "turn_limit": "simulated"}


def show_kind_fields(root, session) -> None:
    """Show in `root`'s scenario forms the keys their scenario's kind uses."""
    for widget in root.query(".field-row, .list-detail"):
        parts = getattr(widget, "parts", ())
        kind = KIND_ONLY.get(parts[-1]) if len(parts) == 3 and parts[0] == "scenarios" else None
        if kind is not None:
            scenario = session.document.get(parts[:2], None) if session.document else None
            wanted = scenario.get("kind", "scripted") if isinstance(scenario, dict) else kind
            widget.display = wanted == kind or session.document.has(parts)


class ScenarioForm(DetailPane):
    """The selected scenario's form (None: no scenario to edit)."""

    DEFAULT_CSS = """
    ScenarioForm { height: 1fr; max-height: 100%; padding: 0 1; }
    """

    def __init__(self, index: int | None) -> None:
        super().__init__(SCENARIO, SCENARIOS, index)

    def compose(self) -> ComposeResult:
        if self.index is None:
            from textual.widgets import Static

            yield Static("No scenario to edit: a adds a scripted one, s a simulated one.",
                         classes="ld-empty")
            return
        yield from super().compose()


class FileSettings(VerticalScroll):
    DEFAULT_CSS = """
    FileSettings { height: 1fr; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Section(ROOT, (), skip=frozenset({"scenarios"}))

    async def rebuild(self) -> None:
        await self.recompose()


class TestsPanes(TabStrip):
    __test__ = False

    def __init__(self, **kwargs) -> None:
        super().__init__([(RUN, "Last run"), (EDIT, "Edit scenario"), (FILE, "File settings")],
                         **kwargs)
        self.index: int | None = None  # the scenario the form shows when it is built

    def content_for(self, tab_id: str):
        if tab_id == RUN:
            return RunView(id="tests-run-view")
        if tab_id == EDIT:
            return ScenarioForm(self.index)
        return FileSettings()

    async def show_scenario(self, index: int | None) -> None:
        """Point the form (when built) at scenario `index`."""
        self.index = index
        form = self.pane(EDIT)
        if form is not None and form.index != index:
            await form.show(index)

    async def rebuild_forms(self) -> None:
        """After the scenarios were added, moved, removed or read again from disk."""
        form = self.pane(EDIT)
        if form is not None:
            form.index = self.index
            await form.rebuild()
        settings = self.pane(FILE)
        if settings is not None:
            await settings.rebuild()
