"""Tabs at a fraction of TabbedContent's cost: one line of titles, panes built when shown.

TabbedContent brings Tabs, an animated underline, a ContentSwitcher and a pane widget per
tab, each with CSS to parse and restyle; at start-up that alone cost more than a bare
Textual app's whole first paint. Here the titles are one widget drawing one line (which
also gives a row back at 80x24) and the panes are plain containers, filled by
`content_for` the first time they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget


class TabBar(Widget, can_focus=True):
    """The titles; click one, or focus the bar and use left/right."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"tab-bar--tab", "tab-bar--active"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous tab", show=False),
        Binding("right", "step(1)", "Next tab", show=False),
    ]
    DEFAULT_CSS = """
    TabBar { height: auto; width: 1fr; padding: 0 0 0 1; }
    TabBar > .tab-bar--tab { color: $text-muted; }
    TabBar > .tab-bar--active { color: $text; text-style: bold; background: $primary 35%; }
    TabBar:focus > .tab-bar--active { background: $primary; }
    """

    active: reactive[str] = reactive("")

    class Chosen(Message):
        def __init__(self, bar: TabBar, tab_id: str) -> None:
            super().__init__()
            self.bar = bar
            self.tab_id = tab_id

    def __init__(self, tabs: Sequence[tuple[str, str]], active: str,
                 short: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tabs = tuple(tabs)
        self.short = short or {}  # shorter titles, for when the full ones do not fit
        self.set_reactive(TabBar.active, active)

    def _titles(self, width: int) -> list[tuple[str, str]]:
        full = sum(len(title) + 2 for _, title in self.tabs)
        if full <= width or not self.short:
            return list(self.tabs)
        return [(tab_id, self.short.get(tab_id, title)) for tab_id, title in self.tabs]

    def _lines(self, width: int) -> list[list[tuple[str, str]]]:
        """The titles, on as many lines as the width needs (one, at 80 columns): a title
        cut off at the edge could not be seen or clicked."""
        lines: list[list[tuple[str, str]]] = [[]]
        used = 0
        for tab_id, title in self._titles(width):
            size = len(title) + 2
            if lines[-1] and used + size > width:
                lines.append([])
                used = 0
            lines[-1].append((tab_id, title))
            used += size
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        rows = []
        for line in self._lines(self.content_size.width or 1000):
            titles = []
            for tab_id, title in line:
                look = "tab-bar--active" if tab_id == self.active else "tab-bar--tab"
                click = Style.from_meta({"@click": f"choose({tab_id!r})"})
                titles.append(Content(f" {title} ").stylize(self.get_visual_style(look) + click))
            rows.append(Content("").join(titles))
        return Content("\n").join(rows)

    def action_choose(self, tab_id: str) -> None:
        self.post_message(self.Chosen(self, tab_id))

    def action_step(self, delta: int) -> None:
        ids = [tab_id for tab_id, _ in self.tabs]
        self.action_choose(ids[(ids.index(self.active) + delta) % len(ids)])


def first_focus_stop(root: Widget) -> Widget | None:
    """The first widget under `root` that takes focus, in the order tab visits them; past
    a bar of sub-tabs (the kinds of action) to what they show, when there is something."""
    bar = None
    for widget in root.walk_children(with_self=False):
        if widget.can_focus and not widget.disabled and _shown_within(widget, root):
            if not isinstance(widget, TabBar):
                return widget
            bar = bar or widget
    return bar


def _shown_within(widget: Widget, root: Widget) -> bool:
    node = widget
    while node is not None and node is not root:
        if node.styles.display == "none" or node.has_class("-hidden"):
            return False
        node = node.parent
    return True


class TabStrip(Vertical):
    """A tab bar over its panes. Subclasses say what a pane is in `content_for`.

    Only panes that have been shown exist, and a pane is the content widget itself (no
    wrapper): every widget, even an empty container, costs styling and layout time.
    """

    DEFAULT_CSS = """
    TabStrip { height: 1fr; }
    TabStrip > .tab-pane { height: 1fr; }
    TabStrip > .tab-pane.-hidden { display: none; }
    """

    def __init__(self, tabs: Sequence[tuple[str, str]], *, active: str | None = None,
                 short: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tabs = tuple(tabs)
        self._short = short
        self._active = active or self.tabs[0][0]
        self._panes: dict[str, Widget] = {}
        self._last_focus: dict[str, Widget] = {}  # per pane, where focus was when it was left

    def content_for(self, tab_id: str) -> Widget:
        """The widget a pane shows, built the first time the pane is."""
        raise NotImplementedError

    def _new_pane(self, tab_id: str) -> Widget:
        pane = self.content_for(tab_id)
        pane.add_class("tab-pane", update=False)  # not mounted yet: styled when it is
        self._panes[tab_id] = pane
        return pane

    def compose(self) -> ComposeResult:
        yield TabBar(self.tabs, self._active, short=self._short)
        # The first pane is composed with the strip: no second layout pass.
        yield self._new_pane(self._active)

    @property
    def active(self) -> str:
        return self._active

    @property
    def built(self) -> list[str]:
        """The tabs whose panes exist, in the order they were first shown."""
        return [tab_id for tab_id, pane in self._panes.items() if pane.parent is self]

    def pane(self, tab_id: str) -> Widget | None:
        pane = self._panes.get(tab_id)
        return pane if pane is not None and pane.parent is self else None

    async def show(self, tab_id: str) -> None:
        if tab_id == self._active:
            return
        old = self.pane(self._active)
        focused = self.screen.focused if self.is_attached else None
        # Focus inside the pane being hidden follows to the pane shown (where it was last
        # time, else its first field): keys must never go to a widget out of sight.
        follow = focused is not None and old is not None and old in focused.ancestors_with_self
        if follow:
            self._last_focus[self._active] = focused
        old.add_class("-hidden")
        pane = self.pane(tab_id)
        if pane is None:
            pane = self._new_pane(tab_id)
            await self.mount(pane)
        else:
            pane.remove_class("-hidden")
        self._active = tab_id
        self.query_one(TabBar).active = tab_id
        if follow:
            target = self._last_focus.get(tab_id)
            if target is None or not target.is_attached or not target.can_focus:
                target = first_focus_stop(pane)
            if target is not None:
                target.focus()

    @on(TabBar.Chosen)
    async def _chosen(self, event: TabBar.Chosen) -> None:
        if event.bar.parent is self:
            event.stop()
            await self.show(event.tab_id)
