"""The order keeper's idea of "settled" (tui.input_order): the next key waits for what
the previous one started."""

from __future__ import annotations

from textual.app import App
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.input_order import OrderedInput, _is_idle


class Picker(ModalScreen):
    def compose(self):
        yield Input(id="filter")

    def on_mount(self) -> None:
        self.query_one("#filter").focus()


class Host(App):
    def compose(self):
        yield Label("under the dialog")


async def test_a_screen_just_pushed_is_not_settled_until_it_runs():
    """A key that opens a dialog (down on a model field): the key after it is meant for
    the dialog's filter, which takes focus only once the screen has composed and mounted.
    Let go before that, it went to a screen with nothing focused and was dropped."""
    app = Host()
    async with app.run_test() as pilot:
        order = OrderedInput(app)
        await pilot.pause()
        assert order.settled()
        picker = Picker()
        app.push_screen(picker)  # as a key's handler does: not awaited
        assert not picker.is_running
        # Whatever else is still queued, the new screen itself counts as busy: its task
        # may be the last one to start, after everything else has gone quiet.
        assert not _is_idle(picker)
        assert not order.settled(inside_app=True)
        await pilot.pause()
        assert app.focused is picker.query_one("#filter")
        assert _is_idle(picker) and order.settled()
