"""A scrolling form that is not itself a focus stop.

Textual's scroll containers take focus (to scroll with the keyboard), which in a form is
a tab stop that shows nothing: one tab in three seemed to do nothing. A form scrolls to
the field that has focus, which is all a keyboard user needs.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class FormScroll(VerticalScroll, can_focus=False):
    pass
