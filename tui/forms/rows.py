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

from runtime.config.declarations import SCALAR_KINDS
from runtime.config.paths import format_path
from tui.forms import entries
from tui.forms.context import form_session
from tui.forms.fields import make_field
from tui.forms.ids import id_for_path
from tui.forms.messages import EditRequested
from tui.forms.relevance import is_conditional
from tui.widgets.form_input import FormInput

_NOUNS = {"headers": "header", "parameters": "parameter", "properties": "property",
          "metadata": "variable"}


def _is_column(spec) -> bool:
    """A value shown in the entry's row; the rest goes under it."""
    return (spec.kind in SCALAR_KINDS or spec.kind == "json") and not is_conditional(spec.key)


class EntryKeyInput(FormInput):
    """The name of a map entry or header, renamed when the user leaves it (or presses
    enter, or saves)."""

    def __init__(self, key: str) -> None:
        super().__init__(key, compact=True, classes="rows-key entry-key")
        self.entry_key = key  # the name in the file, while the user types another


class RowsEditor(Vertical):
    DEFAULT_CLASSES = "rows-editor titled-section"
    DEFAULT_CSS = """
    RowsEditor { height: auto; margin: 1 0 1 0; }
    RowsEditor .rows-header { height: 1; color: $text-muted; }
    RowsEditor .rows-entry, RowsEditor .rows-row { height: auto; }
    /* Under its row, indented: an array parameter's items, an object's properties. */
    RowsEditor .row-extra { height: auto; padding: 0 0 0 4; }
    RowsEditor .row-extra > .rows-editor { margin: 0 0 1 0; }
    RowsEditor .row-extra > .field-row { max-width: 44; }
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
        if item.kind in SCALAR_KINDS or item.kind == "json":
            return [item]
        return [c for c in item.children if _is_column(c)]

    def _extras(self):
        """What an entry has beyond its row: shown under it when it applies (an array
        parameter's `items`, an object parameter's `properties`)."""
        item = self.spec.item
        return [] if not item.children else [c for c in item.children if not _is_column(c)]

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
        extras = self._extras()
        for position, key in enumerate(keys):
            with Vertical(classes="rows-entry"):
                with Horizontal(classes="rows-row", name=str(position)):
                    if self.keyed:
                        yield EntryKeyInput(key)
                    for column in self._columns():
                        path = ((*self.parts, key) if column.key == "*"
                                else (*self.parts, key, column.key))
                        yield make_field(column, path, compact=True)
                    with Horizontal(classes=self._buttons_classes()):
                        if not self.keyed:
                            yield Button("↑", compact=True, classes="row-up", name=str(position))
                            yield Button("↓", compact=True, classes="row-down",
                                         name=str(position))
                        yield Button("✕", compact=True, classes="row-delete", name=str(position),
                                     tooltip="Delete this entry")
                if extras:
                    from tui.forms.builder import widget_for  # builder builds rows editors

                    with Vertical(classes="row-extra"):
                        for extra in extras:
                            yield widget_for(extra, (*self.parts, key, extra.key))
        yield Button(f"+ Add {self._noun()}", compact=True, classes="rows-add")

    def _buttons_classes(self) -> str:
        return "rows-buttons" if self.keyed else "rows-buttons -with-moves"

    def _noun(self) -> str:
        return _NOUNS.get(self.spec.key, "entry")

    async def rebuild(self) -> None:
        await self.recompose()

    def follow_keys(self) -> None:
        """Entries added or removed elsewhere (a variable declared from the `{{` picker, a
        hand edit): show them."""
        if self.is_attached and self._keys() != self._shown_keys:
            self.refresh(recompose=True)

    async def retarget(self, path: tuple) -> None:
        """Edit the rows at `path` (another list entry's): the same entry names keep their
        widgets and only show the new values; anything else builds the rows again."""
        self.parts = path
        self.config_path = format_path(path)
        if self._keys() != self._shown_keys:
            await self.recompose()
            return
        from tui.forms.builder import retarget_all  # builder builds rows editors

        editors = [w for entry in self.query_children(".rows-entry")
                   for w in self._entry_editors(entry)]
        await retarget_all(editors, path)

    @staticmethod
    def _entry_editors(entry) -> list:
        """The editing widgets of one entry: its row's fields, and what is under the row
        (a nested rows editor follows its entries itself)."""
        found = []
        for part in entry.query_children(".rows-row, .row-extra"):
            found += [w for w in part.children if w.has_class("field-row") or w.has_class("rows-editor")]
        return found

    def _edit(self, change, what: str, focus_row: int | None = None) -> None:
        then = None if focus_row is None else (lambda: self.focus_row(focus_row))
        self.post_message(EditRequested(change, rebuild=self, then=then,
                                        what=f"{what} {self._noun()}"))

    def _keys(self) -> list:
        return entries.entry_keys(form_session(self).document, self.spec, self.parts)

    def focus_row(self, position: int) -> None:
        """Focus the first editor of row `position` (the nearest one left), else "+ Add"."""
        rows = list(self.query(".rows-row"))
        if rows:
            row = rows[max(0, min(position, len(rows) - 1))]
            row.query(".entry-key, .field-editor").first().focus()
        else:
            self.query_one(".rows-add", Button).focus()

    @on(Button.Pressed, ".rows-add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        keys = self._keys()
        if self.parts == ("metadata",):
            undeclared = form_session(self).undeclared_variables()
            if undeclared:
                self._offer_undeclared(undeclared, len(keys))
                return
        names = keys if self.keyed else [
            str(form_session(self).document.get((*self.parts, i, "name"), "")) for i in keys
        ]
        self._edit(entries.add_entry(self.spec, self.parts, names), "add", focus_row=len(keys))

    def _offer_undeclared(self, undeclared: list[tuple[str, str]], position: int) -> None:
        """The variables the file uses but does not declare, first; or a new name."""
        from tui.screens.list_picker import ListPicker

        new = "\0new"
        choices = [(name, f"{name}   used in {where}") for name, where in undeclared]
        choices.append((new, "(a new variable)"))

        def chosen(name: str | None) -> None:
            if name is None:
                return
            if name == new:
                change = entries.add_entry(self.spec, self.parts, self._keys())
            else:
                change = entries.add_named_entry(self.spec, self.parts, name)
            self._edit(change, "add", focus_row=position)

        self.app.push_screen(ListPicker("Add variable", choices), chosen)

    @on(Button.Pressed, ".row-delete")
    def _delete(self, event: Button.Pressed) -> None:
        event.stop()
        keys = self._keys()
        position = int(event.button.name)
        if position < len(keys):
            self._edit(entries.remove_entry(self.parts, keys[position]), "delete",
                       focus_row=position)

    @on(Button.Pressed, ".row-up, .row-down")
    def _move(self, event: Button.Pressed) -> None:
        event.stop()
        index = int(event.button.name)
        target = index - 1 if event.button.has_class("row-up") else index + 1
        if 0 <= target < len(self._keys()):
            self._edit(entries.move_entry(self.parts, index, target), "move", focus_row=target)

    # -- renaming an entry (the name column of maps and headers) ---------------------------
    def rename_of(self, key_input: EntryKeyInput):
        """The change renaming `key_input`'s entry to what it shows, and what to do after
        it; None when there is nothing to rename. A name that cannot be taken is refused
        (and the old one shown again: the screen never shows a name the file lacks)."""
        old, new = key_input.entry_key, key_input.value.strip()
        if new == old:
            return None
        problem = None
        if not new:
            problem = "a name is needed"
        elif self.spec.pattern and not re.match(self.spec.pattern, new):
            problem = self.spec.pattern_hint
        elif new in self._keys():
            problem = "that name is taken"
        if problem is not None:
            self.notify(f"'{new}': {problem}.", severity="error", title="Not renamed")
            with key_input.prevent(Input.Changed):
                key_input.value = old
            return None
        return entries.rename_entry(self.parts, old, new), lambda: self._renamed(key_input, old, new)

    async def _renamed(self, key_input: EntryKeyInput, old: str, new: str) -> None:
        """The entry is renamed in the file: its row edits the new name from now on. The
        widgets stay (focus stays where the user put it)."""
        key_input.entry_key = new
        self._shown_keys = [new if key == old else key for key in self._shown_keys]
        from tui.forms.builder import retarget_all

        await retarget_all(self._entry_editors(key_input.parent.parent), (*self.parts, new))

    @on(Input.Submitted, ".entry-key")
    @on(Input.Blurred, ".entry-key")
    def _rename(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        if not event.input.is_attached:
            return
        rename = self.rename_of(event.input)
        if rename is not None:
            change, then = rename
            self.post_message(EditRequested(
                change, then=then, what=f"rename {self._noun()}",
                path=format_path((*self.parts, event.input.value.strip()))))

    @on(Input.Changed, ".entry-key")
    def _typing_name(self, event: Input.Changed) -> None:
        event.stop()  # the name is applied on enter, when leaving the field, or on save
