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


async def test_a_click_is_not_settled_until_the_widget_clicked_has_handled_it():
    """A click is handled by the widget under the pointer (a field's label focuses its
    field), not by the widget focused when the click was read. Under load the label's
    handler ran after the next keys had been let go: Tab moved focus on from where the
    click had not yet put it, and the text typed next replaced the agent's name."""
    from textual import events

    app = Host()
    async with app.run_test() as pilot:
        order = OrderedInput(app)
        await pilot.pause()
        label = app.query_one(Label)
        x, y = label.region.offset
        click = events.MouseUp(label, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
        order.dispatched(click)
        label.post_message(events.Click(label, 0, 0, 0, 0, 1, False, False, False))  # its turn not yet come
        assert not order.settled(inside_app=True)
        await pilot.pause()
        assert order.settled()


async def test_a_click_waits_until_the_screen_is_laid_out_again():
    """The screen redraws its map of widgets a frame after a change. A click let go in
    between (right after a tab switch) went to a widget of the tab just left, and the
    keys after it to the field focused before: a space toggled a checkbox, text was lost."""
    app = Host()
    async with app.run_test() as pilot:
        order = OrderedInput(app)
        await pilot.pause()
        assert order.settled(for_pointer=True)
        app.query_one(Label).display = False  # as a tab switch hides a pane
        assert not order.settled(inside_app=True, for_pointer=True)
        for _ in range(100):
            await pilot.pause(0.01)
            if order.settled(for_pointer=True):
                break
        assert order.settled(for_pointer=True)
        assert not app.screen._layout_required
