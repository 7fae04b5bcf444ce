"""The header, whose title changes repaint its line and nothing else.

Textual's header title is a Static, and a Static's update lays the whole screen out again
by default. The title's size never depends on its text (one line, the header's width), so
the first edit's " ● unsaved", arriving just as the first keys do, paid a layout of every
widget of the form for nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Header
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle


class _OneLineTitle(HeaderTitle):
    def update(self, content="", *, layout: bool = False) -> None:
        super().update(content, layout=layout)


class TitleHeader(Header):
    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _OneLineTitle()
        yield HeaderClockSpace()
