"""What every editor tab shares: a scrolling form over some top-level sections."""

from __future__ import annotations

from textual.app import ComposeResult

from runtime.config.declarations import ROOT
from tui.forms.builder import Section
from tui.widgets.form_scroll import FormScroll


class FormTab(FormScroll):
    """A tab showing the forms of `SECTIONS` (top-level keys of the file), in order."""

    SECTIONS: tuple[str, ...] = ()
    DEFAULT_CLASSES = "form-tab"

    def compose(self) -> ComposeResult:
        for key in self.SECTIONS:
            yield Section(ROOT.child(key), (key,))
