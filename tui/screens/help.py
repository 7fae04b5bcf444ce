"""F1: help for the focused field (its description from the config declaration) and the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tui.keys_help import VSCODE_NOTE, markdown_table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-dialog { width: 76; max-height: 90%; border: thick $primary; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss", "Close", show=False)]

    def __init__(self, field_help: str | None) -> None:
        super().__init__()
        self._field_help = field_help

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            if self._field_help:
                yield Markdown(self._field_help, id="help-field")
            yield Markdown(f"## Keys\n\n{markdown_table()}\n{VSCODE_NOTE}", id="help-keys")

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
