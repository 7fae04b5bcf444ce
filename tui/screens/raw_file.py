"""The raw view: an agent file that is not valid TOML opens here instead of in the forms.

The text is shown as it is on disk with the error location; the user fixes it by hand.
Saving writes the user's text only once it parses, so a broken file is never replaced by
anything the user did not type. There is one raw view at most and it follows the disk: a
fix made in another editor is loaded (and hands back to the forms, as the file parses),
unless there is typing here, which is then never replaced unasked. Dismisses with True
once the file on disk is valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from runtime.config.document import AgentDocument, disk_bytes, parse_text
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
        Binding("ctrl+r", "load_disk", "Load the file's text", id="raw.reload"),
    ]

    def __init__(self, path: Path, error: ConfigLoadError) -> None:
        super().__init__(classes="raw-file")
        self.path = path
        self._error: ConfigLoadError | None = error
        self._disk = disk_bytes(path)  # what the text was loaded from
        self._loaded = self._decode(self._disk)
        self._disk_moved = False  # the file changed on disk after the user started typing
        self._overwrite_asked = False

    @staticmethod
    def _decode(data: bytes | None) -> str:
        return (data or b"").decode("utf-8", errors="replace")

    def compose(self) -> ComposeResult:
        yield Static(self._banner(), id="raw-error", markup=False)
        yield TextArea(self._loaded, id="raw-text", show_line_numbers=True, soft_wrap=False)
        yield Footer()

    def on_mount(self) -> None:
        self._move_to_error()
        self.query_one("#raw-text").focus()

    @property
    def text(self) -> str:
        return self.query_one("#raw-text", TextArea).text

    def _banner(self) -> str:
        if self._disk_moved:
            return (f"{self.path.name} changed on disk. ctrl+r loads it (your typing here is "
                    "dropped); ctrl+s twice writes your text over it.")
        if self._error is None:
            return f"{self.path.name} now parses: ctrl+s or f2 saves it and opens the editor."
        where = f"line {self._error.line}, column {self._error.col}: " if self._error.line else ""
        return (
            f"{self.path.name} cannot be opened in the forms ({where}{self._error.message}). "
            "Fix it here; the file is written only once it parses."
        )

    def _show_banner(self) -> None:
        self.query_one("#raw-error", Static).update(self._banner())
        self.set_class(self._error is None and not self._disk_moved, "-parses")

    def _move_to_error(self) -> None:
        if self._error is None or not self._error.line:
            return
        editor = self.query_one("#raw-text", TextArea)
        line = min(self._error.line - 1, editor.document.line_count - 1)
        editor.move_cursor((line, max(self._error.col - 1, 0)))
        editor.scroll_cursor_visible(center=True)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._error = load_error_of(event.text_area.text)
        self._show_banner()

    # -- the disk ---------------------------------------------------------------------------
    def follow_disk(self) -> None:
        """Called when the app checks the file: show what it holds now."""
        data = disk_bytes(self.path)
        if data == self._disk or data is None:
            return
        if self.text != self._loaded:
            self._disk_moved = True  # never replace the user's typing unasked
            self._show_banner()
            return
        self._load(data)

    def _load(self, data: bytes) -> None:
        self._disk, self._loaded = data, self._decode(data)
        self._disk_moved = self._overwrite_asked = False
        area = self.query_one("#raw-text", TextArea)
        with area.prevent(TextArea.Changed):
            area.load_text(self._loaded)
        self._error = load_error_of(self._loaded)
        if self._error is None:
            self.dismiss(True)  # fixed outside: back to the forms
            return
        self._show_banner()
        self._move_to_error()

    def action_load_disk(self) -> None:
        data = disk_bytes(self.path)
        if data is not None:
            self._load(data)

    def action_save(self) -> None:
        text = self.text
        self._error = load_error_of(text)
        if self._error is not None:
            self._move_to_error()
            self.notify(self._banner(), title="Not saved", severity="error")
            return
        if disk_bytes(self.path) != self._disk and not self._overwrite_asked:
            self._disk_moved = self._overwrite_asked = True
            self._show_banner()
            self.notify("The file changed on disk: ctrl+s again writes over it.",
                        title="Not saved", severity="warning")
            return
        document = AgentDocument.from_text(text, self.path)
        document.save(force=True)  # atomic; the user has seen this very file and chose
        self.dismiss(True)
