"""List anchor: a bare Textual app showing the tools of an agent file (`sys.argv[1]`) as
a list and the highlighted tool's form, mounted when its tab is first clicked.

The same size and shape as the editor's Actions tab, written the plain Textual way: tab
bars, a 200-item OptionList with its title and buttons, and beside it a form of the same
fields (labels and inputs, a select, a checkbox, a headers table and a parameters table).
Moving the highlight fills the form with that tool's values.
"""

import sys
import tomllib

from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Tab,
    Tabs,
)

METHODS = [(m, m) for m in ("GET", "POST", "PUT", "PATCH", "DELETE")]
TYPES = [(t, t) for t in ("string", "number", "integer", "boolean")]
CSS = """
.row { height: 1; }
.row > Label { width: 17; color: $text-muted; }
.row > Input, .row > Select { width: 1fr; }
.table { height: auto; border-top: solid $primary 40%; margin-top: 1; }
.cells { height: 1; }
.cells > Input { width: 1fr; }
.cells > Label { width: 1fr; color: $text-muted; }
.cells > Select { width: 12; }
.cells > Button, .buttons > Button { width: auto; min-width: 1; }
#list { width: 26; height: auto; margin-right: 1; }
#list OptionList { height: auto; max-height: 14; border: none; padding: 0; }
.buttons { height: 1; }
#form { width: 1fr; height: auto; }
"""


def row(label, editor):
    return Horizontal(Label(label), editor, classes="row")


class BareList(App):
    CSS = CSS

    def __init__(self, path):
        super().__init__()
        with open(path, "rb") as file:
            self.tools = tomllib.load(file).get("tools", {}).get("http", [])

    def compose(self):
        yield Header()
        yield Tabs(Tab("Agent", id="agent"), Tab("Models", id="models"),
                   Tab("Actions", id="actions"), Tab("Data collection", id="data"))
        yield VerticalScroll(row("Agent name *", Input("many-tools", compact=True)), id="body")
        yield Footer()

    def on_tabs_tab_activated(self, event):
        if event.tab.id == "actions" and not self.query("#actions-pane"):
            self.query_one("#body").remove_children()
            self.query_one("#body").mount(self.actions_pane())

    def actions_pane(self):
        tool = self.tools[0]
        names = [t["name"] for t in self.tools]
        header = tool.get("headers", {})
        parameter = (tool.get("parameters") or [{}])[0]
        return Vertical(
            Tabs(Tab("HTTP tools"), Tab("Client tools"), Tab("MCP servers")),
            Horizontal(
                Vertical(
                    Label(f"HTTP tools ({len(names)})"),
                    OptionList(*names),
                    Horizontal(*[Button(b, compact=True) for b in ("+ Add", "Copy", "Del", "↑", "↓")],
                               classes="buttons"),
                    id="list",
                ),
                VerticalScroll(
                    row("Name *", Input(tool["name"], compact=True, id="name")),
                    row("Description *", Input(tool.get("description", ""), compact=True,
                                               id="description")),
                    row("Method", Select(METHODS, value=tool.get("method", "GET"), compact=True,
                                         allow_blank=False)),
                    row("Url *", Input(tool.get("url", ""), compact=True, id="url")),
                    Checkbox("Silent", compact=True),
                    row("Timeout (s)", Input("10", compact=True)),
                    Vertical(
                        Horizontal(Label("Name"), Label("Value"), classes="cells"),
                        *[Horizontal(Input(k, compact=True), Input(v, compact=True),
                                     Button("✕", compact=True), classes="cells")
                          for k, v in header.items()],
                        Button("+ Add header", compact=True),
                        classes="table",
                    ),
                    Vertical(
                        Horizontal(*[Label(t) for t in ("Name", "Type", "Description", "Required")],
                                   classes="cells"),
                        Horizontal(Input(parameter.get("name", ""), compact=True),
                                   Select(TYPES, value="string", compact=True, allow_blank=False),
                                   Input(parameter.get("description", ""), compact=True),
                                   Checkbox(compact=True, value=True),
                                   *[Button(b, compact=True) for b in ("↑", "↓", "✕")],
                                   classes="cells"),
                        Button("+ Add parameter", compact=True),
                        classes="table",
                    ),
                    id="form",
                ),
            ),
            id="actions-pane",
        )

    def on_option_list_option_highlighted(self, event):
        tool = self.tools[event.option_index]
        for key in ("name", "description", "url"):
            self.query_one(f"#{key}", Input).value = tool.get(key, "")


if __name__ == "__main__":
    BareList(sys.argv[1]).run()
