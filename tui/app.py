"""The agent editor: one agent file, edited across tabs, saved back to the same TOML.

The file on disk is the source of truth. The app holds an `AgentDocument` (the
foundation's tomlkit layer), every widget edit becomes a `document.set(path, value)`,
saving writes through that layer so comments and key order survive, and a hand edit in
another terminal is noticed and reloaded (or asked about, when there are local edits).
"""

from __future__ import annotations

import asyncio
import signal
import time
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen

from runtime.config.errors import ConfigError
from tui import collector
from tui.disk_sync import DiskSync
from tui.editor import TAB_IDS, EditorTabs
from tui.forms.messages import EditRequested
from tui.history import EditHistory
from tui.input_order import OrderedInput, is_ordered_input
from tui.loop_first import loop_first
from tui.session import DocumentSession, OpenResult
from tui.terminal_keys import read_escape_digit_as_alt
from tui.widgets.key_footer import KeyFooter
from tui.widgets.title_header import TitleHeader

read_escape_digit_as_alt()

DEFAULT_THEME = "textual-dark"
VALIDATION_DELAY_S = 0.25
HANG_UP_PATIENCE_S = 2.0  # how long a hang-up waits for the keys read before it


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
        # Priority: one history for every edit, multi-line texts included (a text area's
        # own undo would be a second one, silent and out of step with the file).
        Binding("ctrl+z", "undo", "Undo", id="app.undo", show=False, priority=True),
        Binding("ctrl+y", "redo", "Redo", id="app.redo", show=False, priority=True),
        Binding("f1", "field_help", "Help", id="app.help", tooltip="Help for the focused field"),
        Binding("f8", "focus_problems", "Problems", id="app.problems"),
        # TextArea takes f6 (select line) and f7 (select all) for itself: ours must win.
        Binding("f6", "generate", "Generate", id="app.generate", show=False, priority=True),
        Binding("f7", "toggle_preview", "Preview", id="app.preview", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        # VS Code's terminal keeps ctrl+p for itself: f9 opens the palette there too.
        Binding("ctrl+p,f9", "command_palette", "palette", id="app.palette", show=False,
                priority=True, tooltip="Open the command palette"),
        # Tabs: f3/f4 reach the app in every terminal (tmux, screen, VS Code, the browser);
        # alt+N where the terminal sends alt as escape (tui.terminal_keys) or speaks the
        # kitty keyboard protocol.
        Binding("f3", "step_tab(-1)", "Previous tab", id="app.previous_tab", show=False),
        Binding("f4", "step_tab(1)", "Next tab", id="app.next_tab"),
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
        self._validation_timer = None
        self._typed_at = 0.0  # the last edit's time, for validating once typing pauses
        self._validating = False  # a check is running off the event loop
        self._validation_wanted = False  # and another is due when it is done
        self._opened: OpenResult | None = None  # what compose found when it read the file
        self.session.settle = self._settle_edits
        self.input_order = OrderedInput(self)
        self.disk = DiskSync(self)
        self.kept_edits: Path | None = None  # where the recovery copy went, if it was written
        self._edit_focus = None  # the widget focused at the last edit (typing steps end with it)
        self._editor_focus = None  # where focus was in the editor before f7 went to the preview
        self._hanging_up = False

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes from the terminal go one at a time (see tui.input_order).
        if is_ordered_input(event):
            if self.input_order.may_dispatch_now(event):
                await self._dispatch_input(event)
            else:
                self.input_order.hold(event)
            return
        if getattr(event, "_ordered", False) and not event.is_forwarded:
            await self._dispatch_input(event)  # held, and now its turn
            return
        await super().on_event(event)

    async def _dispatch_input(self, event: events.Event) -> None:
        self.input_order.dispatched(event)
        await super().on_event(event)

    # Actions that need the forms: hidden from the footer while no valid file is open.
    _EDITOR_ACTIONS = frozenset({"save", "undo", "redo", "field_help", "focus_problems", "generate",
                                 "toggle_preview", "show_tab", "step_tab"})

    # Priority bindings reach past dialogs, which ordinary ones never do: keep it that way.
    _PRIORITY_ACTIONS = frozenset({"generate", "toggle_preview", "undo", "redo"})

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self._PRIORITY_ACTIONS and self.screen.is_modal:
            return False
        return not (action in self._EDITOR_ACTIONS and self.session.document is None)

    def watch_app_focus(self, focus: bool) -> None:
        """In a browser the app starts without focus (the page's terminal has not been
        clicked yet) and Textual skips the screen's auto focus then: nothing had focus and
        the first keys went nowhere. The app gets focus from the page, or from a first key
        or click (a focus report the page sent while the app was starting is lost): then
        the first field gets it, and the footer shows the keys (it shows none without)."""
        if not focus:
            return
        screen = self.screen
        if screen.focused is None and screen.AUTO_FOCUS:
            first = next((w for w in screen.query(screen.AUTO_FOCUS) if w.focusable), None)
            if first is not None:
                first.focus()
        screen.refresh_bindings()

    # ---- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The file is read here so that the first frame already holds its form: mounting
        # the editor after the screen would cost a second layout and render.
        self._opened = self.session.open()
        # The screen lays the editor and the preview (mounted when first asked for) side by
        # side; header, footer and problems are docked. No wrapper containers: each one
        # costs styling and layout time in the first frame.
        yield TitleHeader(icon="◆")
        if self._opened is OpenResult.OPEN:
            yield EditorTabs(self.session)
        # The problems list is mounted with the first problems, after the first paint.
        yield KeyFooter()

    def get_default_screen(self) -> Screen:
        return EditorScreen(id="_default", classes="editor-screen")

    async def on_mount(self) -> None:
        self.call_after_refresh(collector.after_first_frame)
        # Keys typed while the app starts wait for the first form (and its focus).
        self.call_after_refresh(self.input_order.set_ready)
        self.theme = DEFAULT_THEME
        self.sub_title = self.session.path.name
        if self._opened is OpenResult.OPEN:
            self.call_after_refresh(self._after_form_shown)
        else:
            await self._after_open(self._opened)
        if self._watch_interval:
            self.set_interval(self._watch_interval, self.check_disk)
        # The terminal went away (an SSH link dropped, the window closed): keep the edits.
        self._watch_terminal()
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(number, self._hung_up)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests), or a platform without these signals

    def _watch_terminal(self) -> None:
        """A terminal can also go without a SIGHUP (it was not the editor's controlling
        terminal): its input ends, Textual's input thread then spins on it, and nothing
        else notices. Look once a second, without reading: a hung-up input is a hang-up."""
        import select
        import sys

        stdin = sys.__stdin__
        if stdin is None or not stdin.isatty() or not hasattr(select, "poll"):
            return  # headless tests, a browser's pipe: nothing of a terminal to watch
        watch = select.poll()
        watch.register(stdin.fileno(), select.POLLHUP)

        def check() -> None:
            if any(flags & (select.POLLHUP | select.POLLNVAL) for _, flags in watch.poll(0)):
                self._hung_up()

        self.set_interval(1.0, check)

    def _hung_up(self) -> None:
        if self._hanging_up:
            return
        self._hanging_up = True
        asyncio.get_running_loop().create_task(self._keep_edits_and_exit())

    async def _keep_edits_and_exit(self) -> None:
        # The keys read before the terminal went are on screen: let them reach the
        # document (and a name being typed be applied) before the copy is written.
        try:
            if self.session.document is not None:
                await self.input_order.drain(HANG_UP_PATIENCE_S)
                await self._commit_typed_name()
        finally:
            self._keep_edits()
            self.exit(1, return_code=1)

    def on_unmount(self) -> None:
        self.session.close()

    async def _after_form_shown(self) -> None:
        # The form is on screen: show its problems, and load what editing needs (reading
        # the file did not need tomlkit; the first edit does). Both run off the event loop,
        # a big file taking seconds: edits made meanwhile are held and applied when the
        # round-trip parser is ready (see FieldRow.write).
        if self.session.document is None:
            return  # the file turned invalid before this frame: the raw view has it
        self._validate_soon()
        document = self.session.document
        self.session.prepare_editing_in_background(
            lambda: self.post_message(_EditingReady(document))
        )
        self._offer_recovery()

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
        self.show_dirty()

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
        await self.disk.show_raw()

    # ---- what the editor did not plan for ---------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Textual ends the app on an error nothing caught: keep the edits first.
        self._keep_edits()
        super()._handle_exception(error)

    def _keep_edits(self) -> Path | None:
        """Write the unsaved edits to the recovery copy; where, or None (nothing unsaved,
        or it could not be written)."""
        from tui.recovery import write_recovery

        try:
            if self.session.document is None or not self.session.dirty:
                return None
            self.kept_edits = write_recovery(self.session.path, self.session.document.text)
        except Exception:  # noqa: BLE001 - already handling a failure: never add one
            return None
        return self.kept_edits

    @contextmanager
    def unexpected_errors(self, doing: str):
        """Run an operation the editor can survive failing: the error is shown, the edits
        stay (and a recovery copy is written), the app goes on."""
        try:
            yield
        except Exception as error:  # noqa: BLE001 - shown to the user, not swallowed
            self.log.error(f"while {doing}: {error!r}")
            kept = self._keep_edits()
            where = f" (a copy is in {kept.name})" if kept else ""
            self.notify(f"{type(error).__name__}: {error}. Your edits are kept{where}.",
                        title=f"Unexpected error while {doing}", severity="error", timeout=10)

    def _offer_recovery(self) -> None:
        from tui.recovery import discard_recovery, read_recovery

        found = read_recovery(self.session.path)
        if found is None:
            return
        text, when = found
        if text == self.session.document.text:
            discard_recovery(self.session.path)  # nothing in it that the file lacks
            return

        async def answer(choice: str | None) -> None:
            if choice == "recover":
                self.apply_edit(lambda document: document.restore_text(text))
                await self.show_document()
                self.notify("Recovered the unsaved edits; save to keep them.", timeout=4)
            elif choice == "discard":
                discard_recovery(self.session.path)

        self.push_screen(
            dialog(
                "Unsaved edits recovered",
                f"{self.session.path.name} has unsaved edits from {when:%Y-%m-%d %H:%M}, kept "
                "when the editor stopped unexpectedly. Open them (the file changes when you "
                "save), or discard them?",
                [("recover", "Open them", "o", "primary"), ("discard", "Discard", "d", "error"),
                 ("later", "Decide later", "l")],
                cancel_key="later",
            ),
            answer,
        )

    async def open_file(self) -> None:
        await self._after_open(self.session.open())

    async def _after_open(self, result: OpenResult) -> None:
        if result is OpenResult.MISSING:
            self.push_screen(
                dialog(
                    "No agent file",
                    f"{self.session.path} does not exist. Create it from the starter agent?",
                    [("create", "Create", "c", "primary"), ("quit", "Quit", "q")],
                    cancel_key="quit",
                ),
                self._after_create_answer,
            )
        elif result is OpenResult.INVALID:
            await self.disk.show_raw()
        else:
            await self.show_document()

    async def _after_create_answer(self, answer: str | None) -> None:
        if answer != "create":
            self.exit(1, return_code=1)
            return
        self.session.create_from_starter()
        await self.open_file()

    async def remove_editor(self) -> None:
        """The forms go (the file they showed is no longer valid)."""
        await self.main_screen.query(EditorTabs).remove()
        await self.main_screen.query("ProblemsPanel").remove()

    async def show_document(self, focus_path: str | None = None) -> None:
        screen = self.main_screen
        previous = screen.query_children(EditorTabs)
        active = previous.first().active_tab_id if previous else None
        await previous.remove()
        tabs = EditorTabs(self.session, initial=active)
        await screen.mount(tabs, after=screen.query_one(TitleHeader))
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

    def apply_edit(self, change, *, coalesce: str | None = None, what: str | None = None,
                   path: str | None = None) -> None:
        """Run `change(document)` as one undoable step (typing in one field coalesces,
        until focus moves). `what` and `path` say what the step was, for undo's message.
        A change that fails leaves the document as it was."""
        self._settle_edits()
        focused = self.focused if self.screen_stack else None
        # Typing in a field again after leaving it for another: a new step. A dialog over
        # the field (the `{{` picker) is not leaving it.
        in_editor = (focused is not None and focused.is_attached
                     and focused.screen is self.main_screen)
        if in_editor and focused is not self._edit_focus:
            self.history.seal()
            self._edit_focus = focused
        # Typing on in the same field needs no new snapshot: that keeps keystrokes cheap.
        before = self.session.snapshot() if self.history.starts_new_step(coalesce) else None
        try:
            change(self.session.document)
        except Exception:
            if before is not None:
                self.session.restore(before)
            raise
        if before is not None:
            self.history.record(before, coalesce, what=what or ("typing" if coalesce else "change"),
                                path=path)
        self.session.mark_edited()
        if not self.screen_stack:
            return  # closing down: the edit is in the document, there is nothing to show
        self.show_dirty()
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

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Leaving a field ends its typing step, even if nothing else was edited in
        # between (back in the same field, typing is a new step). A dialog over the
        # field (the `{{` picker) is not leaving it.
        widget = event.widget
        if (self.screen_stack and widget.is_attached and widget.screen is self.main_screen
                and widget is not self._edit_focus):
            self.history.seal()
            self._edit_focus = widget

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
        with self.unexpected_errors("applying an edit"):
            try:
                self.apply_edit(event.change, coalesce=event.coalesce, what=event.what,
                                path=event.path)
            except (ConfigError, ValueError) as error:
                self.notify(str(error), title="Not changed", severity="error")
                if event.source is not None and event.source.is_attached:
                    event.source.show_current()  # the screen shows what the file holds
                return
            if event.rebuild is not None and event.rebuild.is_attached:
                await event.rebuild.rebuild()
                self.tabs.update_views()
            if event.then is not None:
                result = event.then()
                if result is not None:
                    await result

    def refresh_state(self) -> list | None:
        """Validate and show problems everywhere; recheck the unsaved marker exactly.
        The problems, or None when there is no editor to show them in."""
        self._stop_validation_timer()
        if not self.screen_stack or self.session.document is None:
            return None  # closing down, or no file open yet
        if not self.main_screen.query_children(EditorTabs):
            return None  # the editor is being rebuilt
        problems = None
        with self.unexpected_errors("checking the file"):
            problems = self._validate_and_show()
        return problems

    def _validate_and_show(self) -> list:
        problems = self.session.validate()
        self._show_problems(problems)
        self.show_dirty()  # validating settled it exactly
        return problems

    def _show_state(self, problems: list, text: str) -> None:
        """Show a check's result (made from `text`, the document as it still is)."""
        if not self.screen_stack or self.session.document is None:
            return
        if not self.main_screen.query_children(EditorTabs):
            return  # the editor is being rebuilt: it validates when shown
        self.session.recheck_dirty(text)
        self._show_problems(problems)
        self.show_dirty()

    def _show_problems(self, problems: list) -> None:
        panels = self.main_screen.query_children("ProblemsPanel")
        if panels:
            panels.first().show_problems(problems)
        elif problems and self.main_screen.is_attached and not self._exit:
            from tui.widgets.problems import ProblemsPanel  # not needed for the first frame

            footer = self.main_screen.query_one(KeyFooter)
            self.main_screen.mount(ProblemsPanel(problems, id="problems"), before=footer)
        if self.main_screen.query_children(EditorTabs):
            self.tabs.show_problems(problems)

    def show_dirty(self) -> None:
        dirty = self.session.dirty
        self.sub_title = f"{self.session.path.name}{' ● unsaved' if dirty else ''}"

    async def action_undo(self) -> None:
        other = self._other_file_in_focus()
        if other is not None and len(other.history):  # the Tests tab's own edits first
            await other.action_undo()
            return
        await self._travel(self.history.undo, "Undid", "Nothing to undo.")

    def _other_file_in_focus(self):
        """The widget editing another file (the Tests tab) that holds the focus, if any:
        ctrl+z there undoes that file's edits while it has some, then the agent file's."""
        focused = self.focused
        for node in (focused, *focused.ancestors) if focused is not None else ():
            if node.has_class("keeps-a-file") and hasattr(node, "action_undo"):
                return node
        return None

    async def action_redo(self) -> None:
        other = self._other_file_in_focus()
        if other is not None and other.history.can_redo:
            await other.action_redo()
            return
        await self._travel(self.history.redo, "Redid", "Nothing to redo.")

    async def _travel(self, take, verb: str, nothing: str) -> None:
        """Undo or redo one step, then show where it was and say what it was."""
        self._settle_edits()  # an edit still held is the last step: undo that one
        with self.unexpected_errors(verb.lower().replace("id", "oing")):
            step = take(self.session.document.text)
            if step is None:
                self.notify(nothing, timeout=2)
                return
            self.session.restore(step.text)
            self._edit_focus = None
            await self.show_document()
            if step.path:
                await self.tabs.reveal(step.path)
            self.refresh_state()
            self.notify(f"{verb} {step.what}: {self.session.describe(step.path)}.", timeout=4)

    async def _commit_typed_name(self) -> None:
        """A row's name being typed is applied on leaving it, and before saving or quitting
        (the file must hold the name the screen shows)."""
        focused = self.focused
        owner = next((node for node in (focused.ancestors if focused else ())
                      if hasattr(node, "rename_of")), None)
        if owner is None or not focused.has_class("entry-key"):
            return
        rename = owner.rename_of(focused)
        if rename is not None:
            change, then = rename
            self.apply_edit(change)
            await then()

    async def action_save(self) -> None:
        await self._commit_typed_name()
        for other in self._unsaved_elsewhere():  # one key saves every file being edited
            other.save_edits()
        try:
            outcome = self.session.save()
        except ConfigError as error:  # the disk is full, the folder not writable...
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        if outcome == "external-change":
            self.disk.ask(saving=True)
            return
        from tui.recovery import discard_recovery

        discard_recovery(self.session.path)  # the file holds the edits now
        self.history.seal()
        self.flush_validation()
        self.notify(f"Saved {self.session.path.name}.", timeout=2)
        self.reload_preview()

    # ---- the file on disk -------------------------------------------------------------

    async def check_disk(self) -> None:
        """Called on a timer (and by tests): react to a hand edit of the file."""
        with self.unexpected_errors("reading the file again"):
            await self.disk.check()

    # ---- navigation, help, commands ------------------------------------------------------

    async def action_show_tab(self, tab_id: str) -> None:
        if self.main_screen.query_children(EditorTabs):
            await self.tabs.show_tab(tab_id)

    async def action_step_tab(self, delta: int) -> None:
        if self.main_screen.query_children(EditorTabs):
            current = TAB_IDS.index(self.tabs.active_tab_id)
            await self.tabs.show_tab(TAB_IDS[(current + delta) % len(TAB_IDS)])

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
        # A field of another file's forms (the Tests tab's scenarios) is that file's key.
        session = next((node.form_session for node in (self.focused.ancestors_with_self if self.focused else ())
                        if getattr(node, "form_session", None) is not None), self.session)
        self.push_screen(HelpScreen(session.help_for(path) if path else None))

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
        await screen.mount(slot, before=screen.query_one(KeyFooter))
        return slot

    async def preview_panel(self):
        """The preview panel, shown (started when first asked for)."""
        slot = await self.preview_slot()
        if not slot.children:
            from tui.preview.panel import PreviewPanel  # the preview loads only when asked for

            await slot.mount(PreviewPanel(self.session.path))
        slot.add_class("-visible")
        return slot.children[0]

    async def action_toggle_preview(self) -> None:
        """f7: to the preview's message box (opening the preview); pressed there, the
        preview closes and focus goes back where it was in the editor."""
        slot = await self.preview_slot()
        focused = self.focused
        inside = focused is not None and slot in focused.ancestors
        if slot.has_class("-visible") and inside:
            slot.remove_class("-visible")
            back = self._editor_focus
            if back is not None and back.is_attached:
                back.focus()
            return
        if focused is not None and not inside:
            self._editor_focus = focused
        (await self.preview_panel()).focus_message()

    async def preview_do(self, what: str) -> None:
        """Run a preview command (summary, end_call, restart, open_inbox) from the palette."""
        getattr(await self.preview_panel(), what)()

    def reload_preview(self) -> None:
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
        await self.disk.reload()

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
        # Keys typed before the quit key have had their effect (tui.input_order): the
        # document holds every edit the screen shows, once a name being typed is applied.
        if self.session.document is not None:
            await self._commit_typed_name()
        if self.session.document is None:
            self.exit(1, return_code=1)  # no valid file was ever opened
        elif self.session.dirty or self._unsaved_elsewhere():
            others = self._unsaved_elsewhere()
            files = [self.session.path.name] if self.session.dirty else []
            files += [w.unsaved_name for w in others]
            # Pushed here rather than from a worker: the keys after this one go to it.
            self.push_screen(
                dialog(
                    "Unsaved changes",
                    f"{' and '.join(files)} {'have' if len(files) > 1 else 'has'} unsaved changes.",
                    [
                        ("save", "Save and quit", "s", "primary"),
                        ("discard", "Quit without saving", "d", "error"),
                        ("cancel", "Cancel", "c"),
                    ],
                    cancel_key="cancel",
                ),
                self._after_quit_answer,
            )
        else:
            self.exit(0)

    def _unsaved_elsewhere(self) -> list:
        """Widgets holding unsaved edits of another file (the Tests tab, its scenarios):
        they say `unsaved`, their file's `unsaved_name`, and `save_edits()`."""
        return [w for w in self.main_screen.query(".keeps-a-file") if w.unsaved]

    async def _after_quit_answer(self, answer: str | None) -> None:
        if answer == "save":
            await self.action_save()
            if not self.session.dirty and not self._unsaved_elsewhere():
                self.exit(0)
        elif answer == "discard":
            self.exit(0)


class EditorScreen(Screen):
    # The editor opens with its first field focused, ready for typing.
    AUTO_FOCUS = ".field-editor"


def dialog(title: str, question: str, choices: list[tuple[str, ...]], cancel_key: str,
           detail=None):
    """A question with one button per (key, label, shortcut[, variant]) answer."""
    from tui.screens.choice import Choice, ChoiceScreen  # dialogs load on first use

    return ChoiceScreen(title, question, [Choice(*choice) for choice in choices], cancel_key,
                        detail=detail)


def _ancestor_path(widget) -> str | None:
    node = widget
    while node is not None:
        path = getattr(node, "config_path", None)
        if path:
            return path
        node = node.parent
    return None


def run_app(path: str | Path) -> int:
    app = AgentBuilderApp(path)
    result = app.run()
    if app.kept_edits is not None:
        print(f"Unsaved edits were kept in {app.kept_edits}; open {path} again to recover them.")
    # After an error nothing caught, Textual's run() returns None and its return_code is 1:
    # the command must say it failed.
    return int(app.return_code) if app.return_code is not None else int(result or 0)
