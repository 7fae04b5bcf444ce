"""The conversation as it happens: turns, tool calls (collapsed), markers and errors."""

from __future__ import annotations

import json
from typing import ClassVar

from rich.markup import escape
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, Static
from textual.widgets._collapsible import CollapsibleTitle

from runtime.preview import events as ev
from tui.preview.errors_view import describe, parse_model_error


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

    def on_mount(self) -> None:
        # Not a focus stop each: tabbing through a long call made the transcript jump to
        # every one of them. The transcript's "e" opens and closes them all.
        for title in self.query(CollapsibleTitle):
            title.can_focus = False

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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "toggle_calls", "Open/close tool calls"),
    ]

    def __init__(self, *, host: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._calls: dict[str, ToolCallEntry] = {}
        self._host = host  # where the model calls go, to name in errors
        # This turn's model failures: one line each, counting its retries.
        self._failures: dict[tuple[str, str], tuple[Static, int]] = {}

    def action_toggle_calls(self) -> None:
        entries = list(self.query(ToolCallEntry))
        collapse = any(not entry.collapsed for entry in entries)
        for entry in entries:
            entry.collapsed = collapse

    def add_event(self, event: ev.PreviewEvent) -> None:
        if isinstance(event, ev.Restarted) or (isinstance(event, ev.Transcript)
                                               and event.role == "agent"):
            self._failures.clear()  # the model answered: a failure after this is a new one
        elif isinstance(event, ev.Transcript):
            # The user's message may arrive between retries; a failure given up on is over.
            self._failures = {key: (line, tries) for key, (line, tries) in self._failures.items()
                              if not line.has_class("-gave-up")}
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
            self._add_error(event.message)
        elif isinstance(event, ev.SummaryReady):
            self._add(Static(f"[b]Summary so far[/b]\n{escape(event.text)}", classes="summary"))

    def _add_error(self, message: str) -> None:
        failure = parse_model_error(message)
        if failure is None:
            self._add_problem(message)
            return
        line, tries = self._failures.get(failure.key, (None, 0))
        tries += 1
        text = f"✗ {escape(describe(failure, self._host, tries))}"
        if line is None:
            line = Static(text, classes="problem")
            self._add(line)
        else:
            line.update(text)
        line.set_class(not failure.recoverable, "-gave-up")
        self._failures[failure.key] = (line, tries)

    def add_problem(self, message: str) -> None:
        if self._failures and "did not answer" in message:
            # Already said, in words, by the failure's own line.
            for line, _ in self._failures.values():
                line.add_class("-unanswered")
            return
        self._add_problem(message)

    def _add_problem(self, message: str) -> None:
        self._add(Static(f"✗ {escape(message)}", classes="problem"))

    def _add(self, widget) -> None:
        # Follow the conversation, unless the user scrolled up to read.
        following = self.is_vertical_scroll_end
        self.mount(widget)
        if following:
            self.scroll_end(animate=False)
