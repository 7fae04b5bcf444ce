"""A checkbox that reads `[✓]` when on and `[ ]` when off.

Textual's compact Checkbox shows a dim "X" when unchecked, which reads as checked.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        mark_style = self.get_visual_style("toggle--button")
        bracket_style = Style(background=mark_style.background)
        return Content.assemble(
            ("[", bracket_style), ("✓" if self.value else " ", mark_style), ("]", bracket_style)
        )

    def render(self) -> Content:
        # Without a label (a column of a table row) Textual still pads one in, which the
        # width it asks for leaves no room for: the box came out as "[✓…".
        return self._button if not self._label else super().render()
