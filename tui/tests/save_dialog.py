"""Save as test: ask the new scenario's name (a sensible one offered), then write it.

The preview panel keeps a `PreviewConversation` of the conversation on screen; this
turns it into a scripted scenario at the end of agent.tests.toml and points the Tests
tab at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from runtime.scenarios.conversation import PreviewConversation


class SaveAsTestScreen(ModalScreen[str | None]):
    """The scenario's name; None when cancelled."""

    DEFAULT_CSS = """
    SaveAsTestScreen { align: center middle; }
    #save-test-dialog {
        width: 76; max-width: 100%; height: auto; padding: 0 1;
        border: thick $accent; background: $panel;
    }
    #save-test-title { text-style: bold; margin-bottom: 1; }
    #save-test-buttons { height: auto; margin-top: 1; }
    #save-test-buttons Button { margin-right: 1; min-width: 0; width: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, default: str, summary: str, tests_name: str) -> None:
        super().__init__()
        self._default = default
        self._summary = summary
        self._tests_name = tests_name

    def compose(self) -> ComposeResult:
        with Vertical(id="save-test-dialog"):
            yield Label(f"Save as test in {escape(self._tests_name)}", id="save-test-title")
            yield Static(self._summary, id="save-test-summary")
            yield Input(self._default, placeholder="The scenario's name", id="save-test-name")
            with Horizontal(id="save-test-buttons"):
                yield Button("Save (enter)", id="save-test-save", variant="primary")
                yield Button("Cancel (esc)", id="save-test-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save-test-save")
    def _save(self) -> None:
        name = self.query_one(Input).value.strip()
        if name:
            self.dismiss(name)

    @on(Button.Pressed, "#save-test-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def summary_of(conversation: PreviewConversation) -> str:
    tools = sum(len(t.tools) for t in conversation.turns)
    fields = sum(len(t.fields) for t in conversation.turns)
    parts = [f"{len(conversation.turns)} caller turn(s)", f"{tools} tool call(s)"]
    if fields:
        parts.append(f"{fields} field(s) recorded")
    if conversation.posted is not None:
        parts.append("the end-of-call POST")
    return ("The conversation so far becomes a scripted scenario: " + ", ".join(parts)
            + ". HTTP and MCP answers are replayed by mocks; the agent's replies are left "
              "as comments, to turn into intent checks.")


def save_as_test(app, conversation: PreviewConversation, metadata: dict, agent_path: Path) -> None:
    """Ask for the name, then save; says what happened either way."""
    from runtime.scenarios.save_as_test import SaveAsTestError, default_name, save_conversation
    from runtime.scenarios.suite import tests_path_for

    if conversation.empty:
        app.notify("Say something to the agent first: an empty conversation tests nothing.",
                   title="Nothing to save", severity="warning")
        return
    for tab in app.query("TestsTab"):
        if tab.unsaved:  # the file is about to be written: the edits on screen come first
            app.notify(f"Save your edits of {tab.unsaved_name} first (ctrl+s): Save as test "
                       "adds to the file.", title="Unsaved scenario edits", severity="warning")
            return
    tests_path = tests_path_for(agent_path)
    taken = _names_in(tests_path)

    def saved(name: str | None) -> None:
        if name is None:
            return
        conversation.metadata = dict(metadata)
        try:
            result = save_conversation(conversation, agent_path, name=name)
        except (SaveAsTestError, OSError, ValueError) as exc:
            app.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        app.notify(f"'{result.name}' added to {result.path.name}: see the Tests tab.", title="Saved as test")
        for tab in app.query("TestsTab"):
            tab.reload()

    app.push_screen(SaveAsTestScreen(default_name(conversation, taken), summary_of(conversation),
                                     tests_path.name), saved)


def _names_in(tests_path: Path) -> set[str]:
    import tomllib

    try:
        data = tomllib.loads(tests_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    scenarios = data.get("scenarios")
    return {s.get("name") for s in scenarios if isinstance(s, dict)} if isinstance(scenarios, list) else set()
