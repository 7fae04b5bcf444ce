"""`{{` in a text field offers the variables that may go there.

Typing the second brace opens a small picker listing the declared metadata variables (and
the known secrets, in header values); choosing one completes `{{metadata.name}}` at the
cursor, escape leaves the braces as typed.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tui.forms.context import form_session


def offer_variables(field, editor: Input | TextArea, text_before_cursor: str, spec) -> bool:
    """Open the picker when the user just typed `{{` in a field that allows variables."""
    if not spec.variables or not text_before_cursor.endswith("{{"):
        return False
    variables = form_session(field).variables_for(spec)
    if not variables:
        return False

    from tui.screens.variable_picker import VariablePicker  # opened rarely: loaded then

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
