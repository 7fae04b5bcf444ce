"""The live preview panel: talk to the agent while editing it.

It owns one `PreviewSession` (runtime/preview). Session events arrive as messages
(`PreviewPanel.Event`) and only the message handler touches widgets; long operations
(start, send, reload, end call, summary) run as Textual workers. livekit.agents is
imported by the session when the preview starts, never when the app starts.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Collapsible, Input, Log, Static

from runtime.preview import events as ev
from runtime.preview.errors import PreviewError
from runtime.preview.session import PreviewOptions, PreviewSession, ProjectBuilder
from tui.preview.errors_view import inference_host
from tui.preview.fields_view import FieldsView
from tui.preview.inbox_screen import InboxScreen
from tui.preview.transcript import TranscriptView

_STATE_LABELS = {
    "initializing": "starting…",
    "idle": "idle",
    "listening": "listening",
    "thinking": "thinking…",
    "speaking": "speaking",
}


class PreviewPanel(Vertical):
    DEFAULT_CSS = """
    PreviewPanel { height: 1fr; }
    PreviewPanel #preview-state { height: 1; padding: 0 1; color: $text-muted; }
    PreviewPanel #preview-bar { padding: 0 0 0 1; }
    /* The five buttons need three lines beside the editor at 80 columns, two at 120. */
    PreviewPanel.-narrow #preview-bar { layout: grid; grid-size: 2; height: 3; }
    PreviewPanel.-medium #preview-bar { layout: grid; grid-size: 3; height: 2; }
    /* One line of compact buttons: at 45% of 120 columns four full buttons squeezed the
       state into a column, wrapping it mid-word. */
    PreviewPanel #preview-bar { height: 1; margin: 0 0 1 0; }
    PreviewPanel #preview-bar Button { width: auto; min-width: 0; margin: 0 1 0 0; }
    PreviewPanel #preview-bar Button:focus { background: $primary; text-style: bold; }
    PreviewPanel TranscriptView:focus { background: $boost; }
    PreviewPanel #preview-log-box { max-height: 12; }
    PreviewPanel #preview-log { height: 8; }
    PreviewPanel #preview-input:focus { border: tall $accent; }
    """

    class Event(Message):
        def __init__(self, event: ev.PreviewEvent) -> None:
            super().__init__()
            self.event = event

    def __init__(
        self,
        config_path: str | Path,
        *,
        builder: ProjectBuilder | None = None,
        options: PreviewOptions | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        extra = {"builder": builder} if builder is not None else {}
        self.session = PreviewSession(config_path, options, **extra)
        self.session.subscribe(lambda event: self.post_message(self.Event(event)))
        from runtime.scenarios.conversation import PreviewConversation

        self.conversation = PreviewConversation()  # what "Save as test" saves
        self.session.subscribe(self.conversation.observe)
        self.agent_state = "not started"

    def compose(self) -> ComposeResult:
        yield Static("Preview: starting…", id="preview-state", markup=False)
        with Horizontal(id="preview-bar"):
            yield Button("Summary", id="preview-summary", compact=True,
                         tooltip="Summarise the call so far")
            yield Button("End call", id="preview-end", variant="warning", compact=True)
            yield Button("Restart", id="preview-restart", compact=True,
                         tooltip="Start a new conversation")
            yield Button("Inbox (0)", id="preview-inbox", compact=True,
                         tooltip="End-of-call POSTs received")
            yield Button("Save as test", id="preview-save-test", compact=True,
                         tooltip="Turn the conversation so far into a scenario in the Tests tab")
        yield TranscriptView(id="preview-transcript", host=inference_host(self.session.config_path))
        yield FieldsView(id="preview-fields")
        with Collapsible(title="Worker log", collapsed=True, id="preview-log-box"):
            yield Log(max_lines=500, id="preview-log")
        yield Input(placeholder="Message the agent (enter to send)", id="preview-input")

    def on_resize(self, event) -> None:
        width = event.size.width
        self.set_class(width < 46, "-narrow")
        self.set_class(46 <= width < 64, "-medium")

    def on_mount(self) -> None:
        self.query_one(FieldsView).set_fields([])
        self._run(self.session.start())

    async def on_unmount(self) -> None:
        await self.session.stop()

    # -- actions -----------------------------------------------------------------------
    def reload(self) -> None:
        """After a save: regenerate and swap the worker (the conversation restarts)."""
        self._run(self.session.reload())

    def _run(self, work) -> None:
        self.run_worker(self._guarded(work), group="preview", exit_on_error=False)

    async def _guarded(self, work) -> None:
        try:
            await work
        except PreviewError as exc:
            self.query_one(TranscriptView).add_problem(str(exc))
            self._show_state("not running")

    @on(Input.Submitted, "#preview-input")
    def _send(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.clear()
        if text:
            self._run(self.session.send(text))

    def focus_message(self) -> None:
        self.query_one("#preview-input", Input).focus()

    @on(Button.Pressed, "#preview-end")
    def end_call(self) -> None:
        self._run(self.session.end_call())

    @on(Button.Pressed, "#preview-restart")
    def restart(self) -> None:
        self._run(self.session.restart("new conversation"))

    @on(Button.Pressed, "#preview-summary")
    def summary(self) -> None:
        self._run(self.session.generate_summary())

    @on(Button.Pressed, "#preview-save-test")
    def save_as_test(self) -> None:
        from tui.tests.save_dialog import save_as_test

        options = self.session.options
        metadata = options.metadata if options.metadata is not None else self.session.config.metadata_examples
        save_as_test(self.app, self.conversation, metadata, self.session.config_path)

    @on(Button.Pressed, "#preview-inbox")
    def open_inbox(self) -> None:
        posts = self.session.inbox.posts if self.session.inbox else []
        self.app.push_screen(InboxScreen(posts))

    # -- events ------------------------------------------------------------------------
    @on(Event)
    def _show_event(self, message: Event) -> None:
        event = message.event
        self.query_one(TranscriptView).add_event(event)
        fields = self.query_one(FieldsView)
        if isinstance(event, ev.Connected):
            fields.set_fields(list(self.session.config.fields))
            self._show_state("connected")
        elif isinstance(event, ev.Restarted):
            fields.clear_values()
        elif isinstance(event, ev.FieldCollected):
            fields.set_value(event.name, event.value)
        elif isinstance(event, ev.AgentStateChanged):
            self._show_state(_STATE_LABELS.get(event.state, event.state))
        elif isinstance(event, ev.CallEnded):
            self._show_state("call ended")
        elif isinstance(event, ev.WorkerExited):
            self._show_state("stopped")
        elif isinstance(event, ev.WorkerLog):
            self.query_one(Log).write_line(f"{event.level[:4]} {event.message}")
        elif isinstance(event, ev.InboxPost):
            count = len(self.session.inbox.posts) if self.session.inbox else 0
            self.query_one("#preview-inbox", Button).label = f"Inbox ({count})"

    def _show_state(self, state: str) -> None:
        self.agent_state = state
        self.query_one("#preview-state", Static).update(f"Agent: {state}")
