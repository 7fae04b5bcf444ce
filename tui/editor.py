"""The editor body: one tab per part of the agent, built when first shown.

Tabs are composed lazily so the first paint only pays for the tab on screen. The editor
also knows how to reach any dotted path (`reveal`), used by the problems panel and help.
"""

from __future__ import annotations

import importlib

from runtime.config.paths import format_path, parse_path
from tui.forms.fields import FieldRow
from tui.forms.ids import find_path_widget
from tui.forms.messages import EntryShown
from tui.forms.relevance import INPUTS as RELEVANCE_INPUTS
from tui.forms.relevance import applies, is_conditional
from tui.widgets.tab_strip import TabStrip

# (tab id, title, module:class under tui.tabs, top-level keys of the file it edits).
# Tab modules are imported when the tab is first shown, to keep the first paint fast.
TABS = (
    ("agent", "Agent", "agent:AgentTab", ("version", "agent", "greeting")),
    ("models", "Models", "models:ModelsTab", ("models", "advanced")),
    ("actions", "Actions", "actions:ActionsTab", ("tools",)),
    ("data", "Data collection", "data_collection:DataCollectionTab", ("data_collection",)),
    ("ending", "Call ending", "call_ending:CallEndingTab", ("call_ending",)),
    ("variables", "Variables & secrets", "variables:VariablesTab", ("metadata",)),
    ("tests", "Tests", "tests:TestsTab", ()),  # agent.tests.toml beside the agent file
)
TAB_IDS = tuple(tab[0] for tab in TABS)
# When the tab titles do not fit (80 columns beside the preview):
SHORT_TITLES = {"tab-data": "Data", "tab-ending": "Ending", "tab-variables": "Variables"}
_TAB_OF_SECTION = {key: tab_id for tab_id, _, _, keys in TABS for key in keys}
_TAB_CLASS = {tab_id: where for tab_id, _, where, _ in TABS}


def _tab_class(tab_id: str):
    module, name = _TAB_CLASS[tab_id].split(":")
    return getattr(importlib.import_module(f"tui.tabs.{module}"), name)


def _by_path(problems: list) -> dict[str, object]:
    """The problem each path shows: the first found for it."""
    found: dict[str, object] = {}
    for problem in problems:
        found.setdefault(problem.path, problem)
    return found


def tab_for_path(config_path: str) -> str:
    parts = parse_path(config_path) if config_path else ()
    return _TAB_OF_SECTION.get(str(parts[0]), "agent") if parts else "agent"


def tab_title_for(config_path: str) -> str:
    tab_id = tab_for_path(config_path)
    return next(title for tid, title, _, _ in TABS if tid == tab_id)


async def focus_path(root, parts: tuple) -> None:
    """Under `root`, select the list entries on the way to `parts` and focus the field
    that edits it (or the nearest one above it that is on screen)."""
    for depth in range(1, len(parts)):
        if isinstance(parts[depth], int):
            owner = format_path(parts[:depth])
            for editor in root.query("ListDetailEditor"):
                if editor.config_path == owner and editor.selected != parts[depth]:
                    await editor.select(parts[depth])
    for depth in range(len(parts), 0, -1):
        target = find_path_widget(root, format_path(parts[:depth]))
        if target is not None:
            if isinstance(target, FieldRow):
                target.focus()
            else:
                target.scroll_visible()
                focusable = target.query("Input, TextArea, Select, Checkbox, OptionList, Button")
                if focusable:
                    focusable.first().focus()
            return


class EditorTabs(TabStrip):
    def __init__(self, session, initial: str | None = None) -> None:
        self.session = session
        self._problems: list = []
        super().__init__([(f"tab-{tab_id}", title) for tab_id, title, _, _ in TABS],
                         active=f"tab-{initial or 'agent'}", short=SHORT_TITLES, id="editor")

    def content_for(self, tab_id: str):
        tab_id = tab_id.removeprefix("tab-")
        return _tab_class(tab_id)(id=f"form-{tab_id}")

    def on_mount(self) -> None:
        self.update_views()

    def on_entry_shown(self, event: EntryShown) -> None:
        event.stop()
        if event.form.is_attached:
            self.update_views(within=event.form)

    async def show(self, tab_id: str) -> None:
        await super().show(tab_id)
        # A form built just now shows the problems and conditions of the file as it is.
        self.update_views()

    async def show_tab(self, tab_id: str) -> None:
        await self.show(f"tab-{tab_id}")

    @property
    def active_tab_id(self) -> str:
        return self.active.removeprefix("tab-")

    # ---- after every change -----------------------------------------------------------

    def show_problems(self, problems: list) -> None:
        """After a validation: only rows whose problem changed are touched (conditions and
        list labels follow edits, not validations; see follow_edit)."""
        before = _by_path(self._problems)
        self._problems = problems
        after = _by_path(problems)
        changed = {path for path in before.keys() | after.keys()
                   if before.get(path) != after.get(path)}
        if not changed:
            return
        for row in self.query(FieldRow):
            if row.config_path in changed:
                row.show_problem(after.get(row.config_path))

    def follow_edit(self, config_path: str | None) -> None:
        """Right after a value changed: fields that depend on it, the edited entry's name.
        Only what the edited key can affect is looked at: this runs on every keystroke."""
        parts = parse_path(config_path) if config_path else ()
        key = str(parts[-1]) if parts else None
        if key is None or key in RELEVANCE_INPUTS:
            self._update_conditionals()
        if key == "llm":  # the thinking efforts on offer depend on the model
            for row in self.query(FieldRow):
                if row.parts == (*parts[:-1], "thinking_effort"):
                    row.refresh(recompose=True)
        if key == "tts":  # which known voice the voice id is depends on the model
            for row in self.query(FieldRow):
                if row.parts == (*parts[:-1], "voice"):
                    row.follow_neighbours()
        if key is None or key == "name":
            for editor in self.query("ListDetailEditor"):
                editor.refresh_selected_name()

    def _update_conditionals(self, within=None) -> None:
        root = within or self
        for row in root.query(FieldRow):
            if is_conditional(row.parts[-1]):
                row.display = applies(self.session, row.parts)
        for widget in root.query(".conditional-editor"):
            widget.display = applies(self.session, widget.parts)

    def update_views(self, within=None) -> None:
        """Inline problems, conditional fields and list labels follow the document (only
        in the form `within`, when only that one changed: another entry shown in it)."""
        by_path = _by_path(self._problems)
        for row in (within or self).query(FieldRow):
            row.show_problem(by_path.get(row.config_path))
        self._update_conditionals(within)
        for editor in (within or self).query("ListDetailEditor"):
            editor.refresh_names()
        for rows in self.query("RowsEditor"):
            rows.follow_keys()

    # ---- going to a path ------------------------------------------------------------------

    async def reveal(self, config_path: str) -> None:
        """Show the tab, entry and field that edit `config_path`, and focus it."""
        await self.show_tab(tab_for_path(config_path))
        parts = parse_path(config_path)
        if parts[:1] == ("tools",) and len(parts) > 1:
            await self.query_one("#form-actions").show_kind(str(parts[1]))
        await focus_path(self, parts)
