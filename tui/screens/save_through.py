"""ctrl+s (or f2) saves from a picker too.

A picker is a modal screen, and the app's ordinary keys do not reach past a modal: with
one open over a field, ctrl+s did nothing and the title went on saying unsaved. Saving is
what a person means wherever they are, so the picker closes the way escape closes it
(the field keeps what was typed) and the key is handed back to the app, in its turn: the
app's ordered input lets it go once the closing has had its effect, so the save holds it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType


class SavesThrough:
    """Mixed into a picker (a ModalScreen) that defines `close_as_escape()`."""

    SAVE_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save_through", "Save", show=False),
    ]

    def close_as_escape(self) -> None:
        raise NotImplementedError

    def action_save_through(self) -> None:
        self.close_as_escape()
        order = getattr(self.app, "input_order", None)
        if order is None:  # an app without ordered input: nothing can overtake
            self.app.call_later(self.app.run_action, "save")
        else:
            order.hold(events.Key("ctrl+s", None))
