"""One run of a scenario, turn by turn: who said what, the tools, and each check, with
the turn where it went wrong marked and scrolled into view."""

from __future__ import annotations

from rich.markup import escape
from textual.containers import VerticalScroll
from textual.widgets import Static

from runtime.scenarios.engine.report import where
from runtime.scenarios.engine.results import (
    ERROR,
    GREETING_TURN,
    Check,
    ScenarioRun,
    TranscriptEntry,
)

_SPEAKERS = {"caller": "caller", "agent": "agent", "tool": "tool"}


def turn_title(turn: int | None) -> str:
    if turn is None:
        return "After the call"
    return "Greeting" if turn == GREETING_TURN else f"Turn {turn}"


def turn_text(entries: list[TranscriptEntry], checks: list[Check]) -> str:
    lines = []
    for entry in entries:
        who = _SPEAKERS.get(entry.speaker, entry.speaker)
        style = "red" if entry.is_error else ("b" if entry.speaker == "caller" else "")
        text = f"[{style}]{escape(entry.text)}[/]" if style else escape(entry.text)
        lines.append(f"[dim]{who:>6}[/]  {text}")
    for check in checks:
        if check.passed:
            lines.append(f"[green]  ✓[/] {escape(check.expectation)}")
            continue
        lines.append(f"[red b]  ✗ {escape(check.expectation)}[/]")
        if check.detail:
            label = "judge" if check.judged else "instead"
            lines.append(f"      [red]{label}:[/] {escape(check.detail)}")
    return "\n".join(lines) or "[dim](nothing)[/]"


class RunView(VerticalScroll):
    """A scenario's last (or current) run."""

    DEFAULT_CSS = """
    RunView { height: 1fr; padding: 0 1; }
    RunView .run-head { margin: 0 0 1 0; }
    RunView .run-turn { border-left: outer $surface-lighten-2; padding: 0 0 0 1; margin: 0 0 1 0; }
    RunView .run-turn.-failing { border-left: outer $error; }
    RunView .run-empty { color: $text-muted; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.run: ScenarioRun | None = None

    def show_nothing(self, message: str) -> None:
        self.run = None
        self.remove_children()
        self.mount(Static(message, classes="run-empty"))

    def show_run(self, run: ScenarioRun, *, live: bool = False) -> None:
        """Draw `run`; `live`: it is still going (no verdict yet, follow its end)."""
        self.run = run
        self.remove_children()
        self.mount(Static(self._head(run, live), classes="run-head"))
        failing = None
        for turn in self._turns(run):
            checks = [c for c in run.checks if c.turn == turn]
            entries = [e for e in run.transcript if e.turn == turn]
            failed = any(not c.passed for c in checks) or (
                run.status == ERROR and turn == (run.turns or None) and not run.failures)
            title = f"[b]{turn_title(turn)}[/]" + ("  [red b]✗ failed here[/]" if failed and failing is None else "")
            block = Static(f"{title}\n{turn_text(entries, checks)}",
                           classes="run-turn" + (" -failing" if failed else ""))
            self.mount(block)
            if failed and failing is None:
                failing = block
        if live:
            self.call_after_refresh(self.scroll_end, animate=False)
        elif failing is not None:
            self.call_after_refresh(failing.scroll_visible, top=True, animate=False)

    @staticmethod
    def _turns(run: ScenarioRun) -> list[int | None]:
        turns: list[int | None] = sorted({e.turn for e in run.transcript} | {
            c.turn for c in run.checks if c.turn is not None})
        if any(c.turn is None for c in run.checks):
            turns.append(None)
        return turns

    @staticmethod
    def _head(run: ScenarioRun, live: bool) -> str:
        name = f"[b]{escape(run.scenario)}[/]"
        if live:
            return f"{name}  [yellow]running…[/]"
        verdict = {"passed": "[green]passed[/]", "failed": "[red]failed[/]"}.get(run.status, "[red]error[/]")
        ended = f", ended by {run.ended_by}" if run.ended_by else ""
        head = f"{name}  {verdict}  [dim]{run.turns} turn(s){ended}, {run.duration_s:.1f} s[/]"
        failures = run.failures
        if run.status == ERROR:
            head += f"\n[red]error:[/] {escape(run.error)}"
        elif failures:
            first = failures[0]
            head += f"\n[red]{escape(where(first))}: expected {escape(first.expectation)}[/]"
        if run.not_judged:
            head += "\n[dim]not judged: " + escape("; ".join(run.not_judged)) + "[/]"
        return head
