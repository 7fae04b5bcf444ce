"""`{{` in a text field offers the variables that may go there.

Typing the second brace opens a small picker listing the declared metadata variables (and
the known secrets, in header values); choosing one completes `{{metadata.name}}` at the
cursor, escape leaves the braces as typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, TextArea
from textual.widgets.option_list import Option


class VariablePicker(ModalScreen[str | None]):
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


def offer_variables(field, editor: Input | TextArea, text_before_cursor: str, spec) -> bool:
    """Open the picker when the user just typed `{{` in a field that allows variables."""
    if not spec.variables or not text_before_cursor.endswith("{{"):
        return False
    variables = field.app.session.variables_for(spec)
    if not variables:
        return False

    def insert(name: str | None) -> None:
        if name is None:
            return
        completion = name + "}}"
        if isinstance(editor, Input):
            editor.insert_text_at_cursor(completion)
        else:
            editor.insert(completion)
        editor.focus()

    field.app.push_screen(VariablePicker(variables), insert)
    return True
