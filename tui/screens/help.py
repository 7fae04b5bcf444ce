"""F1: help for the focused field (its description from the config declaration) and the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

KEYS_HELP = """\
| Keys | Action |
|---|---|
| ctrl+s or f2 | save to the file |
| ctrl+z | undo the last change |
| ctrl+p | command palette (save, validate, generate, add tool, go to tab...) |
| alt+1 .. alt+6 | go to a tab |
| f8 | go to the problems list (enter jumps to the field) |
| f1 | this help |
| ctrl+q | quit (asks when there are unsaved changes) |
| tab / shift+tab | next / previous field |
"""


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
            yield Markdown("## Keys\n\n" + KEYS_HELP, id="help-keys")

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
