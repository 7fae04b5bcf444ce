"""Form widgets for single values, chosen from the value's declaration (`Spec`).

`make_field(spec, path)` is the factory: a multi-line editor for prompts, a switch for
booleans, a select for enums, an input with model-id suggestions where the declaration
asks for them, a plain input otherwise. Each field shows its inline problem below it.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from tui.widgets.form_input import BrowsableInput, FormInput
from tui.widgets.form_text_area import FormTextArea
from tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class _Note:
    message: str
    severity: str = "error"


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
    EDIT_WORD = "typing"  # what undo calls an edit of this field

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
        # Cells of a rows editor carry no id: their entry can be renamed under them.
        super().__init__(id=None if compact else id_for_path(path), classes=" ".join(classes))
        self.in_row = compact
        self._problem = None
        self._initial: Any = None  # the value the editor widget was created showing
        self._touched = False
        self._text_seen = ""  # the editor's text as last seen, to tell typing from deleting
        self._checked = None  # the validation problem of the value
        self._unwritten = None  # a note: what is typed is not in the file (half-typed)
        self._note = None  # a line about the value (a known voice's name)

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
        self._unwritten = None
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

    def note_unwritten(self, message: str | None) -> None:
        """What is typed cannot be written yet (`message` says why; None: it can again)."""
        self._unwritten = None if message is None else _Note(message)
        self.show_problem(self._checked)

    def set_note(self, text: str | None) -> None:
        """A line about the value (which known voice an id is), shown when there is no
        problem to show."""
        self._note = None if not text else _Note(text, severity="note")
        self.show_problem(self._checked)

    def show_problem(self, problem) -> None:
        """Show `problem` (or clear with None) under the field; a note that the typing
        is not in the file yet comes first, a note about the value last."""
        self._checked = problem
        problem = self._unwritten or problem or self._note
        if problem == self._problem:
            return  # an unchanged message must not cost a layout pass per keystroke
        self._problem = problem
        severity = problem.severity if problem is not None else None
        self.set_class(severity == "error", "-invalid")
        self.set_class(severity not in (None, "error", "note"), "-warning")
        self.set_class(severity == "note", "-noted")
        lines = self.query(".field-problem")
        if lines:
            lines.first().update(problem.message if problem else "")
        elif problem is not None and self.is_attached:
            self.mount(Static(problem.message, classes="field-problem", markup=False))

    def on_mount(self) -> None:
        if self._problem is not None and not self.query(".field-problem"):
            self.mount(Static(self._problem.message, classes="field-problem", markup=False))

    def _grew(self, text: str) -> bool:
        """Whether the editor's text got longer since last seen (typing, not deleting)."""
        grew = len(text) > len(self._text_seen)
        self._text_seen = text
        return grew

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
            self.post_message(EditRequested(change, coalesce=self.config_path, source=self,
                                            what=self.EDIT_WORD))

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

    def show_current(self) -> None:
        """Show the file's value again (an edit the document refused)."""
        self.show_value(form_session(self).value(self.parts, self.spec))


