"""Forms derived from the config declaration: one walk over a `Spec` yields the widgets.

There is no list of fields in the TUI: a table becomes a titled section, a scalar a field
from `make_field`, headers / maps / arrays of flat tables a rows editor, and arrays of
richer tables (tools, data fields) a list + detail editor.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from runtime.config.declarations import VALUE_KINDS
from runtime.config.paths import format_path
from tui.forms.fields import make_field
from tui.forms.ids import id_for_path
from tui.forms.relevance import is_conditional


def is_flat(spec) -> bool:
    """Entries made only of scalars fit on one row each (parameters, headers, metadata)."""
    item = spec.item
    if item is None:
        return False
    if item.kind in VALUE_KINDS:
        return True
    # a tool parameter's nested `properties` map still fits its row (edited in the file)
    nested = item.key == "parameters"
    return all(c.kind in VALUE_KINDS or (nested and c.key == "properties") for c in item.children)


def form_widgets(spec, path: tuple, *, skip: frozenset[str] = frozenset()) -> Iterator[Widget]:
    """Widgets editing every key declared under the table `spec` at `path`."""
    for child in spec.children:
        if child.key in skip:
            continue
        yield widget_for(child, (*path, child.key))


def widget_for(spec, path: tuple) -> Widget:
    # The list editors are imported where used: they build their entries with
    # form_widgets (mutual recursion), and the first tab on screen has none.
    if spec.kind in VALUE_KINDS:
        return make_field(spec, path)
    if spec.kind == "table":
        widget = Section(spec, path)
    elif is_flat(spec):
        from tui.forms.rows import RowsEditor

        widget = RowsEditor(spec, path)
    else:
        from tui.forms.list_detail import ListDetailEditor

        widget = ListDetailEditor(spec, path)
    if is_conditional(spec.key):
        widget.add_class("conditional-editor")
    return widget


class Section(Vertical):
    """A [table] of the file: its fields under a rule carrying its title.

    The title is the top border's: one widget fewer per section than a heading Label.
    """

    DEFAULT_CLASSES = "form-section"

    def __init__(self, spec, path: tuple, *, skip: frozenset[str] = frozenset()) -> None:
        self.spec = spec
        self.parts = path
        self.config_path = format_path(path)
        self._skip = skip
        super().__init__(id=id_for_path(path), classes="form-section titled-section" if path else None)
        if path:
            self.border_title = f" {spec.title} "

    def compose(self) -> ComposeResult:
        yield from form_widgets(self.spec, self.parts, skip=self._skip)

    async def retarget(self, path: tuple) -> None:
        self.parts = path
        self.config_path = format_path(path)
        await retarget_all(self.children, path)


async def retarget_all(widgets, path: tuple) -> bool:
    """Point the form `widgets` (built for a sibling of `path`) at `path`, keeping them.
    False, having changed nothing, when one of them cannot follow (then build anew)."""
    editors = [widget for widget in widgets if hasattr(widget, "config_path")]
    if not all(hasattr(widget, "retarget") for widget in editors):
        return False
    depth = len(path)
    for widget in editors:
        new_path = (*path, *widget.parts[depth:])
        result = widget.retarget(new_path)
        if result is not None:
            await result
    return True
