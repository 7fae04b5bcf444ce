"""Generate: the project files the agent file produces, and a diff against those on disk.

Reads the saved file (what generation, preview and deploy all use). Nothing is written
until the user presses `w`; files a person edited since the last generation are listed
as "edited" and need a second, explicit confirmation to be replaced.
"""

from __future__ import annotations

from typing import ClassVar

from rich.syntax import Syntax
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.choice import Choice, ChoiceScreen

STATUS_MARKS = {
    "create": "[b $success]+[/] new",
    "update": "[b $warning]~[/] update",
    "unchanged": "[dim]= same[/]",
    "edited": "[b $error]![/] edited",
    "remove": "[b $error]-[/] remove",
}


class GenerateScreen(Screen[None]):
    DEFAULT_CSS = """
    #generate-summary { padding: 0 1; background: $boost; height: auto; }
    #generate-files { width: 40%; height: 1fr; }
    #generate-diff-scroll { width: 1fr; height: 1fr; }
    #generate-diff-title { text-style: bold; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "write", "Write files", id="generate.write"),
        Binding("escape,q", "close", "Close", id="generate.close"),
    ]

    def __init__(self, plan, *, unsaved: bool) -> None:
        super().__init__()
        self.plan = plan
        self._unsaved = unsaved

    def compose(self) -> ComposeResult:
        note = " Unsaved edits are not included: save first to generate them." if self._unsaved else ""
        yield Static(
            f"Generate into {self.plan.out_dir}: {self.plan.summary()}.{note}", id="generate-summary"
        )
        with Horizontal():
            yield OptionList(
                *[
                    Option(f"{STATUS_MARKS[c.status]:<24} {c.path}", id=c.path)
                    for c in self.plan.changes
                ],
                id="generate-files",
            )
            with VerticalScroll(id="generate-diff-scroll"):
                yield Label("", id="generate-diff-title")
                yield Static("", id="generate-diff")
        yield Footer()

    def on_mount(self) -> None:
        files = self.query_one("#generate-files", OptionList)
        first = next((i for i, c in enumerate(self.plan.changes) if c.status != "unchanged"), 0)
        if self.plan.changes:
            files.highlighted = first
        files.focus()

    @on(OptionList.OptionHighlighted, "#generate-files")
    def _show_diff(self, event: OptionList.OptionHighlighted) -> None:
        change = self.plan.changes[event.option_index]
        self.query_one("#generate-diff-title", Label).update(f"{change.path} ({change.status})")
        body = change.diff or "(no change)"
        self.query_one("#generate-diff", Static).update(Syntax(body, "diff", theme="ansi_dark"))

    @work
    async def action_write(self) -> None:
        from runtime.codegen.plan import apply_plan

        force = False
        if self.plan.blocked:
            names = ", ".join(c.path for c in self.plan.edited)
            answer = await self.app.push_screen_wait(
                ChoiceScreen(
                    "Files edited by hand",
                    f"These files changed since they were generated: {names}. Replace them?",
                    [Choice("replace", "Replace them", "r", "error"), Choice("cancel", "Cancel", "c")],
                    cancel_key="cancel",
                )
            )
            if answer != "replace":
                return
            force = True
        written = apply_plan(self.plan, force=force)
        self.app.notify(f"Wrote {len(written)} file(s) to {self.plan.out_dir}.", timeout=3)
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def open_generate_screen(app) -> None:
    from runtime.codegen import plan_generation
    from runtime.config.errors import ConfigError, ConfigInvalidError

    try:
        plan = plan_generation(app.session.path)
    except ConfigInvalidError as error:
        count = sum(1 for p in error.problems if p.severity == "error")
        app.notify(f"Fix {count} error(s) in the saved file first (f8 lists them).",
                   title="Cannot generate", severity="error")
        return
    except ConfigError as error:
        app.notify(str(error), title="Cannot generate", severity="error")
        return
    app.push_screen(GenerateScreen(plan, unsaved=app.session.dirty))
