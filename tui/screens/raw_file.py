"""The raw view: an agent file that is not valid TOML opens here instead of in the forms.

The text is shown as it is on disk with the error location; the user fixes it by hand.
Saving writes the user's text only once it parses, so a broken file is never replaced by
anything the user did not type. Dismisses with True once the file on disk is valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from runtime.config.document import AgentDocument, parse_text
from runtime.config.errors import ConfigLoadError


def load_error_of(text: str) -> ConfigLoadError | None:
    try:
        parse_text(text)
    except ConfigLoadError as error:
        return error
    return None


class RawFileScreen(Screen[bool]):
    DEFAULT_CSS = """
    #raw-error { background: $error 30%; padding: 0 1; height: auto; }
    RawFileScreen.-parses #raw-error { background: $success 30%; }
    #raw-text { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", "Save", id="raw.save"),
    ]

    def __init__(self, path: Path, error: ConfigLoadError) -> None:
        super().__init__(classes="raw-file")
        self.path = path
        self._error: ConfigLoadError | None = error
        self._text = path.read_bytes().decode("utf-8", errors="replace")

    def compose(self) -> ComposeResult:
        yield Static(self._banner(), id="raw-error")
        yield TextArea(self._text, id="raw-text", show_line_numbers=True, soft_wrap=False)
        yield Footer()

    def on_mount(self) -> None:
        self._move_to_error()
        self.query_one("#raw-text").focus()

    def _banner(self) -> str:
        if self._error is None:
            return f"{self.path.name} now parses: ctrl+s or f2 saves it and opens the editor."
        where = f"line {self._error.line}, column {self._error.col}: " if self._error.line else ""
        return (
            f"{self.path.name} cannot be opened in the forms ({where}{self._error.message}). "
            "Fix it here; the file is written only once it parses."
        )

    def _move_to_error(self) -> None:
        if self._error is None or not self._error.line:
            return
        editor = self.query_one("#raw-text", TextArea)
        line = min(self._error.line - 1, editor.document.line_count - 1)
        editor.move_cursor((line, max(self._error.col - 1, 0)))
        editor.scroll_cursor_visible(center=True)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._error = load_error_of(event.text_area.text)
        self.query_one("#raw-error", Static).update(self._banner())
        self.set_class(self._error is None, "-parses")

    def action_save(self) -> None:
        text = self.query_one("#raw-text", TextArea).text
        self._error = load_error_of(text)
        if self._error is not None:
            self._move_to_error()
            self.notify(self._banner(), title="Not saved", severity="error")
            return
        document = AgentDocument.from_text(text, self.path)
        document.save(force=True)  # atomic; the user has seen and fixed this very file
        self.dismiss(True)
