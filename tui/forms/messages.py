"""What form widgets tell the editor: "apply this change", "another entry is shown".

Widgets never write to the document themselves; the app applies the change as one undoable
step, re-validates and, when the change alters structure (a tool added or moved), asks
the widget that sent it to rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.widget import Widget

Change = Callable[[Any], None]  # receives the AgentDocument


class EditRequested(Message):
    def __init__(
        self,
        change: Change,
        *,
        coalesce: str | None = None,
        rebuild: Widget | None = None,
        then: Callable[[], Any] | None = None,
        source: Widget | None = None,
        what: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__()
        self.change = change
        self.coalesce = coalesce  # edits with the same key merge into one undo step
        self.rebuild = rebuild  # recompose this widget once the change is applied
        self.then = then  # called (and awaited) after that: where focus goes, for instance
        self.source = source  # a field whose editor shows the value: refused, it shows the file's
        # For undo's message: what the change was ("add header") and where (dotted path).
        self.what = what
        self.path = path if path is not None else getattr(rebuild, "config_path", None)


class EntryShown(Message):
    """A list's detail form now shows another entry: its problems and conditional fields
    are the editor's to refresh (only in `form`: nothing else changed)."""

    def __init__(self, form: Widget) -> None:
        super().__init__()
        self.form = form
