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
    EDIT_WORD = "choice"

    def _start_from(self) -> tuple[list[tuple[str, Any]], Any]:
        """The options and the value to show. A key with a default shows it when absent
        (choosing it writes nothing); one without offers a blank, "not in the file". A
        value the choices lack is shown too, marked: the screen shows what the file holds."""
        value = form_session(self).document.get(self.parts, None)
        choices = form_session(self).enum_choices(self.spec, self.parts)
        options: list[tuple[str, Any]] = [(choice, choice) for choice in choices]
        if value is not None and value not in choices:
            options.append((f"{value} (not accepted)", value))
        default = self.spec.default if self.spec.has_default else None
        shown = value if value is not None else (default if default in choices else Select.NULL)
        self._initial = None if shown is Select.NULL else shown
        return options, shown

    def show_value(self, value: Any) -> None:
        if not self.editor.query("SelectCurrent #label"):
            # A select mounted this very moment (an undo rebuilding the form) has not
            # drawn its parts yet: setting its value now raised. Once it has.
            self.call_after_refresh(self.show_value, value)
            return
        options, shown = self._start_from()
        if options != self._options:
            self._options = options
            self.editor.set_options(options)
        if shown is Select.NULL:
            self.editor.clear()
        else:
            self.editor.value = shown

    def make_editor(self, value: Any) -> Select:
        options, shown = self._start_from()
        self._options = options
        return Select(
            options,
            value=shown,
            prompt=form_session(self).blank_choice(self.spec, self.parts),
            allow_blank=not self.spec.has_default,
            compact=True,
            classes="field-editor",
        )

    @on(Select.Changed, ".field-editor")
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        self.write(None if event.value is Select.NULL else event.value)
