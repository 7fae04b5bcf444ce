"""The picker `{{` opens in a text field: the variables that may go there.

What is typed after `{{` goes into the picker's filter, so no key is lost however fast
the reference is typed by hand: the list narrows to the matching variables, enter (or
tab) inserts the highlighted one, escape or a closing brace closes it and hands back what
was typed, to the field. A name that is not declared yet can be declared from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Picked:
    """What to put at the cursor (after the `{{` already there), and a metadata variable
    to declare first (None: it is declared, or a secret)."""

    text: str
    declare: str | None = None


class VariablePicker(SavesThrough, ModalScreen[Picked]):
    DEFAULT_CSS = """
    VariablePicker { align: center middle; }
    #variable-dialog {
        width: 64; max-width: 100%; height: auto; border: round $accent; background: $panel;
        padding: 0 1;
    }
    #variable-filter { margin: 0 0 1 0; }
    #variable-options { height: auto; max-height: 10; border: none; padding: 0; }
    #variable-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *SavesThrough.SAVE_BINDINGS,
        Binding("escape", "keep_typed", "Keep what was typed", show=False),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("tab", "pick", show=False, priority=True),
    ]

    def __init__(self, variables: list[tuple[str, str]], namespaces: frozenset[str]) -> None:
        super().__init__(classes="variable-picker")
        self._variables = variables
        self._namespaces = namespaces
        self._choices: list[Picked] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="variable-dialog") as dialog:
            dialog.border_title = "Insert variable"
            yield Input(placeholder="type to filter, or a new name", id="variable-filter",
                        compact=True)
            yield OptionList(id="variable-options")
            yield Static("enter insert · esc keep what you typed", id="variable-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#variable-filter").focus()

    # -- the list ---------------------------------------------------------------------
    def _fill(self, typed: str) -> None:
        options = self.query_one("#variable-options", OptionList)
        self._choices = []
        prompts = []
        needle = typed.strip().lower()
        for name, about in self._variables:
            if needle in name.lower():
                self._choices.append(Picked(f"{name}}}}}"))
                prompts.append(f"[b]{escape(name)}[/]  [dim]{escape(about)}[/]")
        new = self._new_reference(typed.strip())
        if new is not None:
            self._choices.append(new)
            kind = "declare a new variable" if new.declare else "a secret not listed yet"
            prompts.append(f"[b]{escape(new.text[:-2])}[/]  [dim]{kind}[/]")
        options.clear_options()
        options.add_options(Option(prompt) for prompt in prompts)
        if prompts:
            options.highlighted = 0

    def _new_reference(self, typed: str) -> Picked | None:
        """`metadata.x` / `secrets.X` (or a bare `x`) that is not on the list yet."""
        namespace, _, name = typed.rpartition(".")
        if not namespace:
            namespace = "metadata" if "metadata" in self._namespaces else "secrets"
        if namespace not in self._namespaces or not _NAME.match(name):
            return None
        reference = f"{namespace}.{name}"
        if any(known == reference for known, _ in self._variables):
            return None
        return Picked(f"{reference}}}}}", declare=name if namespace == "metadata" else None)

    @on(Input.Changed, "#variable-filter")
    def _typed(self, event: Input.Changed) -> None:
        if event.value.endswith("}"):
            # Typing the reference by hand: close and let the field have it.
            self.dismiss(Picked(event.value))
            return
        self._fill(event.value)

    # -- answers ------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        options = self.query_one("#variable-options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = (current + delta) % options.option_count

    @on(Input.Submitted, "#variable-filter")
    def action_pick(self) -> None:
        options = self.query_one("#variable-options", OptionList)
        if options.highlighted is None or not self._choices:
            self.action_keep_typed()
            return
        self.dismiss(self._choices[options.highlighted])

    @on(OptionList.OptionSelected, "#variable-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._choices[event.option_index])

    def action_keep_typed(self) -> None:
        self.dismiss(Picked(self.query_one("#variable-filter", Input).value))

    def close_as_escape(self) -> None:
        self.action_keep_typed()
