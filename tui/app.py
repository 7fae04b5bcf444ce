"""The agent editor: one agent file, edited across tabs, saved back to the same TOML.

The file on disk is the source of truth. The app holds an `AgentDocument` (the
foundation's tomlkit layer), every widget edit becomes a `document.set(path, value)`,
saving writes through that layer so comments and key order survive, and a hand edit in
another terminal is noticed and reloaded (or asked about, when there are local edits).
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from runtime.config.errors import ConfigError
from tui import collector
from tui.editor import TAB_IDS, EditorTabs
from tui.forms.messages import EditRequested
from tui.history import EditHistory
from tui.loop_first import loop_first
from tui.session import DocumentSession, OpenResult
from tui.widgets.key_footer import KeyFooter

DEFAULT_THEME = "textual-dark"
VALIDATION_DELAY_S = 0.25


class _EditingReady(Message):
    """The round-trip parser has loaded `document` (posted from the thread that did)."""

    def __init__(self, document) -> None:
        super().__init__()
        self.document = document


class AgentBuilderApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "agent-builder"
    # ctrl+s is swallowed by terminals with XON/XOFF flow control (common over SSH): f2 too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", "Save", id="app.save", tooltip="Save to the file"),
        # Not a priority: in a TextArea ctrl+z is its own finer undo, whose edits reach the
        # file like typing does.
        Binding("ctrl+z", "undo", "Undo", id="app.undo", show=False),
        Binding("f1", "field_help", "Help", id="app.help", tooltip="Help for the focused field"),
        Binding("f8", "focus_problems", "Problems", id="app.problems"),
        # TextArea takes f6 (select line) and f7 (select all) for itself: ours must win.
        Binding("f6", "generate", "Generate", id="app.generate", show=False, priority=True),
        Binding("f7", "toggle_preview", "Preview", id="app.preview", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        *[
            Binding(f"alt+{n}", f"show_tab('{tab}')", f"Tab {n}", show=False, id=f"app.tab{n}")
            for n, tab in enumerate(TAB_IDS, start=1)
        ],
    ]

    def __init__(self, path: str | Path, *, watch_interval: float | None = 1.0) -> None:
        super().__init__()
        self.session = DocumentSession(Path(path))
        self.history = EditHistory()
        self._watch_interval = watch_interval
        self._asking_about_disk = False
        self._validation_timer = None
        self._typed_at = 0.0  # the last edit's time, for validating once typing pauses
        self._validating = False  # a check is running off the event loop
        self._validation_wanted = False  # and another is due when it is done
        self._opened: OpenResult | None = None  # what compose found when it read the file
        self.session.settle = self._settle_edits

    # Actions that need the forms: hidden from the footer while no valid file is open.
    _EDITOR_ACTIONS = frozenset({"save", "undo", "field_help", "focus_problems", "generate",
                                 "toggle_preview", "show_tab"})

    # Priority bindings reach past dialogs, which ordinary ones never do: keep it that way.
    _PRIORITY_ACTIONS = frozenset({"generate", "toggle_preview"})

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self._PRIORITY_ACTIONS and self.screen.is_modal:
            return False
        return not (action in self._EDITOR_ACTIONS and self.session.document is None)

    # ---- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The file is read here so that the first frame already holds its form: mounting
        # the editor after the screen would cost a second layout and render.
        self._opened = self.session.open()
        # The screen lays the editor and the preview (mounted when first asked for) side by
        # side; header, footer and problems are docked. No wrapper containers: each one
        # costs styling and layout time in the first frame.
        yield Header(icon="◆")
        if self._opened is OpenResult.OPEN:
            yield EditorTabs(self.session)
        # The problems list is mounted with the first problems, after the first paint.
        yield KeyFooter()

    def get_default_screen(self) -> Screen:
        return Screen(id="_default", classes="editor-screen")

    async def on_mount(self) -> None:
        self.call_after_refresh(collector.after_first_frame)
        self.theme = DEFAULT_THEME
        self.sub_title = self.session.path.name
        if self._opened is OpenResult.OPEN:
            self.call_after_refresh(self._after_form_shown)
        else:
            await self._after_open(self._opened)
        if self._watch_interval:
            self.set_interval(self._watch_interval, self.check_disk)

    def on_unmount(self) -> None:
        self.session.close()

    async def _after_form_shown(self) -> None:
        # The form is on screen: show its problems, and load what editing needs (reading
        # the file did not need tomlkit; the first edit does). Both run off the event loop,
        # a big file taking seconds: edits made meanwhile are held and applied when the
        # round-trip parser is ready (see FieldRow.write).
        self._validate_soon()
        document = self.session.document
        self.session.prepare_editing_in_background(
            lambda: self.post_message(_EditingReady(document))
        )

    @on(_EditingReady)
    async def _editing_ready(self, event: _EditingReady) -> None:
        if self.session.editing_ready or event.document is not self.session.document:
            return  # settled already (something needed the text), or the file was re-read
        if self.session.finish_preparing() is OpenResult.INVALID:
            await self._editor_refused_file()
            return
        self._apply_held()

    def _settle_edits(self) -> None:
        """Before anything reads the document's text: wait for the round-trip parser (if
        it is still loading) and apply the edits made meanwhile."""
        if self.session.editing_ready and not self.session.held:
            return
        if self.session.finish_preparing() is OpenResult.INVALID:
            self.call_later(self._editor_refused_file)
            return
        self._apply_held()

    def hold_edit(self, decide, coalesce: str) -> None:
        """An edit made while the file loads for editing: `decide()` gives its change once
        it has (the latest per field wins: it holds the field's whole value)."""
        self.session.held[coalesce] = decide
        self.session.mark_edited()
        self._show_dirty()

    def _apply_held(self) -> None:
        held, self.session.held = self.session.held, {}
        for coalesce, decide in held.items():
            try:
                change = decide()
                if change is not None:
                    self.apply_edit(change, coalesce=coalesce)
            except (ConfigError, ValueError) as error:
                self.notify(str(error), title="Not changed", severity="error")

    async def _editor_refused_file(self) -> None:
        # Rare: tomlkit refuses what the standard parser read. Show the file as text.
        await self.main_screen.query_children(EditorTabs).remove()
        self._show_raw_file()

    async def _open(self) -> None:
        await self._after_open(self.session.open())

    async def _after_open(self, result: OpenResult) -> None:
        if result is OpenResult.MISSING:
            self.push_screen(
                _dialog(
                    "No agent file",
                    f"{self.session.path} does not exist. Create it from the starter agent?",
                    [("create", "Create", "c", "primary"), ("quit", "Quit", "q")],
                    cancel_key="quit",
                ),
                self._after_create_answer,
            )
        elif result is OpenResult.INVALID:
            self._show_raw_file()
        else:
            await self._show_document()

    async def _after_create_answer(self, answer: str | None) -> None:
        if answer != "create":
            self.exit(1, return_code=1)
            return
        self.session.create_from_starter()
        await self._open()

    def _show_raw_file(self) -> None:
        from tui.screens.raw_file import RawFileScreen  # only an invalid file needs it

        self.push_screen(RawFileScreen(self.session.path, self.session.load_error), self._after_raw_fix)

    async def _after_raw_fix(self, fixed: bool | None) -> None:
        if fixed:
            await self._open()

    async def _show_document(self, focus_path: str | None = None) -> None:
        screen = self.main_screen
        previous = screen.query_children(EditorTabs)
        active = previous.first().active_tab_id if previous else None
        await previous.remove()
        tabs = EditorTabs(self.session, initial=active)
        await screen.mount(tabs, after=screen.query_one(Header))
        # Problems appear right after the first paint: the form is what the user waits for.
        self.call_after_refresh(self._after_form_shown)
        if focus_path:
            await tabs.reveal(focus_path)

    @property
    def main_screen(self):
        """The editor's screen, also while a dialog or another screen is on top."""
        return self.screen_stack[0]

    # The editor and the problems list are children of the screen: looking among its
    # children, not through every widget of every form, keeps a keystroke cheap.
    @property
    def tabs(self) -> EditorTabs:
        return self.main_screen.query_children(EditorTabs).first()

    # ---- editing --------------------------------------------------------------------

    def apply_edit(self, change, *, coalesce: str | None = None) -> None:
        """Run `change(document)` as one undoable step (typing in one field coalesces).
        A change that fails leaves the document as it was."""
        self._settle_edits()
        # Typing on in the same field needs no new snapshot: that keeps keystrokes cheap.
        before = self.session.snapshot() if self.history.starts_new_step(coalesce) else None
        try:
            change(self.session.document)
        except Exception:
            if before is not None:
                self.session.restore(before)
            raise
        if before is not None:
            self.history.record(before, coalesce)
        self.session.mark_edited()
        if not self.screen_stack:
            return  # closing down: the edit is in the document, there is nothing to show
        self._show_dirty()
        if self.main_screen.query_children(EditorTabs):
            self.tabs.follow_edit(coalesce)
        self._validate_after_typing()

    def _validate_after_typing(self) -> None:
        # Validating a big file costs more than a keystroke: do it once typing pauses. One
        # timer per pause rather than per key (each timer is a task to start and cancel).
        self._typed_at = time.monotonic()
        if self._validation_timer is None:
            self._validation_timer = self.set_timer(VALIDATION_DELAY_S, self._validate_if_paused)

    def _validate_if_paused(self) -> None:
        self._validation_timer = None  # this one has fired
        left = self._typed_at + VALIDATION_DELAY_S - time.monotonic()
        if left > 0.001:
            self._validation_timer = self.set_timer(left, self._validate_if_paused)
        else:
            self._validate_soon()

    def _stop_validation_timer(self) -> None:
        if self._validation_timer is not None:
            self._validation_timer.stop()
            self._validation_timer = None

    def flush_validation(self) -> None:
        """Validate now rather than after the typing pause (save, tests)."""
        self.refresh_state()

    def _validate_soon(self) -> None:
        """Validate off the event loop (rendering and checking a big file takes longer than
        a frame); the result is shown only if the document did not change meanwhile."""
        self._stop_validation_timer()
        self._validation_wanted = True
        if not self._validating:
            self._validating = True
            self.run_worker(self._validate_off_loop(), group="validation", exit_on_error=False)

    async def _validate_off_loop(self) -> None:
        try:
            while self._validation_wanted and self.session.document is not None:
                self._validation_wanted = False
                generation = self.session.generation
                try:
                    with loop_first():
                        text, problems = await asyncio.to_thread(self.session.check, True)
                except Exception:  # noqa: BLE001 - read while an edit changed the document
                    if generation == self.session.generation:
                        self.refresh_state()  # not that: validate here, errors and all
                    continue
                if generation == self.session.generation and not self._validation_wanted:
                    self._show_state(problems, text)
        finally:
            self._validating = False

    @on(EditRequested)
    async def _edit_requested(self, event: EditRequested) -> None:
        event.stop()
        try:
            self.apply_edit(event.change, coalesce=event.coalesce)
        except (ConfigError, ValueError) as error:
            self.notify(str(error), title="Not changed", severity="error")
            return
        if event.rebuild is not None and event.rebuild.is_attached:
            await event.rebuild.rebuild()
            self.tabs.update_views()

    def refresh_state(self) -> list | None:
        """Validate and show problems everywhere; recheck the unsaved marker exactly.
        The problems, or None when there is no editor to show them in."""
        self._stop_validation_timer()
        if not self.screen_stack or self.session.document is None:
            return None  # closing down, or no file open yet
        if not self.main_screen.query_children(EditorTabs):
            return None  # the editor is being rebuilt
        problems = self.session.validate()
        self._show_problems(problems)
        self._show_dirty()  # validating settled it exactly
        return problems

    def _show_state(self, problems: list, text: str) -> None:
        """Show a check's result (made from `text`, the document as it still is)."""
        if not self.screen_stack or self.session.document is None:
            return
        if not self.main_screen.query_children(EditorTabs):
            return  # the editor is being rebuilt: it validates when shown
        self.session.recheck_dirty(text)
        self._show_problems(problems)
        self._show_dirty()

    def _show_problems(self, problems: list) -> None:
        panels = self.main_screen.query_children("ProblemsPanel")
        if panels:
            panels.first().show_problems(problems)
        elif problems and self.main_screen.is_attached and not self._exit:
            from tui.widgets.problems import ProblemsPanel  # not needed for the first frame

            footer = self.main_screen.query_one(Footer)
            self.main_screen.mount(ProblemsPanel(problems, id="problems"), before=footer)
        if self.main_screen.query_children(EditorTabs):
            self.tabs.show_problems(problems)

    def _show_dirty(self) -> None:
        dirty = self.session.dirty
        self.sub_title = f"{self.session.path.name}{' ● unsaved' if dirty else ''}"

    async def action_undo(self) -> None:
        self._settle_edits()  # an edit still held is the last step: undo that one
        snapshot = self.history.pop()
        if snapshot is None:
            self.notify("Nothing to undo.")
            return
        self.session.restore(snapshot)
        await self._show_document()

    def action_save(self) -> None:
        for other in self._unsaved_elsewhere():  # one key saves every file being edited
            other.save_edits()
        outcome = self.session.save()
        if outcome == "external-change":
            self._ask_about_disk(saving=True)
            return
        self.history.seal()
        self.flush_validation()
        self.notify(f"Saved {self.session.path.name}.", timeout=2)
        self._reload_preview()

    # ---- the file on disk -------------------------------------------------------------

    async def check_disk(self) -> None:
        """Called on a timer (and by tests): react to a hand edit of the file."""
        if self._asking_about_disk or not self.session.changed_on_disk():
            return
        if not self.session.path.exists():
            # Nothing to reload: keep the edits on screen; saving writes the file again.
            self.session.keep_local_version()
            self.session.mark_edited()
            self._show_dirty()
            self.notify(f"{self.session.path.name} was deleted; save to write it again.",
                        severity="warning", timeout=5)
            return
        if self.session.dirty:
            self._ask_about_disk(saving=False)
        else:
            await self._reload_from_disk()

    def _ask_about_disk(self, *, saving: bool) -> None:
        self._asking_about_disk = True
        self.push_screen(
            _dialog(
                "The file changed on disk",
                f"{self.session.path.name} was edited outside the app"
                + (" and this save would overwrite it." if saving else " while you have unsaved edits.")
                + " Reload it (your edits here are lost) or keep your version (saving overwrites the file)?",
                [("reload", "Reload from disk", "r", "warning"), ("keep", "Keep mine", "k")],
                cancel_key="keep",
            ),
            partial(self._after_disk_answer, saving=saving),
        )

    async def _after_disk_answer(self, answer: str | None, *, saving: bool) -> None:
        self._asking_about_disk = False
        if answer == "reload":
            await self._reload_from_disk()
            return
        self.session.keep_local_version()
        if saving:
            self.action_save()

    async def _reload_from_disk(self) -> None:
        if self.session.reload() is OpenResult.INVALID:
            self._show_raw_file()
            return
        self.history.clear()
        await self._show_document()
        self.notify(f"Reloaded {self.session.path.name} from disk.", timeout=2)
        self._reload_preview()

    # ---- navigation, help, commands ------------------------------------------------------

    async def action_show_tab(self, tab_id: str) -> None:
        if self.main_screen.query_children(EditorTabs):
            await self.tabs.show_tab(tab_id)

    def action_focus_problems(self) -> None:
        panels = self.main_screen.query_children("ProblemsPanel")
        if panels and panels.first().option_count:
            panels.first().focus()
        else:
            self.notify("No problems.", timeout=2)

    async def on_problems_panel_jump_to(self, event) -> None:
        await self.tabs.reveal(event.path)

    def action_field_help(self) -> None:
        from tui.screens.help import HelpScreen  # Markdown is slow to import: only on demand

        path = getattr(self.focused, "config_path", None) or _ancestor_path(self.focused)
        self.push_screen(HelpScreen(self.session.help_for(path) if path else None))

    def get_system_commands(self, screen):
        from tui.commands import editor_commands

        yield from super().get_system_commands(screen)
        yield from editor_commands(self)

    async def preview_slot(self) -> Container:
        """Where the preview shows, right of the editor; made when first needed."""
        screen = self.main_screen
        found = screen.query_children("#preview-slot")
        if found:
            return found.first(Container)
        slot = Container(id="preview-slot")
        await screen.mount(slot, before=screen.query_one(Footer))
        return slot

    async def action_toggle_preview(self) -> None:
        slot = await self.preview_slot()
        if not slot.children:
            from tui.preview.panel import PreviewPanel  # the preview loads only when asked for

            await slot.mount(PreviewPanel(self.session.path))
        slot.toggle_class("-visible")

    def _reload_preview(self) -> None:
        """A saved (or hand-edited) file is what the preview runs: swap to it."""
        for panel in self.main_screen.query("PreviewPanel"):
            panel.reload()

    def action_generate(self) -> None:
        from tui.screens.generate import open_generate_screen

        open_generate_screen(self)

    def action_validate(self) -> None:
        problems = self.refresh_state() or []
        if problems:
            self.action_focus_problems()
        self.notify(f"{len(problems)} problem(s)." if problems else "No problems found.", timeout=2)

    async def action_reload(self) -> None:
        await self._reload_from_disk()

    def action_deploy(self) -> None:
        from tui.deploy.commands import open_deploy_screen  # loads only when asked for

        open_deploy_screen(self)

    async def add_tool(self, kind: str) -> None:
        await self._add_entry(f"tools.{kind}")

    async def add_field(self) -> None:
        await self._add_entry("data_collection.fields")

    async def _add_entry(self, config_path: str) -> None:
        await self.tabs.reveal(config_path)
        for editor in self.tabs.query("ListDetailEditor"):
            if editor.config_path == config_path:
                editor.run_entry_action("add")

    async def action_quit(self) -> None:
        await self._typing_arrived()
        # The edits of those keys are now queued for the app, ahead of this call.
        self.call_later(self._quit_if_saved)

    async def _typing_arrived(self) -> None:
        """Keys typed right before the quit key (a paste, a slow link delivering keys in
        one go) may still be on their way to the document: the focused editor handles
        them, its field row turns the change into an edit, which bubbles up to the app.
        Wait for each widget on that path to handle what it was sent: twice, as handling
        a key posts a change to the same widget."""
        widget = self.focused
        while widget is not None and widget is not self:
            for _ in range(2):
                handled = asyncio.Event()
                widget.call_later(handled.set)
                await handled.wait()
            widget = widget.parent

    async def _quit_if_saved(self) -> None:
        if self.session.document is None:
            self.exit(1, return_code=1)  # no valid file was ever opened
        elif self.session.dirty or self._unsaved_elsewhere():
            self._confirm_quit()
        else:
            self.exit(0)

    def _unsaved_elsewhere(self) -> list:
        """Widgets holding unsaved edits of another file (the Tests tab, its scenarios):
        they say `unsaved`, their file's `unsaved_name`, and `save_edits()`."""
        return [w for w in self.main_screen.query(".keeps-a-file") if w.unsaved]

    @work
    async def _confirm_quit(self) -> None:
        others = self._unsaved_elsewhere()
        files = ([self.session.path.name] if self.session.dirty else []) + [w.unsaved_name for w in others]
        answer = await self.push_screen_wait(
            _dialog(
                "Unsaved changes",
                f"{' and '.join(files)} {'have' if len(files) > 1 else 'has'} unsaved changes.",
                [
                    ("save", "Save and quit", "s", "primary"),
                    ("discard", "Quit without saving", "d", "error"),
                    ("cancel", "Cancel", "c"),
                ],
                cancel_key="cancel",
            )
        )
        if answer == "save":
            self.action_save()
            if not self.session.dirty and not self._unsaved_elsewhere():
                self.exit(0)
        elif answer == "discard":
            self.exit(0)


def _dialog(title: str, question: str, choices: list[tuple[str, ...]], cancel_key: str):
    """A question with one button per (key, label, shortcut[, variant]) answer."""
    from tui.screens.choice import Choice, ChoiceScreen  # dialogs load on first use

    return ChoiceScreen(title, question, [Choice(*choice) for choice in choices], cancel_key)


def _ancestor_path(widget) -> str | None:
    node = widget
    while node is not None:
        path = getattr(node, "config_path", None)
        if path:
            return path
        node = node.parent
    return None


def run_app(path: str | Path) -> int:
    result = AgentBuilderApp(path).run()
    return int(result or 0)
