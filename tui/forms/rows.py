"""A rows editor for collections of flat entries: headers, parameters, metadata, properties.

One row per entry, one compact widget per declared value, and buttons to add, move and
delete. For maps and headers the entry's name is itself editable (rename on enter/leave).
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from runtime.config.declarations import VALUE_KINDS
from runtime.config.paths import format_path
from tui.forms import entries
from tui.forms.context import form_session
from tui.forms.fields import FieldRow, make_field
from tui.forms.ids import id_for_path
from tui.forms.messages import EditRequested
from tui.widgets.form_input import FormInput

_NOUNS = {"headers": "header", "parameters": "parameter", "properties": "property",
          "metadata": "variable"}


class RowsEditor(Vertical):
    DEFAULT_CLASSES = "rows-editor titled-section"
    DEFAULT_CSS = """
    RowsEditor { height: auto; margin: 1 0 1 0; }
    RowsEditor .rows-header { height: 1; color: $text-muted; }
    RowsEditor .rows-row { height: auto; }
    RowsEditor .rows-row .field-row { width: 1fr; margin-right: 1; }
    RowsEditor .rows-row .field-row.-invalid { border-left: thick $error; }
    RowsEditor .rows-key { width: 24; margin-right: 1; }
    RowsEditor .rows-col { width: 1fr; margin-right: 1; }
    /* A switch and a choice need a few cells; text columns share the rest (at 80 columns
       a parameter's type would otherwise wrap). The header labels size the same way. */
    RowsEditor .rows-row .field-row.-kind-boolean, RowsEditor .rows-col.-kind-boolean {
        width: 8;
    }
    RowsEditor .rows-row .field-row.-kind-enum, RowsEditor .rows-col.-kind-enum { width: 11; }
    RowsEditor .rows-buttons { width: 4; height: 1; }
    RowsEditor .rows-buttons.-with-moves { width: 12; }
    RowsEditor .rows-buttons Button { width: 3; min-width: 3; margin-left: 1; padding: 0; }
    RowsEditor .rows-add { margin-top: 0; }
    """

    def __init__(self, spec, path: tuple) -> None:
        self.spec = spec
        self.parts = path
        self.config_path = format_path(path)
        super().__init__(id=id_for_path(path))
        self.border_title = f" {spec.title} "

    @property
    def keyed(self) -> bool:
        return self.spec.kind != "array"

    def _columns(self):
        item = self.spec.item
        if item.kind in VALUE_KINDS:
            return [item]
        # a parameter's `properties` (object shapes) stay in the file, not in a column
        return [c for c in item.children if c.kind in VALUE_KINDS]

    def compose(self) -> ComposeResult:
        keys = self._shown_keys = entries.entry_keys(form_session(self).document, self.spec,
                                                     self.parts)
        if keys:
            with Horizontal(classes="rows-header"):
                if self.keyed:
                    yield Label("Name", classes="rows-key")
                for column in self._columns():
                    yield Label(column.title if column.key != "*" else "Value",
                                classes=f"rows-col -kind-{column.kind}")
                # Holds the place of the row buttons so the titles sit over their columns.
                yield Label("", classes=self._buttons_classes())
        for position, key in enumerate(keys):
            with Horizontal(classes="rows-row", name=str(position)):
                if self.keyed:
                    yield FormInput(key, compact=True, classes="rows-key entry-key", name=key)
                for column in self._columns():
                    path = (*self.parts, key) if column.key == "*" else (*self.parts, key, column.key)
                    yield make_field(column, path, compact=True)
                with Horizontal(classes=self._buttons_classes()):
                    if not self.keyed:
                        yield Button("↑", compact=True, classes="row-up", name=str(position))
                        yield Button("↓", compact=True, classes="row-down", name=str(position))
                    yield Button("✕", compact=True, classes="row-delete", name=str(key),
                                 tooltip="Delete this entry")
        yield Button(f"+ Add {self._noun()}", compact=True, classes="rows-add")

    def _buttons_classes(self) -> str:
        return "rows-buttons" if self.keyed else "rows-buttons -with-moves"

    def _noun(self) -> str:
        return _NOUNS.get(self.spec.key, "entry")

    async def rebuild(self) -> None:
        await self.recompose()

    async def retarget(self, path: tuple) -> None:
        """Edit the rows at `path` (another list entry's): the same entry names keep their
        widgets and only show the new values; anything else builds the rows again."""
        self.parts = path
        self.config_path = format_path(path)
        if self._keys() != self._shown_keys:
            await self.recompose()
            return
        from tui.forms.builder import retarget_all  # builder builds rows editors

        await retarget_all(self.query(FieldRow), path)

    def _edit(self, change) -> None:
        self.post_message(EditRequested(change, rebuild=self))

    def _keys(self) -> list:
        return entries.entry_keys(form_session(self).document, self.spec, self.parts)

    @on(Button.Pressed, ".rows-add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        keys = self._keys()
        names = keys if self.keyed else [
            str(form_session(self).document.get((*self.parts, i, "name"), "")) for i in keys
        ]
        self._edit(entries.add_entry(self.spec, self.parts, names))

    @on(Button.Pressed, ".row-delete")
    def _delete(self, event: Button.Pressed) -> None:
        event.stop()
        key = event.button.name if self.keyed else int(event.button.name)
        self._edit(entries.remove_entry(self.parts, key))

    @on(Button.Pressed, ".row-up, .row-down")
    def _move(self, event: Button.Pressed) -> None:
        event.stop()
        index = int(event.button.name)
        target = index - 1 if event.button.has_class("row-up") else index + 1
        if 0 <= target < len(self._keys()):
            self._edit(entries.move_entry(self.parts, index, target))

    @on(Input.Submitted, ".entry-key")
    @on(Input.Blurred, ".entry-key")
    def _rename(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        old, new = event.input.name, event.value.strip()
        if new == old or not new:
            return
        if self.spec.pattern and not re.match(self.spec.pattern, new):
            self.notify(f"'{new}': {self.spec.pattern_hint}.", severity="error", title="Not renamed")
            return
        if new in self._keys():
            self.notify(f"'{new}' already exists.", severity="error", title="Not renamed")
            return
        self._edit(entries.rename_entry(self.parts, old, new))

    @on(Input.Changed, ".entry-key")
    def _typing_name(self, event: Input.Changed) -> None:
        event.stop()  # the name is applied on enter or when leaving the field
