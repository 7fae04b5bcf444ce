"""The multi-line editor of form fields: Textual's TextArea, plus the keys people expect.

ctrl+home / ctrl+end go to the start / end of the whole text, as in every other editor
(Textual binds them to nothing).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea


class FormTextArea(TextArea):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+home", "text_start", "Start of the text", show=False),
        Binding("ctrl+end", "text_end", "End of the text", show=False),
        Binding("ctrl+shift+home", "text_start(True)", show=False),
        Binding("ctrl+shift+end", "text_end(True)", show=False),
    ]

    def action_text_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_text_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    def _on_resize(self) -> None:
        super()._on_resize()
        # The text is wrapped anew for the new width, but when that leaves the number of
        # lines as it was nothing repaints it: the lines wrapped for the old width (drawn
        # once at the new size) stayed on screen, a word shown twice or cut off.
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        try:
            return super().render_lines(crop)
        except KeyError as error:
            if "COMPONENT_CLASSES" not in str(error):
                raise
            # Textual 8.2: a text area drawn before its component styles are resolved (an
            # undo rebuilding a form, under load) raised from its theme, and the app
            # stopped. Blank this once; the next frame has the styles.
            self.refresh()
            return [Strip.blank(crop.width)] * crop.height
