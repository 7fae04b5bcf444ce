"""The conversation as it happens: turns, tool calls (collapsed), markers and errors."""

from __future__ import annotations

import json

from rich.markup import escape
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, Static

from runtime.preview import events as ev


def pretty_json(text: str) -> str:
    """Indented JSON when `text` is JSON, else the text itself."""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except (TypeError, ValueError):
        return text


class ToolCallEntry(Collapsible):
    """One tool call, collapsed to a title line; expands to its arguments and result."""

    def __init__(self, call: ev.ToolCall) -> None:
        self.call = call
        self._body = Static(classes="tool-body")
        super().__init__(self._body, title=self._heading(call), collapsed=True, classes="tool-call")
        self._show(call)

    @staticmethod
    def _heading(call: ev.ToolCall) -> str:
        mark = "…" if not call.finished else ("✗" if call.is_error else "✓")
        return f"{mark} {call.name}"

    def _show(self, call: ev.ToolCall) -> None:
        text = f"[b]arguments[/b]\n{escape(pretty_json(call.arguments or '{}'))}"
        if call.finished:
            label = "error" if call.is_error else "result"
            text += f"\n[b]{label}[/b]\n{escape(pretty_json(call.output or ''))}"
        self._body.update(text)

    def finish(self, call: ev.ToolCall) -> None:
        self.call = call
        self.title = self._heading(call)
        self.set_class(call.is_error, "-error")
        self._show(call)


class TranscriptView(VerticalScroll):
    DEFAULT_CSS = """
    TranscriptView { height: 1fr; }
    TranscriptView .turn { margin: 0 0 1 0; height: auto; }
    TranscriptView .turn.-user { color: $text; text-style: bold; }
    TranscriptView .turn.-agent { color: $text; }
    TranscriptView .marker { color: $text-muted; text-align: center; margin: 0 0 1 0; }
    TranscriptView .problem { color: $error; margin: 0 0 1 0; }
    TranscriptView .summary { border: round $accent; padding: 0 1; margin: 0 0 1 0; }
    TranscriptView Collapsible.tool-call { margin: 0 0 1 2; padding: 0; border: none; }
    TranscriptView Collapsible.tool-call.-error CollapsibleTitle { color: $error; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._calls: dict[str, ToolCallEntry] = {}

    def add_event(self, event: ev.PreviewEvent) -> None:
        if isinstance(event, ev.Transcript):
            who = "you" if event.role == "user" else "agent"
            cut = " [dim](interrupted)[/dim]" if event.interrupted else ""
            self._add(Static(f"[b]{who}[/b]  {escape(event.text)}{cut}", classes=f"turn -{event.role}"))
        elif isinstance(event, ev.ToolCall):
            entry = self._calls.get(event.call_id)
            if entry is None:
                entry = self._calls[event.call_id] = ToolCallEntry(event)
                self._add(entry)
            if event.finished:
                entry.finish(event)
        elif isinstance(event, ev.Restarted):
            self._add(Static(f"── conversation restarted: {escape(event.reason)} ──", classes="marker"))
        elif isinstance(event, ev.CallEnded):
            self._add(Static(f"── call ended ({escape(event.reason)}) ──", classes="marker"))
        elif isinstance(event, ev.WorkerError):
            self._add(Static(f"✗ {escape(event.message)}", classes="problem"))
        elif isinstance(event, ev.SummaryReady):
            self._add(Static(f"[b]Summary so far[/b]\n{escape(event.text)}", classes="summary"))

    def add_problem(self, message: str) -> None:
        self._add(Static(f"✗ {escape(message)}", classes="problem"))

    def _add(self, widget) -> None:
        self.mount(widget)
        self.scroll_end(animate=False)