class TextField(FieldRow):
    def _start_from(self, value: Any) -> str:
        text = self._text_seen = "" if value is None else str(value)
        try:
            self._initial = self.parse(text)
        except ValueError:
            self._initial = None
        return text

    def make_editor(self, value: Any) -> Input:
        suggestions = form_session(self).suggestions(self.spec)
        kind = BrowsableInput if self.spec.suggest else FormInput
        note = self._note_for(value)
        self._note = _Note(note, severity="note") if note else None
        return kind(
            self._start_from(value),
            placeholder=self._placeholder(),
            suggester=SuggestFromList(suggestions, case_sensitive=False) if suggestions else None,
            compact=True,
            classes="field-editor",
        )

    def show_value(self, value: Any) -> None:
        self.editor.value = self._start_from(value)
        self.set_note(self._note_for(value))

    def _note_for(self, value: Any) -> str | None:
        return form_session(self).note_for(self.spec, self.parts, value) if self.spec.suggest else None

    def follow_neighbours(self) -> None:
        """A value this field's note depends on changed (the TTS model, for a voice)."""
        self.set_note(self._note_for(form_session(self).value(self.parts, self.spec)))

    @on(BrowsableInput.Browse)
    def _browse(self, event) -> None:
        event.stop()
        from tui.screens.list_picker import ListPicker  # opened rarely: loaded then

        editor = self.editor
        choices = form_session(self).browse_choices(self.spec, self.parts)

        def chosen(value: str | None) -> None:
            if value is not None:
                editor.value = value  # typed in, as if by hand: the change becomes an edit
                editor.cursor_position = len(value)
            editor.focus()

        empty = ("No known voices for this TTS model: type a voice id."
                 if self.spec.suggest == "voice" else "Nothing known: type any value.")
        self.app.push_screen(ListPicker(self.spec.title, choices, editor.value, empty), chosen)

    def _placeholder(self) -> str:
        if self.spec.placeholder:
            return self.spec.placeholder
        if self.spec.has_default and self.spec.default not in ("", None):
            return f"{self.spec.default} (default)"
        return ""

    @on(Input.Changed, ".field-editor")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != event.input.value:
            return  # overtaken: the editor shows another value since (another entry's)
        typed = self._grew(event.value)
        try:
            value = self.parse(event.value)
        except ValueError as error:
            # Half-typed (a number, JSON): the file keeps its value, and the field says so.
            self.note_unwritten(str(error))
        else:
            self.note_unwritten(None)
            if self.spec.suggest:
                self.set_note(self._note_for(value))
            self.write(value)
        # After the edit: it belongs to this field's typing, not to the picker opened now.
        offer_variables(self, event.input, event.value[: event.input.cursor_position], self.spec,
                        typed=typed)

    def parse(self, text: str) -> Any:
        return text


class NumberField(TextField):
    def make_editor(self, value: Any) -> Input:
        editor = super().make_editor(value)
        editor.type = "integer" if self.spec.kind == "integer" else "number"
        return editor

    def parse(self, text: str) -> Any:
        try:
            number = float(text)
        except ValueError:
            raise ValueError("not a number yet: the file keeps its value") from None
        return int(number) if self.spec.kind == "integer" or number.is_integer() else number


class JsonField(TextField):
    """Any value JSON can carry (a mock value: text, a number, true/false, a list, a table),
    typed as JSON. Plain text that is not JSON is taken as text, so `Ada` needs no quotes;
    text starting like JSON ({, [, ") must be valid JSON before it is written."""

    def _start_from(self, value: Any) -> str:
        self._initial = value
        text = self._text_seen = show_json(value)
        return text

    def parse(self, text: str) -> Any:
        return parse_json_value(text)


def show_json(value: Any) -> str:
    import json  # only JSON-typed fields need it: not loaded for the first frame

    if value is None:
        return ""
    if isinstance(value, str):
        # Text that would read as another value is shown quoted, so it stays text.
        try:
            json.loads(value)
        except ValueError:
            return value
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, default=str)


def parse_json_value(text: str) -> Any:
    import json

    stripped = text.strip()
    if not stripped:
        return ""
    try:
        value = json.loads(stripped)
    except ValueError:
        if stripped[0] in '{["':
            raise ValueError("not valid JSON yet: the file keeps its value") from None
        return text
    if value is None or _holds_null(value):
        raise ValueError("TOML has no null: the file keeps its value")
    return value


def _holds_null(value: Any) -> bool:
    if isinstance(value, dict):
        return any(v is None or _holds_null(v) for v in value.values())
    if isinstance(value, list):
        return any(v is None or _holds_null(v) for v in value)
    return False


class MultilineField(FieldRow):
    ONE_COLUMN = True

    def show_value(self, value: Any) -> None:
        self._initial = self._text_seen = "" if value is None else str(value)
        self.editor.load_text(self._initial)  # also clears the text's own undo history
        self.editor.refresh(layout=True)  # its height follows the new text's

    def make_editor(self, value: Any) -> TextArea:
        self._initial = self._text_seen = "" if value is None else str(value)
        return FormTextArea(
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
        typed = self._grew(area.text)
        self.write(area.text)
        # After the edit: it belongs to this field's typing, not to the picker opened now.
        offer_variables(self, area, area.get_text_range((0, 0), area.cursor_location), self.spec,
                        typed=typed)


class BooleanField(FieldRow):
    """A checkbox carrying its own label: one line per switch keeps forms short."""

    ONE_COLUMN = True
    DRAWS_LABEL = False
    EDIT_WORD = "switch"

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
