"""A field with a fixed set of values: a compact select, blank meaning "not in the file".

Apart from the other fields because Textual's select (and the option list under it) is
only loaded once a form with a choice is shown: the first tab on screen has none.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Select

from tui.forms.context import form_session
from tui.forms.fields import FieldRow


class EnumField(FieldRow):
    def _start_from(self) -> tuple[list[str], Any]:
        value = form_session(self).document.get(self.parts, None)  # blank means "not in the file"
        choices = form_session(self).enum_choices(self.spec, self.parts)
        self._initial = value if value in choices else None
        return choices, value if value in choices else Select.NULL

    def show_value(self, value: Any) -> None:
        choices, shown = self._start_from()
        if choices != self._choices:
            self._choices = choices
            self.editor.set_options([(choice, choice) for choice in choices])
        if shown is Select.NULL:
            self.editor.clear()
        else:
            self.editor.value = shown

    def make_editor(self, value: Any) -> Select:
        default = self.spec.default if self.spec.has_default else None
        prompt = f"{default} (default)" if default else (self.spec.placeholder or "(not set)")
        choices, shown = self._start_from()
        self._choices = choices
        return Select(
            [(choice, choice) for choice in choices],
            value=shown,
            prompt=prompt,
            allow_blank=True,
            compact=True,
            classes="field-editor",
        )

    @on(Select.Changed, ".field-editor")
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        self.write(None if event.value is Select.NULL else event.value)
