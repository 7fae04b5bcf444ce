"""A list + detail editor for arrays of rich tables: HTTP/client tools, MCP servers, fields.

The list shows each entry's name; the detail pane shows the form of the selected entry.
Keys on the list: a/insert add, c duplicate, delete/x remove, shift+up/down (or K/J) move.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from runtime.config.declarations import VALUE_KINDS
from runtime.config.paths import format_path
from tui.forms import entries
from tui.forms.context import form_session
from tui.forms.ids import id_for_path
from tui.forms.messages import EditRequested, EntryShown
from tui.widgets.form_scroll import FormScroll

_NOUNS = {"http": "HTTP tool", "client": "client tool", "mcp": "MCP server", "fields": "field"}

LABEL_MAX = 40


def entry_label(spec, item, index: int) -> str:
    """How the list names an entry: its name; else what its first value says (a turn's
    words, "Tool called: lookup"), the first declared key showing its value alone."""
    if isinstance(item, dict):
        if item.get("name"):
            return str(item["name"])
        children = spec.item.children if spec.item is not None else ()
        for position, child in enumerate(children):
            value = item.get(child.key)
            if value in (None, "", {}, []) or child.kind not in VALUE_KINDS:
                continue
            text = str(value) if position == 0 else (
                child.title if value is True else f"{child.title}: {value}")
            text = " ".join(text.split())
            return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"
    return f"(unnamed {index + 1})"


class EntryList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,insert", "entry('add')", "Add", id="list.add"),
        Binding("c", "entry('duplicate')", "Duplicate", id="list.duplicate"),
        Binding("delete,x", "entry('delete')", "Delete", id="list.delete"),
        Binding("shift+up,K", "entry('up')", "Move up", id="list.up"),
        Binding("shift+down,J", "entry('down')", "Move down", id="list.down"),
    ]

    def action_entry(self, what: str) -> None:
        self.query_ancestor(ListDetailEditor).run_entry_action(what)

    async def _on_click(self, event: events.Click) -> None:
        """A click selects, as in any list: the entry's form is shown (it follows the
        highlight) and focus stays here, so the arrows go on browsing. Enter edits."""
        event.prevent_default()  # not OptionList's click, which selects (Enter's job)
        clicked = event.style.meta.get("option")
        if clicked is not None and not self.get_option_at_index(clicked).disabled:
            self.highlighted = clicked


def _mouse_buttons(*buttons: tuple[str, str, str]):
    """The list's buttons are for the mouse: on the keyboard the list's own keys (in the
    footer) do the same, and five focus stops between the list and its form were five
    tabs to reach the first field."""
    for label, name, tooltip in buttons:
        button = Button(label, compact=True, name=name, tooltip=tooltip)
        button.can_focus = False
        yield button


class ListDetailEditor(Horizontal):
    DEFAULT_CLASSES = "list-detail"
    DEFAULT_CSS = """
    ListDetailEditor { height: auto; min-height: 12; }
    ListDetailEditor .ld-list { width: 26; height: auto; margin-right: 1; }
    ListDetailEditor .section-title { text-style: bold; color: $accent; margin-top: 1; }
    ListDetailEditor .ld-options, ListDetailEditor .ld-options:focus {
        height: auto; max-height: 14; min-height: 1; border: none; padding: 0;
        background: $boost;
    }
    ListDetailEditor .ld-buttons { height: 1; }
    ListDetailEditor .ld-buttons Button { width: auto; min-width: 1; margin: 0; padding: 0; }
    ListDetailEditor .ld-detail { width: 1fr; height: auto; max-height: 40; }
    ListDetailEditor .ld-empty { color: $text-muted; padding: 1; }
    /* Narrow (80 columns, or beside the preview): the list above the form, which then has
       the whole width for its rows (parameter names and descriptions had 7 cells). */
    ListDetailEditor.-stacked { layout: vertical; }
    ListDetailEditor.-stacked .ld-list { width: 1fr; margin-right: 0; }
    ListDetailEditor.-stacked .section-title { margin-top: 0; }
    ListDetailEditor.-stacked .ld-options { max-height: 5; }
    ListDetailEditor.-stacked .ld-detail {
        border-top: solid $primary 25%; max-height: 1000; overflow-y: hidden;
    }
    """
    STACK_BELOW = 96  # cells: narrower than this, the list goes above the form

    def __init__(self, spec, path: tuple, *, title: str | None = None) -> None:
        self.spec = spec
        self.parts = path
        self.config_path = format_path(path)
        self.title = title or spec.title
        self.selected = 0
        self._following = False  # the detail is on its way to the highlighted entry
        super().__init__(id=id_for_path(path))

    def on_mount(self) -> None:
        # Laid out right in the first frame: the width it will get is its container's
        # (a tab being shown has none yet).
        width = next((node.size.width for node in self.ancestors_with_self
                      if isinstance(node, Widget) and node.size.width), 0)
        self.set_class(0 < width < self.STACK_BELOW, "-stacked")

    def on_resize(self, event) -> None:
        stacked = event.size.width < self.STACK_BELOW
        if stacked != self.has_class("-stacked"):
            self.set_class(stacked, "-stacked")
            # Textual caches a widget's arrangement by its size and children, not by its
            # layout: at the same size the old (side by side) one would stay on screen.
            self._clear_arrangement_cache()
            self.refresh(layout=True)

    def _names(self) -> list[str]:
        items = form_session(self).document.get(self.parts, None)
        if not isinstance(items, list):
            return []  # the wrong type: validation says so, the list shows nothing to edit
        return [entry_label(self.spec, item, i) for i, item in enumerate(items)]

    def compose(self) -> ComposeResult:
        names = self._names()
        self.selected = min(self.selected, max(len(names) - 1, 0))
        with Vertical(classes="ld-list"):
            yield Label(f"{self.title} ({len(names)})", classes="section-title")
            entry_list = EntryList(*[Option(n) for n in names], classes="ld-options")
            if names:
                entry_list.highlighted = self.selected
            yield entry_list
            with Horizontal(classes="ld-buttons"):
                yield from _mouse_buttons(
                    ("+ Add", "add", "Add (a on the list)"),
                    ("Copy", "duplicate", "Duplicate (c on the list)"),
                    ("Del", "delete", "Delete (x or delete on the list)"),
                    ("↑", "up", "Move up (shift+up or K on the list)"),
                    ("↓", "down", "Move down (shift+down or J on the list)"),
                )
        yield DetailPane(self.spec, self.parts, self.selected if names else None)

    async def rebuild(self) -> None:
        """After adding, moving or removing entries: refill the list, re-show the detail."""
        names = self._names()
        self.selected = min(self.selected, max(len(names) - 1, 0))
        self.query_one(".section-title", Label).update(f"{self.title} ({len(names)})")
        entry_list = self.query_one(EntryList)
        with entry_list.prevent(OptionList.OptionHighlighted):
            entry_list.clear_options()
            entry_list.add_options([Option(n) for n in names])
            if names:
                entry_list.highlighted = self.selected
        pane = self.query_one(DetailPane)
        pane.index = self.selected if names else None
        await pane.rebuild()

    @on(OptionList.OptionHighlighted, ".ld-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index == self.selected:
            return
        self.selected = event.option_index
        if not self._following:
            self._following = True
            self.call_later(self._follow_highlight)

    async def _follow_highlight(self) -> None:
        """Show the highlighted entry's form at once. Arrowing on through a long list
        (a held key) moves the highlight faster than forms are shown: each time one is,
        the next shown is where the highlight is by then, not each entry passed."""
        try:
            entry_list, pane = self.query_one(EntryList), self.query_one(DetailPane)
            while (target := entry_list.highlighted) is not None and target != pane.index:
                self.selected = target
                await self._show(target)
        finally:
            self._following = False

    async def _show(self, index: int) -> None:
        pane = self.query_one(DetailPane)
        await pane.show(index)
        self.post_message(EntryShown(pane))

    async def select(self, index: int) -> None:
        self.selected = index
        entry_list = self.query_one(EntryList)
        if entry_list.highlighted != index:
            entry_list.highlighted = index
        await self._show(index)

    @on(Button.Pressed, ".ld-buttons Button")
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        self.run_entry_action(event.button.name)

    def run_entry_action(self, what: str) -> None:
        count = len(self._names())
        index = self.selected
        if what == "add":
            self.selected = count
            change = entries.add_entry(self.spec, self.parts, self._names())
        elif count == 0:
            return
        elif what == "duplicate":
            self.selected = index + 1
            change = entries.duplicate_entry(self.parts, index)
        elif what == "delete":
            self.selected = max(index - 1, 0)
            change = entries.remove_entry(self.parts, index)
        else:
            target = index - 1 if what == "up" else index + 1
            if not 0 <= target < count:
                return
            self.selected = target
            change = entries.move_entry(self.parts, index, target)
        verbs = {"add": "add", "duplicate": "copy", "delete": "delete", "up": "move",
                 "down": "move"}
        # A new entry is there to be filled in: its form gets focus.
        then = self.focus_detail if what in ("add", "duplicate") else None
        self.post_message(EditRequested(
            change, rebuild=self, then=then, what=f"{verbs[what]} {self._noun()}",
            path=format_path((*self.parts, self.selected)) if what != "delete" else self.config_path))

    def _noun(self) -> str:
        return _NOUNS.get(self.spec.key, "entry")

    def focus_detail(self) -> None:
        """Focus the first field of the selected entry's form."""
        from tui.widgets.tab_strip import first_focus_stop

        target = first_focus_stop(self.query_one(DetailPane))
        if target is not None:
            target.focus()

    @on(OptionList.OptionSelected, ".ld-options")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on an entry: its form, to edit it."""
        event.stop()
        if event.option_index != self.query_one(DetailPane).index:
            await self.select(event.option_index)
        self.focus_detail()

    def refresh_selected_name(self) -> None:
        """After a keystroke only the selected entry can have been renamed: cheap."""
        lists = self.query(EntryList)
        if not lists or lists.first().option_count <= self.selected:
            return
        item = form_session(self).document.get((*self.parts, self.selected), None)
        name = entry_label(self.spec, item, self.selected)
        if lists.first().get_option_at_index(self.selected).prompt != name:
            lists.first().replace_option_prompt_at_index(self.selected, name)

    def refresh_names(self) -> None:
        """After an edit: keep the list labels in step with the entries' names."""
        lists = self.query(EntryList)
        if not lists:
            return  # not composed yet: it reads the names when it is
        entry_list = lists.first()
        for index, name in enumerate(self._names()):
            if index < entry_list.option_count and entry_list.get_option_at_index(index).prompt != name:
                entry_list.replace_option_prompt_at_index(index, name)


class DetailPane(FormScroll):
    DEFAULT_CLASSES = "ld-detail"

    def __init__(self, spec, path: tuple, index: int | None) -> None:
        super().__init__()
        self.spec = spec
        self.parts = path
        self.index = index

    def compose(self) -> ComposeResult:
        from tui.forms.builder import form_widgets

        if self.index is None:
            yield Static("Nothing here yet: press + Add (or a) to add one.", classes="ld-empty")
            return
        yield from form_widgets(self.spec.item, (*self.parts, self.index))

    async def show(self, index: int | None) -> None:
        """Show entry `index`. Entries of one list share a form: when one is on screen its
        widgets are pointed at the new entry rather than built again (a tool's form is
        some sixty widgets)."""
        from tui.forms.builder import retarget_all

        previous, self.index = self.index, index
        entry = (*self.parts, index)
        if previous is None or index is None or not await retarget_all(self.children, entry):
            await self.recompose()
        else:
            self.scroll_home(animate=False)

    async def rebuild(self) -> None:
        """Build the form again (after entries were added, moved or removed)."""
        await self.recompose()
