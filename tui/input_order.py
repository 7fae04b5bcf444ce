"""Keys reach the app one after the other, each once the previous one has had its effect.

Textual hands every key to the widget focused at the moment the key is read, without
waiting for the keys before it: a key that moves focus (tab), opens a dialog or saves
(ctrl+s) does so only once it has travelled up to the app, and by then the keys typed
after it have gone to the old widget. In a burst (a fast typist, a paste, a slow SSH
link, a loaded machine) that loses edits: typing after tab went into the previous field,
a save ran before the edits of the keys typed just before it, a dialog opened after the
keys meant for it.

So the app holds keys (and pastes, and clicks) in order and lets the next one go only when the one
before has settled: the app, every screen, the focused widget and its ancestors, and the
widget the previous key went to with its ancestors are all idle, with nothing queued.
Everything a key causes on its way (the field's change, the edit, a rebuild, a focus
move, a pushed screen) passes through those message queues, so none of it is in flight
when the next key is routed. Keys typed during start-up wait for the first form.

One exception keeps typing fast: a character typed into a text field right after another
character typed into it goes at once. Neither can move focus, open a dialog or save, so
there is nothing to wait for, and waiting for every one to be painted cost a frame per
key (a paste without bracketing crawled). The braces are the exception to that: `{{`
opens the variable picker and `}` closes it, so the key after a brace waits.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator

from textual import events
from textual.app import ScreenStackError
from textual.errors import NoWidget
from textual.message_pump import MessagePump
from textual.widgets import Input, TextArea

# A key is let go after this long even if something still looks busy (a widget stuck in a
# long handler): late, in order, never dropped.
PATIENCE_S = 5.0


def _nothing_queued(pump: MessagePump) -> bool:
    return (pump._message_queue.empty() and pump._pending_message is None
            and not pump._next_callbacks)


def _is_idle(pump: MessagePump) -> bool:
    """Nothing queued and its loop waiting for the next message (not inside a handler)."""
    if pump._closed or pump._closing:
        return True  # gone: nothing of it can be in flight
    if not pump._running:
        # Started but its task has not run yet (a screen just pushed, which will compose,
        # mount and take focus: the next key is meant for it), or never started / ended.
        return pump._task is None
    if not _nothing_queued(pump):
        return False
    # The pump's loop awaits this event between messages; inside a handler it does not.
    return any(not waiter.done() for waiter in pump._message_queue.ready_event._waiters)


def _with_ancestors(widget) -> Iterator[MessagePump]:
    node = widget
    while node is not None and isinstance(node, MessagePump):
        yield node
        node = node._parent


class OrderedInput:
    """Holds input events for `app` and dispatches them one at a time, in order."""

    def __init__(self, app) -> None:
        self.app = app
        self._pending: deque[events.Event] = deque()
        self._runner: asyncio.Task | None = None
        self._last_target = None
        # The widget under the last click: the click is handled there (it moves focus
        # there, later), not by the widget focused when it was read.
        self._pointed = None
        self._last_event: events.Event | None = None  # the last one handed on
        self._in_flight = 0  # handed to the app's queue, not yet dispatched
        self.ready = False  # set once the first form is on screen and focused

    def _pumps(self, *, skip_app: bool) -> Iterator[MessagePump]:
        app = self.app
        if not skip_app:
            yield app
        yield from app.screen_stack
        yield from _with_ancestors(app.focused)
        for target in (self._last_target, self._pointed):
            if target is not None and target.is_attached:
                yield from _with_ancestors(target)

    def settled(self, *, inside_app: bool = False, for_pointer: bool = False) -> bool:
        """Whether everything the previous input caused is done. `inside_app`: asked from
        one of the app's own handlers, which is itself the app being busy (but nothing
        may wait behind it: a key on its way back up to the app's bindings, say).
        `for_pointer`: the next input is a click, which goes to the widget the screen's
        map has at that spot; the map is redrawn a frame after a change (a tab switch),
        and until then a click went to the widgets of the tab just left."""
        if inside_app and not _nothing_queued(self.app):
            return False
        if for_pointer and not _laid_out(self.app):
            return False
        return all(_is_idle(pump) for pump in self._pumps(skip_app=inside_app))

    def may_dispatch_now(self, event: events.Event) -> bool:
        """From the app's handler of a newly read event: can it go right away?"""
        if not self.ready or self._pending or self._in_flight:
            return False
        typing_on = (self.app.focused is self._last_target
                     and self._continues_typing(event, self._last_event))
        return typing_on or self.settled(inside_app=True, for_pointer=_is_pointer(event))

    def _continues_typing(self, event: events.Event, previous: events.Event | None) -> bool:
        """Whether `event` is a character typed on into the text field that `previous`,
        a character too, went to (see the module's docstring)."""
        return (_is_character(event) and _is_character(previous)
                and previous.character not in "{}"
                and isinstance(self.app.focused, (Input, TextArea)))

    def hold(self, event: events.Event) -> None:
        self._pending.append(event)
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._release())

    def set_ready(self) -> None:
        self.ready = True
        if self._pending and (self._runner is None or self._runner.done()):
            self._runner = asyncio.create_task(self._release())

    def dispatched(self, event: events.Event) -> None:
        """Called as an event is handed on: its target is watched until it settles."""
        self._last_target = self.app.focused
        self._pointed = _widget_under(self.app, event) if isinstance(event, events.MouseEvent) else None
        if getattr(event, "_ordered", False):
            self._in_flight -= 1
        else:
            self._last_event = event

    async def drain(self, timeout: float) -> None:
        """Wait (up to `timeout` seconds) until every input read so far has been
        dispatched and has had its effect."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (self._pending or not self.settled()) and loop.time() < deadline:
            await asyncio.sleep(0.002)

    async def _release(self) -> None:
        while self._pending and self.ready:
            if not self._continues_typing(self._pending[0], self._last_event):
                await self._until_settled()
            self._post(self._pending.popleft())
            # The characters typed on into the same field go with it, in one go.
            while self._pending and self._continues_typing(self._pending[0], self._last_event):
                self._post(self._pending.popleft())
            # Let the app take it before looking at its effects.
            await asyncio.sleep(0)

    def _post(self, event: events.Event) -> None:
        event._ordered = True  # the app's handler dispatches it, in the app's own task
        self._in_flight += 1
        self._last_event = event
        self.app.post_message(event)

    async def _until_settled(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PATIENCE_S
        spins = 0
        pointer = bool(self._pending) and _is_pointer(self._pending[0])
        while not self.settled(for_pointer=pointer):
            if loop.time() > deadline:
                return
            spins += 1
            # Most keys settle within a few turns of the loop; after that poll gently.
            await asyncio.sleep(0 if spins < 50 else 0.002)


def _is_pointer(event: events.Event) -> bool:
    return isinstance(event, events.MouseEvent)


def _laid_out(app) -> bool:
    """Whether the screen's map of widgets is up to date with its DOM: no widget has a
    change of layout, scroll or styles on its way to the screen (each widget hands it on
    when its queue is next idle), and the screen has none waiting for its next frame.
    Walks the screen's widgets, so it is asked for clicks only."""
    try:
        screen = app.screen
    except ScreenStackError:
        return True
    return not any(node._layout_required or node._scroll_required or node._recompose_required
                   or node._refresh_styles_required
                   for node in screen.walk_children(with_self=True))


def _widget_under(app, event: events.MouseEvent):
    """The widget a click at `event` goes to, as the screen will find it."""
    try:
        return app.screen.get_widget_at(event.screen_x, event.screen_y)[0]
    except (NoWidget, ScreenStackError):  # off every widget, or no screen yet: nothing to watch
        return None


def _is_character(event: events.Event | None) -> bool:
    return isinstance(event, events.Key) and event.is_printable


# A click moves focus as a key does: one that overtook the keys typed before it sent them
# to the field clicked. Moves and scrolls change nothing a key could reach.
ORDERED = (events.Key, events.Paste, events.MouseDown, events.MouseUp)


def is_ordered_input(event: events.Event) -> bool:
    """Keys, pastes and clicks read from the terminal (not ones already handed on or
    bubbling)."""
    return (isinstance(event, ORDERED) and not event.is_forwarded
            and not getattr(event, "_ordered", False))
