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
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator

from textual import events
from textual.message_pump import MessagePump

# A key is let go after this long even if something still looks busy (a widget stuck in a
# long handler): late, in order, never dropped.
PATIENCE_S = 5.0


def _nothing_queued(pump: MessagePump) -> bool:
    return (pump._message_queue.empty() and pump._pending_message is None
            and not pump._next_callbacks)


def _is_idle(pump: MessagePump) -> bool:
    """Nothing queued and its loop waiting for the next message (not inside a handler)."""
    if pump._closed or pump._closing or not pump._running:
        return True  # gone or not running yet: nothing of it can be in flight
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
        self.ready = False  # set once the first form is on screen and focused

    def _pumps(self, *, skip_app: bool) -> Iterator[MessagePump]:
        app = self.app
        if not skip_app:
            yield app
        yield from app.screen_stack
        yield from _with_ancestors(app.focused)
        target = self._last_target
        if target is not None and target.is_attached:
            yield from _with_ancestors(target)

    def settled(self, *, inside_app: bool = False) -> bool:
        """Whether everything the previous input caused is done. `inside_app`: asked from
        one of the app's own handlers, which is itself the app being busy (but nothing
        may wait behind it: a key on its way back up to the app's bindings, say)."""
        if inside_app and not _nothing_queued(self.app):
            return False
        return all(_is_idle(pump) for pump in self._pumps(skip_app=inside_app))

    def may_dispatch_now(self) -> bool:
        """From the app's handler of a newly read event: can it go right away?"""
        return self.ready and not self._pending and self.settled(inside_app=True)

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

    async def _release(self) -> None:
        while self._pending and self.ready:
            await self._until_settled()
            event = self._pending.popleft()
            event._ordered = True  # the app's handler dispatches it, in the app's own task
            self.app.post_message(event)
            # Let the app take it before looking at its effects.
            await asyncio.sleep(0)

    async def _until_settled(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PATIENCE_S
        spins = 0
        while not self.settled():
            if loop.time() > deadline:
                return
            spins += 1
            # Most keys settle within a few turns of the loop; after that poll gently.
            await asyncio.sleep(0 if spins < 50 else 0.002)


# A click moves focus as a key does: one that overtook the keys typed before it sent them
# to the field clicked. Moves and scrolls change nothing a key could reach.
ORDERED = (events.Key, events.Paste, events.MouseDown, events.MouseUp)


def is_ordered_input(event: events.Event) -> bool:
    """Keys, pastes and clicks read from the terminal (not ones already handed on or
    bubbling)."""
    return (isinstance(event, ORDERED) and not event.is_forwarded
            and not getattr(event, "_ordered", False))
