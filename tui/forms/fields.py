"""Form widgets for single values, chosen from the value's declaration (`Spec`).

`make_field(spec, path)` is the factory: a multi-line editor for prompts, a switch for
booleans, a select for enums, an input with model-id suggestions where the declaration
asks for them, a plain input otherwise. Each field shows its inline problem below it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static, TextArea

from runtime.config.paths import format_path
from tui.forms.context import form_session
from tui.forms.ids import id_for_path
from tui.forms.messages import EditRequested
from tui.forms.variable_offer import offer_variables
from tui.widgets.form_input import FormInput
from tui.widgets.tick_box import TickBox


class FieldRow(Widget):
    """One value of the file: its editor, the label, and the inline problem below.

    The row paints its label itself (left of the editor, or above a multi-line one) instead
    of holding a Label, and the problem line is mounted only when there is one: a tool's
    form has dozens of rows and every widget costs mount, style and layout time whenever a
    form is built, the first paint included.
    """

    DEFAULT_CLASSES = "field-row"
    # Single-line editors keep their label on their left; multi-line ones put it above
    # and checkboxes carry their own: those use one column.
    ONE_COLUMN = False
    DRAWS_LABEL = True

    def __init__(self, spec, path: tuple, *, compact: bool = False) -> None:
        self.spec = spec
        self.parts = path
        self.config_path = format_path(path)
        # Classes go to the constructor: adding them to a widget not yet mounted would
        # still restyle it, once per class.
        classes = [self.DEFAULT_CLASSES, f"-kind-{spec.kind}"]  # rows size columns by kind
        if compact:
            classes.append("-compact")
        if compact or self.ONE_COLUMN:
            classes.append("-single-column")
        if self.DRAWS_LABEL and not compact:
            classes.append("-labelled")
        super().__init__(id=id_for_path(path), classes=" ".join(classes))
        self.in_row = compact
        self._problem = None
        self._initial: Any = None  # the value the editor widget was created showing
        self._touched = False

    def compose(self) -> ComposeResult:
        editor = self.make_editor(form_session(self).value(self.parts, self.spec))
        editor.tooltip = self.spec.description
        yield editor

    def render(self) -> Content:
        # Drawn under the children, in the cells the editor's margin leaves free (CSS).
        if not self.has_class("-labelled"):
            return Content("")
        return Content(self.spec.title + (" *" if self.spec.required else ""))

    def on_click(self, event) -> None:
        if event.widget is self:  # on the label, not in the editor (which handles its own)
            self.focus()

    def make_editor(self, value: Any):
        raise NotImplementedError

    def retarget(self, path: tuple) -> None:
        """Edit `path` from now on (the same key of another list entry) and show its value.
        Keeping the widgets is far cheaper than building the entry's form again."""
        self.parts = path
        self.config_path = format_path(path)
        self._touched = False
        self.show_problem(None)  # the new entry's problems follow with the next update
        self.show_value(form_session(self).value(path, self.spec))

    def show_value(self, value: Any) -> None:
        """Put `value` in the editor as if it had been created with it (not an edit)."""
        raise NotImplementedError

    @property
    def editor(self):
        return self.query_one(".field-editor")

    def focus(self, scroll_visible: bool = True):
        self.editor.focus(scroll_visible)
        return self

    def show_problem(self, problem) -> None:
        """Show `problem` (or clear with None) under the field."""
        if problem == self._problem:
            return  # an unchanged message must not cost a layout pass per keystroke
        self._problem = problem
        self.set_class(problem is not None and problem.severity == "error", "-invalid")
        self.set_class(problem is not None and problem.severity != "error", "-warning")
        lines = self.query(".field-problem")
        if lines:
            lines.first().update(problem.message if problem else "")
        elif problem is not None and self.is_attached:
            self.mount(Static(problem.message, classes="field-problem", markup=False))

    def on_mount(self) -> None:
        if self._problem is not None and not self.query(".field-problem"):
            self.mount(Static(self._problem.message, classes="field-problem", markup=False))

    def write(self, value: Any) -> None:
        """Store `value`; None removes the key so the declared default applies."""
        if not self._touched and value == self._initial:
            # The widget reporting what it was created with (on mount, or a value of the
            # wrong type shown as text): not an edit, and the file must stay as it is.
            return
        self._touched = True
        if not form_session(self).editing_ready:
            # The file is still being loaded for editing (a big one takes seconds): what
            # the edit is gets decided once it is, against the document as it then is.
            self.app.hold_edit(partial(self.edit_for, self.parts, value), self.config_path)
            return
        change = self.edit_for(self.parts, value)
        if change is not None:
            self.post_message(EditRequested(change, coalesce=self.config_path))

    def edit_for(self, path: tuple, value: Any):
        """The change storing `value` at `path`, or None when the file already says so."""
        document = form_session(self).document
        present = document.has(path)
        # Widgets also report their initial value and half-typed states: only real
        # differences become edits, and an emptied field keeps its line in the file.
        if value is None:
            if not present:
                return None

            def change(document) -> None:
                document.delete(path)
        else:
            if present and document.get(path) == value:
                return None
            if not present and value in ("", form_session(self).value(path, self.spec)):
                return None

            def change(document) -> None:
                document.set(path, value)

        return change


