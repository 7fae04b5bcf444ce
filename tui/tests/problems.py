"""The scenario file's problems above its forms: enter (or a click) on one goes to the
field it is about, as the agent file's problems list does (f8 on the Tests tab)."""

from __future__ import annotations

from collections.abc import Sequence

from tui.widgets.problems import ProblemsPanel


class ScenarioProblems(ProblemsPanel):
    DEFAULT_CSS = """
    ScenarioProblems, ScenarioProblems:focus {
        dock: none; height: auto; max-height: 6;
        border-top: solid $error 50%; background: $surface;
    }
    """

    def __init__(self, file_name: str, **kwargs) -> None:
        self.file_name = file_name
        super().__init__(**kwargs)

    def show_problems(self, problems: Sequence) -> None:
        super().show_problems(problems)  # (unchanged problems keep the title as it was)
        prefix = f"{self.file_name}: "
        if not str(self.border_title).startswith(prefix):
            self.border_title = prefix + str(self.border_title)
