"""Editing agent.tests.toml from the Tests tab: the scenario list's add, duplicate,
delete and move, the forms' edits, undo, save, and hand edits of the file while open.

Every change goes through the Tests tab's own session (`ScenarioSession`) the way the
agent file's go through the app's: one undoable step, refused as a whole when it fails,
validated at once (a scenario file is small), saved atomically. A file that is not valid
TOML has no document: nothing here can write it.
"""

from __future__ import annotations

import tomllib
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from runtime.config.errors import ConfigError
from tui.forms.entries import unique_key
from tui.forms.fields import FieldRow
from tui.forms.list_detail import ListDetailEditor
from tui.forms.messages import EditRequested, EntryShown
from tui.history import EditHistory
from tui.tests.panes import EDIT, TestsPanes, show_kind_fields
from tui.tests.scenario_session import ScenarioSession

SCENARIOS = ("scenarios",)
# Each kind starts from what it cannot run without; validation says what is still missing.
NEW_SCENARIO = {"scripted": {}, "simulated": {"kind": "simulated"}}


EDIT_BUTTONS = (
    ("add-scripted", "+ Scripted", "Add a scripted scenario: caller turns and checks (a)"),
    ("add-simulated", "+ Simulated", "Add a simulated caller: persona, goal, outcome (s)"),
    ("edit", "Edit", "Edit the selected scenario: name, turns, caller, mocks (e)"),
    ("duplicate", "Copy", "Duplicate the selected scenario (c)"),
    ("delete", "Delete", "Delete the selected scenario (x; ctrl+z undoes)"),
    ("up", "↑", "Move up (K)"),
    ("down", "↓", "Move down (J)"),
)


