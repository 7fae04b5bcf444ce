"""A list to browse and pick from: model ids, languages, the voices of the chosen TTS.

Opened from a field with known values (down arrow, or the field's "▾"). Typing filters;
enter takes the highlighted entry, escape leaves the field as it was. The field itself
still takes any text: the list is what is known, not all that is allowed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.save_through import SavesThrough


class ListPicker(SavesThrough, ModalScreen[str | None]):
    DEFAULT_CSS = """
    ListPicker { align: center middle; }
    #list-dialog {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    #list-filter { margin: 0 0 1 0; }
    #list-options { height: auto; max-height: 16; border: none; padding: 0; }
    #list-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *SavesThrough.SAVE_BINDINGS,
        Binding("escape", "dismiss_none", "Close", show=False),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("pagedown", "move(8)", show=False, priority=True),
        Binding("pageup", "move(-8)", show=False, priority=True),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str = "",
                 empty: str = "Nothing known: type any value in the field.") -> None:
        super().__init__(classes="list-picker")
        self._title = title
        self._choices = choices  # (value, label shown)
        self._current = current
        self._empty = empty
        self._shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="list-dialog") as dialog:
            dialog.border_title = self._title
            yield Input(placeholder="type to filter", id="list-filter", compact=True)
            yield OptionList(id="list-options")
            yield Static("enter choose · esc keep the field as it is", id="list-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#list-filter").focus()

    def _fill(self, typed: str) -> None:
        needle = typed.strip().lower()
        options = self.query_one("#list-options", OptionList)
        options.clear_options()
        self._shown = []
        prompts = []
        for value, label in self._choices:
            if needle in value.lower() or needle in label.lower():
                self._shown.append(value)
                prompts.append(Option(escape(label)))
        if not prompts:
            options.add_option(Option(f"[dim]{escape(self._empty)}[/]", disabled=True))
            return
        options.add_options(prompts)
        options.highlighted = (self._shown.index(self._current)
                               if self._current in self._shown else 0)

    @on(Input.Changed, "#list-filter")
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, delta: int) -> None:
        options = self.query_one("#list-options", OptionList)
        if self._shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(current + delta, len(self._shown) - 1))

    @on(Input.Submitted, "#list-filter")
    def _submitted(self) -> None:
        options = self.query_one("#list-options", OptionList)
        if self._shown and options.highlighted is not None:
            self.dismiss(self._shown[options.highlighted])
        else:
            self.dismiss(None)

    @on(OptionList.OptionSelected, "#list-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self._shown):
            self.dismiss(self._shown[event.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def close_as_escape(self) -> None:
        self.action_dismiss_none()