class TextField(FieldRow):
    def _start_from(self, value: Any) -> str:
        text = "" if value is None else str(value)
        try:
            self._initial = self.parse(text)
        except ValueError:
            self._initial = None
        return text

    def make_editor(self, value: Any) -> Input:
        suggestions = form_session(self).suggestions(self.spec)
        return FormInput(
            self._start_from(value),
            placeholder=self._placeholder(),
            suggester=SuggestFromList(suggestions, case_sensitive=False) if suggestions else None,
            compact=True,
            classes="field-editor",
        )

    def show_value(self, value: Any) -> None:
        self.editor.value = self._start_from(value)

    def _placeholder(self) -> str:
        if self.spec.placeholder:
            return self.spec.placeholder
        if self.spec.has_default and self.spec.default not in ("", None):
            return f"{self.spec.default} (default)"
        return ""

    @on(Input.Changed, ".field-editor")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        offer_variables(self, event.input, event.value[: event.input.cursor_position], self.spec)
        try:
            value = self.parse(event.value)
        except ValueError:
            return  # half-typed number: the inline check says what is wrong once it parses
        self.write(value)

    def parse(self, text: str) -> Any:
        return text


class NumberField(TextField):
    def make_editor(self, value: Any) -> Input:
        editor = super().make_editor(value)
        editor.type = "integer" if self.spec.kind == "integer" else "number"
        return editor

    def parse(self, text: str) -> Any:
        number = float(text)  # ValueError while half-typed (or emptied): nothing is written
        return int(number) if self.spec.kind == "integer" or number.is_integer() else number


class MultilineField(FieldRow):
    ONE_COLUMN = True

    def show_value(self, value: Any) -> None:
        self._initial = "" if value is None else str(value)
        self.editor.load_text(self._initial)  # also clears the text's own undo history

    def make_editor(self, value: Any) -> TextArea:
        self._initial = "" if value is None else str(value)
        return TextArea(
            self._initial,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            classes="field-editor",
        )

    @on(TextArea.Changed, ".field-editor")
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area = event.text_area
        offer_variables(self, area, area.get_text_range((0, 0), area.cursor_location), self.spec)
        self.write(area.text)


class BooleanField(FieldRow):
    """A checkbox carrying its own label: one line per switch keeps forms short."""

    ONE_COLUMN = True
    DRAWS_LABEL = False

    def compose(self) -> ComposeResult:
        value = self._initial = bool(form_session(self).value(self.parts, self.spec))
        label = "" if self.in_row else self.spec.title
        box = TickBox(label, value, compact=True, classes="field-editor")
        box.tooltip = self.spec.description
        yield box

    def show_value(self, value: Any) -> None:
        self._initial = bool(value)
        self.editor.value = self._initial

    @on(Checkbox.Changed, ".field-editor")
    def _changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.write(event.value)


class JsonField(TextField):
    """A value of any JSON type (a mock metadata value): text as it is, anything else as
    JSON; typed text that is a JSON object or list is stored as one."""

    def _start_from(self, value: Any) -> str:
        if value is not None and not isinstance(value, str):
            import json

            value = json.dumps(value, ensure_ascii=False)
        return super()._start_from(value)

    def parse(self, text: str) -> Any:
        if text.lstrip()[:1] in ("{", "["):
            import json

            try:
                return json.loads(text)
            except (ValueError, RecursionError):
                pass  # not JSON (yet): kept as the text typed
        return text


def make_field(spec, path: tuple, *, compact: bool = False) -> FieldRow:
    if spec.kind == "json":
        return JsonField(spec, path, compact=compact)
    if spec.kind == "boolean":
        return BooleanField(spec, path, compact=compact)
    if spec.kind == "enum":
        from tui.forms.enum_field import EnumField

        return EnumField(spec, path, compact=compact)
    if spec.kind in ("integer", "number"):
        return NumberField(spec, path, compact=compact)
    if spec.multiline and not compact:
        return MultilineField(spec, path, compact=compact)
    return TextField(spec, path, compact=compact)
