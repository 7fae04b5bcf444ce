"""The problems panel: every validation problem with its dotted path and line.

Selecting a row posts `ProblemsPanel.JumpTo(path)`; the app moves focus to the widget
that edits that path. The panel only displays what it is given: validation runs in the app.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ProblemsPanel(OptionList):
    """A list of problems; selecting one asks the app to jump to its field."""

    class JumpTo(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    # `:focus` too: OptionList's own focused look would otherwise win the tie.
    DEFAULT_CSS = """
    ProblemsPanel, ProblemsPanel:focus {
        dock: bottom; height: auto; max-height: 3;
        border-top: solid $error 50%; background: $surface;
    }
    ProblemsPanel.-empty { display: none; }
    """

    def __init__(self, problems: Sequence = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self._paths: list[str] = []
        self._shown: list | None = None
        self.border_title = "Problems"
        self.show_problems(problems)

    def show_problems(self, problems: Sequence) -> None:
        """Replace the rows with `problems` (objects with severity, path, line, message)."""
        if list(problems) == self._shown:
            return
        self._shown = list(problems)
        self._paths = [p.path for p in problems]
        self.clear_options()
        self.add_options(
            Option(_format_row(p), id=f"problem-{i}") for i, p in enumerate(problems)
        )
        self.set_class(not problems, "-empty")
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        self.border_title = f"Problems ({_count(errors, 'error')}, {_count(warnings, 'warning')})"

    def on_focus(self) -> None:
        # Focused (f8): the first problem is ready for enter.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.JumpTo(self._paths[event.option_index]))


def _format_row(problem) -> str:
    mark = "[b $error]✖[/]" if problem.severity == "error" else "[b $warning]▲[/]"
    where = f"L{problem.line}" if problem.line else "  "
    path = problem.path or "(file)"
    return f"{mark} {where:>4}  [b]{_escape(path)}[/]  {_escape(problem.message)}"


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
