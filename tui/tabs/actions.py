"""Actions tab: HTTP tools, client tools and MCP servers, one sub-tab each."""

from __future__ import annotations

from runtime.config.declarations import ROOT
from tui.forms.list_detail import ListDetailEditor
from tui.widgets.tab_strip import TabStrip

TOOLS = ROOT.child("tools")
TOOL_TAB_TITLES = {"http": "HTTP tools", "client": "Client tools", "mcp": "MCP servers"}


class ActionsTab(TabStrip):
    # Its panes scroll and pad themselves: the kinds' bar spans the whole width.
    DEFAULT_CSS = """
    ActionsTab { height: 1fr; padding: 0; }
    ActionsTab > .tab-pane { padding: 0 1; overflow-y: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__([(f"tools-{spec.key}", self._title(spec)) for spec in TOOLS.children],
                         **kwargs)

    @staticmethod
    def _title(spec) -> str:
        return TOOL_TAB_TITLES.get(spec.key, spec.title)

    def content_for(self, tab_id: str) -> ListDetailEditor:
        spec = TOOLS.child(tab_id.removeprefix("tools-"))
        return ListDetailEditor(spec, ("tools", spec.key), title=self._title(spec))

    async def show_kind(self, kind: str) -> None:
        await self.show(f"tools-{kind}")
