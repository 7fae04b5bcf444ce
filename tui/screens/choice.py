"""A small modal that asks one question and returns the key of the chosen answer.

Used for every "are you sure" moment (quit with unsaved edits, the file changed on disk,
create a missing file) so they all look and behave the same: each answer has a button
and a single-key shortcut, escape picks the safe answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


@dataclass(frozen=True)
class Choice:
    key: str  # returned as the screen's result
    label: str
    shortcut: str  # a single key that picks it
    variant: str = "default"


class ChoiceScreen(ModalScreen[str]):
    """Ask `question`; dismiss with the chosen `Choice.key` (escape gives `cancel_key`)."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    #choice-dialog {
        width: 72; max-width: 100%; height: auto; padding: 0 1;
        border: thick $warning; background: $panel;
    }
    #choice-title { text-style: bold; margin-bottom: 1; }
    #choice-detail { height: auto; max-height: 14; margin-top: 1; background: $boost; }
    #choice-buttons { height: auto; margin-top: 1; }
    #choice-buttons Button { margin-right: 1; min-width: 0; width: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, title: str, question: str, choices: list[Choice], cancel_key: str,
                 detail=None) -> None:
        super().__init__(classes="choice-screen")
        self._detail = detail  # shown under the question, scrolling (a diff, say)
        self._title = title
        self._question = question
        self._choices = choices
        self._cancel_key = cancel_key

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog"):
            yield Label(self._title, id="choice-title")
            yield Static(self._question, id="choice-question", markup=False)
            if self._detail is not None:
                with VerticalScroll(id="choice-detail"):
                    yield Static(self._detail)
            with Horizontal(id="choice-buttons"):
                for choice in self._choices:
                    yield Button(
                        f"{choice.label} ({choice.shortcut})",
                        id=f"choice-{choice.key}",
                        variant=choice.variant,
                        name=choice.key,
                    )

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.name)

    def on_key(self, event) -> None:
        for choice in self._choices:
            if event.key == choice.shortcut:
                event.stop()
                self.dismiss(choice.key)
                return

    def action_cancel(self) -> None:
        self.dismiss(self._cancel_key)
