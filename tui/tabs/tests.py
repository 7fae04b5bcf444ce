"""Tests tab: the agent's scenarios (agent.tests.toml) with their last result and pass
rate; run one or all, follow them turn by turn, stop them; a run's transcript with the
failing step marked; and the scenarios edited with the agent file's own forms (see
tui/tests/editing.py: add, duplicate, delete, move, every key of a scenario, the file's
shared settings), saved with ctrl+s.

Runs happen in a process of their own (`agent-builder test --json`, see
runtime/scenarios/background_run.py): the project the tests load, the SDK and the model
calls never enter the editor, and a stop leaves nothing behind. They test the files as
saved, like the preview does.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from runtime.scenarios import background_run as bg
from runtime.scenarios.engine.results import ScenarioRun
from runtime.scenarios.overview import ScenarioRow, TestsOverview
from tui.tests.editing import EDIT_BUTTONS, ScenarioEditing, ScenarioTable
from tui.tests.panes import FILE, TestsPanes
from tui.tests.problems import ScenarioProblems
from tui.tests.run_view import RunView
from tui.tests.scenario_session import ScenarioSession

FILE_CHECK_S = 1.0
_MARKS = {"passed": "[green]✓[/]", "failed": "[red]✗[/]", "error": "[red]![/]", "": "[dim]·[/]"}
NO_FILE = (
    "No scenarios yet. In the preview, talk to the agent and choose Save as test (also in "
    "the command palette), add one here (a: scripted, s: simulated), or write {name} by "
    "hand (see the README's Testing the agent)."
)


class TestsTab(ScenarioEditing, Vertical):
    """The Tests tab. Its state: the file's overview, and at most one run going on."""

    __test__ = False  # pytest: a widget, not a test class

    DEFAULT_CSS = """
    TestsTab { height: 1fr; }
    TestsTab #tests-bar { height: auto; dock: top; }
    TestsTab #tests-bar Button { width: auto; min-width: 1; margin: 0 0 0 1; }
    TestsTab #tests-status { width: 1fr; padding: 0 1; }
    TestsTab #tests-table { height: auto; max-height: 12; }
    TestsTab.-narrow #tests-table { max-height: 7; }
    TestsTab #tests-edit-bar { height: 1; }
    TestsTab #tests-edit-bar Button { width: auto; min-width: 1; margin: 0 1 0 0; }
    TestsTab #tests-panes { height: 1fr; }
    """
    DEFAULT_CLASSES = "form-tab keeps-a-file"  # quitting asks about its unsaved edits
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "run_or_stop", "Run all / stop", id="tests.run_all"),
        Binding("ctrl+z", "undo", "Undo", id="tests.undo", show=False),
        Binding("f8", "focus_problems", "Problems", id="tests.problems", show=False),
        Binding("escape", "focus_list", "Back to the list", id="tests.list", show=False),
    ]

    class RunEvent(Message):
        """Something the background run reported (or how it ended: `bg.Exited`)."""

        def __init__(self, event: bg.Event | bg.Exited) -> None:
            super().__init__()
            self.event = event

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.overview: TestsOverview | None = None
        self.running: bg.BackgroundRun | None = None
        self.live: dict[str, ScenarioRun] = {}  # scenario -> the run going on
        self.progress: dict[str, str] = {}  # scenario -> "queued" | "running, turn 2"
        self._planned = 0
        self._done = 0
        self._refusal = ""  # why the last run did not start
        self._seen: tuple = ()  # the files as last read
        self._rows: list[ScenarioRow] = []  # the scenarios listed, as edited
        self._facts: tuple = (None, None)  # (the agent document's state, its facts)

    @property
    def agent_path(self) -> Path:
        return Path(self.app.session.path)

    def _agent_facts(self):
        """What the scenarios may name (tools, fields, metadata): the agent as edited,
        read again only when it changed (the scenarios are checked on every keystroke)."""
        from runtime.scenarios.engine.agent_facts import AgentFacts

        session = self.app.session
        key = (id(session.document), session.generation)
        if self._facts[0] != key:
            try:
                facts = AgentFacts.from_data(session.document.to_dict()) if session.document else None
            except Exception:  # noqa: BLE001 - the agent file's own problems show in its tabs
                facts = None
            self._facts = (key, facts)
        return self._facts[1]

    def compose(self) -> ComposeResult:
        # The list comes first, so that reaching the tab puts focus on it (its keys add,
        # edit and run); the bar of run buttons is docked above it.
        table = ScenarioTable(id="tests-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("", "Scenario", "Last run", "Pass rate", "Kind")
        yield table
        yield ScenarioProblems("agent.tests.toml", id="tests-problems")
        with Horizontal(id="tests-bar"):
            yield Static("", id="tests-status")
            yield Button("Run", id="tests-run", compact=True, tooltip="Run the selected scenario (enter)")
            yield Button("Run all", id="tests-run-all", compact=True, variant="primary",
                         tooltip="Run every scenario (f5)")
            yield Button("Stop", id="tests-stop", compact=True, variant="error", disabled=True,
                         tooltip="Stop the run (f5 while running)")
        with Horizontal(id="tests-edit-bar"):
            for what, label, tip in EDIT_BUTTONS:
                yield Button(label, compact=True, name=what, tooltip=tip)
        yield TestsPanes(id="tests-panes")

    def on_mount(self) -> None:
        from runtime.scenarios.suite import tests_path_for

        self.start_editing(ScenarioSession(tests_path_for(self.agent_path), self._agent_facts))
        self.reload()
        # Hand edits of the scenario file, and runs from a terminal, show up by themselves.
        self.set_interval(FILE_CHECK_S, self._check_files)

    def _files_state(self) -> tuple:
        from runtime.scenarios.last_results import results_path

        if self.overview is None:
            return ()
        state = []
        for path in (self.overview.tests_path, results_path(self.overview.tests_path), self.agent_path):
            try:
                info = path.stat()
                state.append((info.st_mtime_ns, info.st_size))
            except OSError:
                state.append(None)
        return tuple(state)

    async def _check_files(self) -> None:
        if self.running is not None or not self.display or self._files_state() == self._seen:
            return
        if self.form_session.changed_on_disk() or (
                self.form_session.document is None and self._files_state()[:1] != self._seen[:1]):
            await self.follow_disk()  # a hand edit of the scenario file
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 30, "-narrow")

    async def on_unmount(self) -> None:
        if self.running is not None:  # the editor is closing: nothing may outlive it
            await self.running.stop(grace=1.0)

    # -- the file --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the saved scenario file and the last results again (after a run, a save,
        Save as test). The scenarios on screen are the session's: a file written by
        someone else is taken in when nothing here is unsaved (see `follow_disk`)."""
        if not self.form_session.dirty and self.form_session.changed_on_disk():
            self.form_session.open()
            self.history.clear()
            self.call_later(self.show_document, self.selected_index)
        self.overview = TestsOverview.load(self.agent_path)
        self._seen = self._files_state()
        self.form_session.check_now()
        self._show_table()
        self._show_problems()
        self._show_selected()
        if self.running is None:
            self._show_status(self._idle_status())

    def _show_table(self, select: int | None = None) -> None:
        table = self.query_one(DataTable)
        selected = self.selected_index if select is None else select
        self._rows = self.form_session.rows()
        with table.prevent(DataTable.RowHighlighted):
            table.clear()
            for index, row in enumerate(self._rows):
                table.add_row(*self._cells(row), key=str(index))
            if self._rows and selected is not None:
                table.move_cursor(row=min(selected, len(self._rows) - 1))
        self._show_buttons()

    @on(Button.Pressed, "#tests-edit-bar Button")
    async def _edit_button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name == "edit":
            await self.edit_selected(focus_name=True)
        else:
            await self.edit_scenarios(event.button.name)

    def _cells(self, row: ScenarioRow) -> tuple[str, ...]:
        progress = self.progress.get(row.name)
        mark = "[yellow]…[/]" if progress else _MARKS.get(row.status, "?")
        last = f"[yellow]{escape(progress)}[/]" if progress else escape(row.last_text())
        return (mark, escape(row.name), last, row.rate_text(), escape(row.size_text()))

    def _refresh_row(self, index: int | str) -> None:
        """Redraw one row: by its index, or by a scenario's name (a run's)."""
        if isinstance(index, str):
            names = [r.name for r in self._rows]
            if index not in names:
                return
            index = names.index(index)
        if not 0 <= index < len(self._rows):
            return
        table = self.query_one(DataTable)
        for column, value in zip(table.columns, self._cells(self._rows[index]), strict=True):
            table.update_cell(str(index), column, value, update_width=True)

    def _show_problems(self) -> None:
        widget = self.query_one(ScenarioProblems)
        widget.file_name = self.form_session.path.name
        widget.show_problems(self.form_session.problems)

    def action_focus_problems(self) -> None:
        """f8 here: the scenario file's problems first (then the agent file's)."""
        widget = self.query_one(ScenarioProblems)
        if widget.option_count:
            widget.focus()
        else:
            self.app.action_focus_problems()

    async def on_problems_panel_jump_to(self, event: ScenarioProblems.JumpTo) -> None:
        """A scenario problem chosen: its scenario selected, its form shown, its field
        focused (a problem about the whole file: the list)."""
        from runtime.config.paths import parse_path
        from tui.editor import focus_path

        event.stop()  # a path of this file, not of the agent file
        parts = parse_path(event.path) if event.path else ()
        if len(parts) < 2 or parts[0] != "scenarios" or not isinstance(parts[1], int):
            if parts:
                await self.query_one(TestsPanes).show(FILE)
                await focus_path(self.query_one(TestsPanes), parts)
            else:
                self.action_focus_list()
            return
        self.query_one(ScenarioTable).move_cursor(row=parts[1])
        await self.edit_selected()
        await focus_path(self.query_one(TestsPanes), parts)

    def _idle_status(self) -> str:
        session = self.form_session
        name = escape(session.path.name)
        unsaved = f"[yellow]● unsaved edits to {name} (ctrl+s saves)[/]; " if session.dirty else ""
        if not session.exists and not self._rows:
            return unsaved + NO_FILE.format(name=name)
        if not self._rows:
            return unsaved + f"{name}: no scenarios to run" + (
                " (fix the problems below)" if session.problems else "")
        ran = [r for r in self._rows if r.status]
        passed = sum(r.status == "passed" for r in ran)
        count = len(self._rows)
        summary = f"{count} scenario{'s' if count != 1 else ''}"
        return unsaved + summary + (f"; last runs: {passed} of {len(ran)} passed" if ran else "; not run yet")

    def _show_status(self, text: str) -> None:
        self.query_one("#tests-status", Static).update(text)

    def _show_buttons(self) -> None:
        running = self.running is not None
        runnable = bool(self.overview and self.overview.runnable)
        self.query_one("#tests-run", Button).disabled = running or not runnable or not self.selected_name
        self.query_one("#tests-run-all", Button).disabled = running or not runnable
        self.query_one("#tests-stop", Button).disabled = not running

    def action_focus_list(self) -> None:
        self.query_one(ScenarioTable).focus()

    # -- selection -------------------------------------------------------------------------
    @property
    def selected_index(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    @property
    def selected_name(self) -> str | None:
        index = self.selected_index
        return self._rows[index].name if index is not None and index < len(self._rows) else None

    @on(DataTable.RowHighlighted)
    async def _highlighted(self) -> None:
        self._show_selected()
        self._show_buttons()
        await self.query_one(TestsPanes).show_scenario(self.selected_index)
        self.show_inline_problems()

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        name = self.selected_name
        if name is not None:
            self.run_scenarios([name])

    def _show_selected(self) -> None:
        views = self.query(RunView)
        if not views:
            return
        view = views.first()
        name = self.selected_name
        if name in self.live:
            view.show_run(self.live[name], live=True)
            return
        index = self.selected_index
        row = self._rows[index] if index is not None and index < len(self._rows) else None
        if row is None:
            view.show_nothing("")
        elif row.record is None or row.record.last is None:
            view.show_nothing("Not run yet: enter runs it, f5 runs them all.")
        else:
            view.show_run(row.record.last)

    # -- running ---------------------------------------------------------------------------
    def action_run_or_stop(self) -> None:
        if self.running is not None:
            self.stop()
        else:
            self.run_scenarios(None)

    @on(Button.Pressed, "#tests-run")
    def _run_selected(self) -> None:
        if self.selected_name:
            self.run_scenarios([self.selected_name])

    @on(Button.Pressed, "#tests-run-all")
    def _run_all(self) -> None:
        self.run_scenarios(None)

    @on(Button.Pressed, "#tests-stop")
    def _stop_pressed(self) -> None:
        self.stop()

    def run_scenarios(self, names: list[str] | None, repeat: int = 1) -> None:
        """Run these scenarios (None: all), each `repeat` times (for its pass rate),
        unless a run is going on already."""
        if self.running is not None or self.overview is None or not self.overview.runnable:
            return
        unsaved = [s.path.name for s in (self.app.session, self.form_session) if getattr(s, "dirty", False)]
        if unsaved:
            self.app.notify(f"The tests run the files as saved: save (ctrl+s) to test your edits of "
                            f"{' and '.join(unsaved)}.", title="Unsaved edits", timeout=6)
        chosen = names or [r.name for r in self.overview.rows]
        self.progress = dict.fromkeys(chosen, "queued")
        self.live = {}
        self._planned, self._done, self._refusal = len(chosen) * repeat, 0, ""
        for name in chosen:
            self._refresh_row(name)
        self._show_status(f"[yellow]Starting {len(chosen)} scenario(s)…[/]")
        self._follow(self.overview.tests_path, names, repeat)

    @work(group="tests-run", exclusive=True, exit_on_error=False)
    async def _follow(self, tests_path: Path, names: list[str] | None, repeat: int) -> None:
        try:
            run = self.running = await bg.BackgroundRun.start(tests_path, scenarios=names, repeat=repeat)
        except OSError as exc:  # no process could start (out of memory, no such interpreter)
            self.post_message(self.RunEvent(bg.Exited(None, False, f"could not start the run: {exc}")))
            return
        self._show_buttons()
        try:
            async for event in run.events():
                self.post_message(self.RunEvent(event))
        finally:
            exited = await run.stop(grace=0) if run.exit is None else run.exit
            self.post_message(self.RunEvent(exited))

    def stop(self) -> None:
        if self.running is not None:
            self._show_status("[yellow]Stopping…[/]")
            self.run_worker(self.running.stop(), group="tests-stop", exit_on_error=False)

    @on(RunEvent)
    def _on_run_event(self, message: RunEvent) -> None:
        event = message.event
        if isinstance(event, bg.ScenarioStarted):
            self.progress[event.scenario] = "running"
            self.live[event.scenario] = ScenarioRun(event.scenario, "", event.attempt)
            attempt = f" (run {event.attempt})" if event.attempt > 1 else ""
            self._show_status(f"[yellow]Running {self._done + 1} of {self._planned}: "
                              f"{escape(event.scenario)}{attempt}[/]")
            self._follow_live(event.scenario)
        elif isinstance(event, bg.TurnDone):
            live = self.live.get(event.scenario)
            if live is not None:
                live.transcript += event.transcript
                for check in event.checks:
                    live.add(check)
                live.turns = max(live.turns, event.turn)
            step = "greeting" if event.turn == 0 else f"turn {event.turn}"
            self.progress[event.scenario] = f"running, {step} done"
            self._follow_live(event.scenario)
        elif isinstance(event, bg.ScenarioFinished):
            self._done += 1
            self.progress.pop(event.run.scenario, None)
            self.live.pop(event.run.scenario, None)
            self.reload_row(event.run)
        elif isinstance(event, bg.Refused):
            self._refusal = event.message  # said once the process has ended
        elif isinstance(event, bg.Exited):
            self._finished(event)

    def _follow_live(self, name: str) -> None:
        self._refresh_row(name)
        if self.selected_name == name and self.query(RunView):
            self.query_one(RunView).show_run(self.live[name], live=True)

    def reload_row(self, run: ScenarioRun) -> None:
        """A run finished: its row and (when shown) its transcript from the kept results."""
        self.overview = TestsOverview.load(self.agent_path)
        self._rows = self.form_session.rows()
        self._refresh_row(run.scenario)
        if self.selected_name == run.scenario and self.query(RunView):
            self.query_one(RunView).show_run(run)

    def _finished(self, exited: bg.Exited) -> None:
        self.running = None
        cut_short = [name for name, state in self.progress.items() if state != "queued"]
        self.progress, self.live = {}, {}
        self.reload()  # the file and the results as the run left them
        if exited.stopped:
            what = f"; {escape(cut_short[0])} did not finish" if cut_short else ""
            self._show_status(f"[yellow]Stopped after {self._done} of {self._planned}{what}[/]")
        elif self._refusal:
            self._show_status(f"[red]Not run: {escape(self._refusal)}[/]")
        elif exited.returncode not in (0, 1):
            tail = exited.stderr.strip().splitlines()[-1:] or [f"exit code {exited.returncode}"]
            self._show_status(f"[red]The run failed: {escape(tail[0])}[/]")

