"""An Input for form cells, whose typing repaints the input without laying out the screen.

Textual's Input sets its virtual size (the width of its text) on every change, and a
virtual size counts as a layout change: each keystroke re-arranged the whole screen. In an
agent with 200 tools that made a key cost three times what it costs in a bare app. A
form's inputs never size themselves to their text (the form gives them their width), so
repainting the input is all a keystroke needs; scrolling along the text still reads the
new virtual size.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input


class FormInput(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def _on_blur(self, event) -> None:
        super()._on_blur(event)
        # Left at the end of a long value, the text stayed scrolled: "order_id" read
        # "der_id". Out of focus, a field shows the start of its value.
        self.scroll_to(x=0, animate=False, immediate=True)


class BrowsableInput(FormInput):
    """An input with a list of known values to browse (down arrow); any text still goes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "browse", "Browse known values", show=False),
    ]

    class Browse(Message):
        """The user asked for the list of known values."""

    def action_browse(self) -> None:
        self.post_message(self.Browse())
