"""Undo for the editor: the document text before each change, newest last.

A snapshot of the whole document is simple and covers every kind of change (a field,
adding or moving a tool...). Consecutive edits of the same field share one snapshot, so
typing a paragraph is one undo step, not one per keystroke.
"""

from __future__ import annotations


class EditHistory:
    def __init__(self, limit: int = 100) -> None:
        self._snapshots: list[str] = []
        self._limit = limit
        self._open_key: str | None = None

    def starts_new_step(self, coalesce: str | None) -> bool:
        return coalesce is None or coalesce != self._open_key

    def record(self, snapshot: str, coalesce: str | None = None) -> None:
        if coalesce is not None and coalesce == self._open_key:
            return
        self._snapshots.append(snapshot)
        del self._snapshots[: -self._limit]
        self._open_key = coalesce

    def pop(self) -> str | None:
        self._open_key = None
        return self._snapshots.pop() if self._snapshots else None

    def seal(self) -> None:
        """The next edit starts a new step even in the same field."""
        self._open_key = None

    def clear(self) -> None:
        self._snapshots.clear()
        self._open_key = None

    def __len__(self) -> int:
        return len(self._snapshots)