class ScenarioTable(DataTable):
    """The scenarios; its keys edit the list (the forms below edit the selected one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,insert", "edit('add-scripted')", "Add scripted", id="tests.add"),
        Binding("s", "edit('add-simulated')", "Add simulated", id="tests.add_simulated"),
        Binding("c", "edit('duplicate')", "Duplicate", id="tests.duplicate"),
        Binding("delete,x", "edit('delete')", "Delete", id="tests.delete"),
        Binding("shift+up,K", "edit('up')", "Move up", id="tests.up"),
        Binding("shift+down,J", "edit('down')", "Move down", id="tests.down"),
        Binding("e,r", "form", "Edit / rename", id="tests.edit"),
    ]

    async def action_edit(self, what: str) -> None:
        await self.parent.edit_scenarios(what)

    async def action_form(self) -> None:
        await self.parent.edit_selected(focus_name=True)


class ScenarioEditing:
    """Mixed into the Tests tab (a widget): `form_session` is what its forms edit."""

    form_session: ScenarioSession
    history: EditHistory

    def start_editing(self, session: ScenarioSession) -> None:
        self.form_session = session
        self.history = EditHistory()
        self._disk_noted = False  # said once that the file changed under unsaved edits
        session.open()

    @property
    def editable(self) -> bool:
        return self.form_session.document is not None

    # -- changes -----------------------------------------------------------------------
    def apply_change(self, change, *, coalesce: str | None = None) -> None:
        """Run `change(document)` as one undoable step. A change that fails, or would
        leave text that is not TOML, leaves the document as it was and raises
        `ConfigError` (a scenario file is small: checking every edit costs nothing)."""
        session = self.form_session
        if session.document is None:
            raise ConfigError(f"{session.path.name} cannot be edited until it is valid TOML")
        before = session.snapshot()
        try:
            change(session.document)
            tomllib.loads(session.document.text)
        except Exception as error:
            session.restore(before)
            if isinstance(error, ConfigError | ValueError) and not isinstance(error, tomllib.TOMLDecodeError):
                raise
            # The file's layout cannot take this edit (a list written as [{...}, {...}],
            # a key of another type than declared): say so, change nothing.
            raise ConfigError(f"{session.path.name} is laid out in a way this edit cannot "
                              f"follow ({error}); edit it by hand") from error
        if self.history.starts_new_step(coalesce):
            self.history.record(before, coalesce)
        session.mark_edited()
        session.check_now()

    async def on_edit_requested(self, event: EditRequested) -> None:
        event.stop()  # the agent file's session must never see a scenario edit
        try:
            self.apply_change(event.change, coalesce=event.coalesce)
        except (ConfigError, ValueError) as error:
            self.app.notify(str(error), title="Not changed", severity="error")
            return
        if event.rebuild is not None and event.rebuild.is_attached:
            await event.rebuild.rebuild()
        self.after_edit(structural=event.coalesce is None)

    def on_entry_shown(self, event: EntryShown) -> None:
        event.stop()
        if event.form.is_attached:
            self.show_inline_problems(within=event.form)

    async def edit_scenarios(self, what: str) -> None:
        """The list's keys and buttons: add-scripted, add-simulated, duplicate, delete,
        up, down (on the selected scenario)."""
        if not self.editable:
            self.app.notify(f"Fix {self.form_session.path.name} first: it is not valid TOML "
                            "(see the problem shown).", title="Not changed", severity="error")
            return
        count = len(self.form_session.entries())
        index = self.selected_index
        if what.startswith("add-"):
            name = unique_key(set(self.form_session.names()), "New scenario ")
            values = {"name": name, **NEW_SCENARIO[what[4:]]}
            change, target = (lambda document: document.append_item(SCENARIOS, values)), count
        elif index is None:
            return
        elif what == "duplicate":
            change, target = (lambda document: document.duplicate_item(SCENARIOS, index)), index + 1
        elif what == "delete":
            change, target = (lambda document: document.delete((*SCENARIOS, index))), max(index - 1, 0)
        else:
            target = index - 1 if what == "up" else index + 1
            if not 0 <= target < count:
                return
            change = lambda document: document.move_item(SCENARIOS, index, target)
        try:
            self.apply_change(change)
        except (ConfigError, ValueError) as error:
            self.app.notify(str(error), title="Not changed", severity="error")
            return
        await self.show_document(select=target)
        if what.startswith("add-"):
            await self.edit_selected(focus_name=True)

    async def action_undo(self) -> None:
        await self._travel(self.history.undo, "Undid", "Nothing to undo in the scenarios.")

    async def action_redo(self) -> None:
        await self._travel(self.history.redo, "Redid", "Nothing to redo in the scenarios.")

    async def _travel(self, take, verb: str, nothing: str) -> None:
        step = take(self.form_session.document.text) if self.editable else None
        if step is None:
            self.app.notify(nothing, timeout=2)
            return
        self.form_session.restore(step.text)
        self.form_session.check_now()
        await self.show_document(select=self.selected_index)
        self.app.notify(f"{verb} {step.what} in {self.form_session.path.name}.", timeout=4)

    # -- saving ------------------------------------------------------------------------
    @property
    def unsaved(self) -> bool:
        return self.form_session.dirty

    @property
    def unsaved_name(self) -> str:
        return self.form_session.path.name

    def save_edits(self, *, force: bool = False) -> bool:
        """Save the scenario file (also quitting with "Save and quit"): False when there
        was nothing to save, or it was not saved (and the user told why, or asked)."""
        session = self.form_session
        if session.document is None:
            self.app.notify(f"{session.path.name} is not valid TOML: fix it in a text editor; "
                            "it is never overwritten.", title="Not saved", severity="error")
            return False
        if not session.dirty:
            return False
        if session.changed_on_disk() and not force:
            self._ask_about_disk(saving=True)
            return False
        if force:
            session.keep_local_version()
        if session.save() == "external-change":
            self._ask_about_disk(saving=True)
            return False
        self.history.seal()
        self._disk_noted = False
        self.after_save()
        self.app.notify(f"Saved {session.path.name}.", timeout=2)
        return True

    def _ask_about_disk(self, *, saving: bool) -> None:
        from runtime.config.textfile import read_text
        from runtime.scenarios.validate import validate
        from tui.screens.choice import Choice, ChoiceScreen

        session = self.form_session
        name = session.path.name
        try:
            broken = session.path.exists() and any(
                not p.path and "not valid TOML" in p.message for p in validate(read_text(session.path)))
        except ConfigError:
            broken = True
        if broken and saving:
            # Whatever is on disk now, someone is writing it: keep it, and say so.
            self.app.notify(f"{name} changed on disk and is not valid TOML now: not saved, so "
                            "nothing of it is lost. Fix it, then save again (or reload).",
                            title="Not saved", severity="error", timeout=10)
            return
        question = (f"{name} was edited outside the app"
                    + (" and this save would overwrite it." if saving else " while you have unsaved edits.")
                    + " Reload it (your scenario edits here are lost) or keep your version"
                      " (saving overwrites the file)?")

        async def answered(answer: str | None) -> None:
            if answer == "reload":
                await self.reload_from_disk()
            elif saving:
                self.save_edits(force=True)
            else:
                session.keep_local_version()

        self.app.push_screen(ChoiceScreen("The scenario file changed on disk", question,
                                          [Choice("reload", "Reload from disk", "r", "warning"),
                                           Choice("keep", "Keep mine", "k")], "keep"), answered)

    async def reload_from_disk(self) -> None:
        self.form_session.open()
        self.history.clear()
        self._disk_noted = False
        await self.show_document(select=self.selected_index)

    async def follow_disk(self) -> None:
        """The scenario file changed on disk: take it when nothing here is unsaved;
        otherwise say so once (saving asks which version wins)."""
        session = self.form_session
        if not session.dirty:
            await self.reload_from_disk()
        elif not self._disk_noted:
            self._disk_noted = True
            self.app.notify(f"{session.path.name} changed on disk; you have unsaved scenario "
                            "edits: saving asks which version to keep.",
                            title="Changed on disk", severity="warning", timeout=8)

    # -- showing -----------------------------------------------------------------------
    async def show_document(self, select: int | None = None) -> None:
        """The scenarios changed (an edit of the list, undo, a reload): list and forms."""
        self._show_table(select)
        self._show_problems()
        self._show_selected()
        panes = self.query_one(TestsPanes)
        panes.index = self.selected_index
        await panes.rebuild_forms()
        self.show_inline_problems()
        self._show_status(self._idle_status())

    def after_edit(self, *, structural: bool) -> None:
        """A form changed the selected scenario (or the file's settings): names, kinds
        and problems follow at once; the list is redrawn only where it changed."""
        rows = self.form_session.rows()
        if structural or len(rows) != len(self._rows):
            self._show_table()
        else:
            self._rows = rows
            for index in range(len(rows)):
                self._refresh_row(index)
        self._show_problems()
        self.show_inline_problems()
        if self.running is None:
            self._show_status(self._idle_status())

    def after_save(self) -> None:
        self.reload()
        self.show_inline_problems()

    async def edit_selected(self, *, focus_name: bool = False) -> None:
        panes = self.query_one(TestsPanes)
        panes.index = self.selected_index
        await panes.show(EDIT)
        await panes.show_scenario(self.selected_index)
        self.show_inline_problems()
        if focus_name and self.selected_index is not None:
            from tui.forms.ids import find_path_widget

            field = find_path_widget(panes, f"scenarios[{self.selected_index}].name")
            if field is not None:
                field.focus()

    def on_show(self) -> None:
        # The editor refreshes the agent file's problems on every form it holds when a tab
        # is shown: the scenario forms show the scenario file's again.
        self.call_after_refresh(self.show_inline_problems)

    def show_inline_problems(self, within=None) -> None:
        """Each field of the scenario forms shows its problem (the first for its path)."""
        by_path: dict[str, object] = {}
        for problem in self.form_session.problems:
            by_path.setdefault(problem.path, problem)
        root = within or self
        for row in root.query(FieldRow):
            row.show_problem(by_path.get(row.config_path))
        for editor in root.query(ListDetailEditor):
            editor.refresh_names()
        if self.form_session.document is not None:
            show_kind_fields(root, self.form_session)
