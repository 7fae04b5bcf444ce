"""Tests tab: the agent's scenarios (agent.tests.toml) with their last result and pass
rate; run one or all, follow them turn by turn, stop them; a run's transcript with the
failing step marked.

Runs happen in a process of their own (`agent-builder test --json`, see
runtime/scenarios/background_run.py): the project the tests load, the SDK and the model
calls never enter the editor, and a stop leaves nothing behind. They test the agent file
as saved, like the preview does.
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
from tui.tests.run_view import RunView

FILE_CHECK_S = 1.0
_MARKS = {"passed": "[green]✓[/]", "failed": "[red]✗[/]", "error": "[red]![/]", "": "[dim]·[/]"}
NO_FILE = (
    "No scenarios yet. In the preview, talk to the agent and choose Save as test (also in "
    "the command palette), or write {name} by hand (see the README's Testing the agent)."
)


class TestsTab(Vertical):
    """The Tests tab. Its state: the file's overview, and at most one run going on."""

    __test__ = False  # pytest: a widget, not a test class

    DEFAULT_CSS = """
    TestsTab { height: 1fr; }
    TestsTab #tests-bar { height: auto; }
    TestsTab #tests-bar Button { width: auto; min-width: 1; margin: 0 0 0 1; }
    TestsTab #tests-status { width: 1fr; padding: 0 1; }
    TestsTab #tests-problems { color: $error; padding: 0 1; height: auto; max-height: 8; }
    TestsTab #tests-table { height: auto; max-height: 12; }
    TestsTab.-narrow #tests-table { max-height: 7; }
    """
    DEFAULT_CLASSES = "form-tab"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "run_or_stop", "Run all / stop", id="tests.run_all"),
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

    @property
    def agent_path(self) -> Path:
        return Path(self.app.session.path)

    def compose(self) -> ComposeResult:
        with Horizontal(id="tests-bar"):
            yield Static("", id="tests-status")
            yield Button("Run", id="tests-run", compact=True, tooltip="Run the selected scenario (enter)")
            yield Button("Run all", id="tests-run-all", compact=True, variant="primary",
                         tooltip="Run every scenario (f5)")
            yield Button("Stop", id="tests-stop", compact=True, variant="error", disabled=True,
                         tooltip="Stop the run (f5 while running)")
        yield Static("", id="tests-problems")
        table = DataTable(id="tests-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("", "Scenario", "Last run", "Pass rate", "Kind")
        yield table
        yield RunView(id="tests-run-view")

    def on_mount(self) -> None:
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

    def _check_files(self) -> None:
        if self.running is None and self.display and self._files_state() != self._seen:
            self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 30, "-narrow")

    async def on_unmount(self) -> None:
        if self.running is not None:  # the editor is closing: nothing may outlive it
            await self.running.stop(grace=1.0)

    # -- the file --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the scenario file and the last results again (after a run, a save)."""
        self.overview = TestsOverview.load(self.agent_path)
        self._seen = self._files_state()
        self._show_table()
        self._show_problems()
        self._show_selected()
        if self.running is None:
            self._show_status(self._idle_status())

    def _show_table(self) -> None:
        table = self.query_one(DataTable)
        selected = self.selected_name
        table.clear()
        for row in self.overview.rows if self.overview else []:
            table.add_row(*self._cells(row), key=row.name)
        names = [r.name for r in self.overview.rows] if self.overview else []
        if selected in names:
            table.move_cursor(row=names.index(selected))
        self._show_buttons()

    def _cells(self, row: ScenarioRow) -> tuple[str, ...]:
        progress = self.progress.get(row.name)
        mark = "[yellow]…[/]" if progress else _MARKS.get(row.status, "?")
        last = f"[yellow]{escape(progress)}[/]" if progress else escape(row.last_text())
        return (mark, escape(row.name), last, row.rate_text(), escape(row.size_text()))

    def _refresh_row(self, name: str) -> None:
        row = self.overview.row(name) if self.overview else None
        if row is None:
            return
        table = self.query_one(DataTable)
        for column, value in zip(table.columns, self._cells(row), strict=True):
            table.update_cell(name, column, value)

    def _show_problems(self) -> None:
        problems = self.overview.problems if self.overview else []
        widget = self.query_one("#tests-problems", Static)
        name = self.overview.tests_path.name if self.overview else ""
        widget.update("\n".join(escape(p.format(name)) for p in problems[:20]))
        widget.display = bool(problems)

    def _idle_status(self) -> str:
        overview = self.overview
        if overview is None or not overview.exists:
            return NO_FILE.format(name=escape(overview.tests_path.name if overview else "agent.tests.toml"))
        if not overview.rows:
            return f"{escape(overview.tests_path.name)}: no scenarios to run" + (
                " (fix the problems below)" if overview.problems else "")
        ran = [r for r in overview.rows if r.status]
        passed = sum(r.status == "passed" for r in ran)
        count = len(overview.rows)
        summary = f"{count} scenario{'s' if count != 1 else ''}"
        return summary + (f"; last runs: {passed} of {len(ran)} passed" if ran else "; not run yet")

    def _show_status(self, text: str) -> None:
        self.query_one("#tests-status", Static).update(text)

    def _show_buttons(self) -> None:
        running = self.running is not None
        runnable = bool(self.overview and self.overview.runnable)
        self.query_one("#tests-run", Button).disabled = running or not runnable or not self.selected_name
        self.query_one("#tests-run-all", Button).disabled = running or not runnable
        self.query_one("#tests-stop", Button).disabled = not running

    # -- selection -------------------------------------------------------------------------
    @property
    def selected_name(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_selected()
        self._show_buttons()

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        self.run_scenarios([str(event.row_key.value)])

    def _show_selected(self) -> None:
        view = self.query_one(RunView)
        name = self.selected_name
        if name in self.live:
            view.show_run(self.live[name], live=True)
            return
        row = self.overview.row(name) if self.overview and name else None
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
        if getattr(self.app.session, "dirty", False):
            self.app.notify("The tests run the agent file as saved: save (ctrl+s) to test your edits.",
                            title="Unsaved edits", timeout=6)
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
        if self.selected_name == name:
            self.query_one(RunView).show_run(self.live[name], live=True)

    def reload_row(self, run: ScenarioRun) -> None:
        """A run finished: its row and (when shown) its transcript from the kept results."""
        self.overview = TestsOverview.load(self.agent_path)
        self._refresh_row(run.scenario)
        if self.selected_name == run.scenario:
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
