"""Data-collection fields, filling in as the agent records them."""

from __future__ import annotations

import json
from typing import Any

from rich.markup import escape
from textual.widgets import Static


class FieldsView(Static):
    DEFAULT_CSS = """
    FieldsView { height: auto; max-height: 8; border-top: solid $primary 50%; padding: 0 1; }
    FieldsView.-none { display: none; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.values: dict[str, Any] = {}
        self.names: list[str] = []

    def set_fields(self, names: list[str]) -> None:
        self.names = list(names)
        self.values = {k: v for k, v in self.values.items() if k in self.names}
        self._render_fields()

    def set_value(self, name: str, value: Any) -> None:
        self.values[name] = value
        self._render_fields()

    def clear_values(self) -> None:
        self.values = {}
        self._render_fields()

    def _render_fields(self) -> None:
        self.set_class(not self.names, "-none")
        lines = ["[b]Collected data[/b]"]
        for name in self.names:
            if name in self.values:
                shown = escape(json.dumps(self.values[name], ensure_ascii=False))
                lines.append(f"[green]✓[/green] {escape(name)}: {shown}")
            else:
                lines.append(f"[dim]○ {escape(name)}: —[/dim]")
        self.update("\n".join(lines))
