"""`{{` in a text field offers the variables that may go there.

Typing the second brace opens a picker listing the declared metadata variables (and the
known secrets, in header values); what is typed next filters it. Choosing one completes
`{{metadata.name}}` at the cursor, a new name is declared under [metadata] as it is
inserted, and escape hands what was typed back to the field.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tui.forms.context import form_session
from tui.forms.messages import EditRequested


def offer_variables(field, editor: Input | TextArea, text_before_cursor: str, spec, *,
                    typed: bool) -> bool:
    """Open the picker when the user just typed `{{` (`typed`: the change inserted text,
    rather than deleting some) in a field that allows variables."""
    if not spec.variables or not typed or not text_before_cursor.endswith("{{"):
        return False
    from tui.screens.variable_picker import VariablePicker  # opened rarely: loaded then

    def insert(picked) -> None:
        if picked is None:
            return
        if picked.declare:
            name = picked.declare
            # Declared first: the reference then arrives at a file that knows it.
            field.post_message(EditRequested(lambda document: document.set(("metadata", name), {}),
                                             what="declare variable", path=f"metadata.{name}"))
        if picked.text:
            if isinstance(editor, Input):
                editor.insert_text_at_cursor(picked.text)
            else:
                editor.insert(picked.text)
        editor.focus()

    field.app.push_screen(VariablePicker(form_session(field).variables_for(spec), spec.variables),
                          insert)
    return True
