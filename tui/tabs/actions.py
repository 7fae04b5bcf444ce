"""Actions tab: HTTP tools, client tools and MCP servers, one sub-tab each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import TabbedContent, TabPane

from runtime.config.declarations import ROOT
from tui.forms.list_detail import ListDetailEditor

TOOLS = ROOT.child("tools")
TOOL_TAB_TITLES = {"http": "HTTP tools", "client": "Client tools", "mcp": "MCP servers"}


class ActionsTab(Vertical):
    DEFAULT_CLASSES = "form-tab"

    def compose(self) -> ComposeResult:
        with TabbedContent(id="tool-kinds"):
            for spec in TOOLS.children:
                title = TOOL_TAB_TITLES.get(spec.key, spec.title)
                with TabPane(title, id=f"tools-{spec.key}"):
                    yield ListDetailEditor(spec, ("tools", spec.key), title=title)

    def show_kind(self, kind: str) -> None:
        self.query_one("#tool-kinds", TabbedContent).active = f"tools-{kind}"
