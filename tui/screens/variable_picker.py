"""The picker `{{` opens in a text field: the variables that may go there."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

class VariablePicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    VariablePicker { align: center middle; }
    #variable-options { width: 60; height: auto; max-height: 12; border: round $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Close", show=False)]

    def __init__(self, variables: list[tuple[str, str]]) -> None:
        super().__init__(classes="variable-picker")
        self._variables = variables

    def compose(self) -> ComposeResult:
        options = OptionList(
            *[Option(f"[b]{name}[/]  [dim]{about}[/]", id=name) for name, about in self._variables],
            id="variable-options",
        )
        options.border_title = "Insert variable"
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
