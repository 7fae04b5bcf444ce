"""Undo and redo for the editor: the document text around each change, with what it was.

A snapshot of the whole document is simple and covers every kind of change (a field,
adding or moving a tool...). Typing in one field is one step until focus leaves it (or
the file is saved), so a sentence is one undo, not one per key. Each step says what it
was and where (a dotted path), so undo can tell the user, and show the place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    text: str  # the document before the change (on the redo stack: after it)
    what: str  # "typing", "add entry", "rename"...
    path: str | None  # where, as a dotted path (None: the whole file)


class EditHistory:
    def __init__(self, limit: int = 100) -> None:
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._limit = limit
        self._open_key: str | None = None

    def starts_new_step(self, coalesce: str | None) -> bool:
        return coalesce is None or coalesce != self._open_key

    def record(self, before: str, coalesce: str | None = None, *, what: str = "change",
               path: str | None = None) -> None:
        """A change was made from the text `before`; edits with the same `coalesce` key
        that follow join it (until sealed)."""
        self._redo.clear()  # a new change: what was undone is gone for good
        if coalesce is not None and coalesce == self._open_key:
            return
        self._undo.append(Step(before, what, path if path is not None else coalesce))
        del self._undo[: -self._limit]
        self._open_key = coalesce

    def undo(self, current: str) -> Step | None:
        """The step to undo (its text is what to restore); `current` goes to redo."""
        self._open_key = None
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(Step(current, step.what, step.path))
        return step

    def redo(self, current: str) -> Step | None:
        self._open_key = None
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(Step(current, step.what, step.path))
        return step

    def seal(self) -> None:
        """The next edit starts a new step even in the same field."""
        self._open_key = None

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._open_key = None

    def __len__(self) -> int:
        return len(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)
