"""Variables & secrets tab: metadata variables (description, mock value) and every secret
the file references, with whether it is set locally. Secret values are never shown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from runtime.config.declarations import ROOT
from tui.forms.rows import RowsEditor
from tui.widgets.form_scroll import FormScroll

SECRETS_HELP = (
    "Secrets are referenced as {{secrets.NAME}} in header values. Their values live in "
    "the environment or in the local secrets file beside the agent file, never in the "
    "agent file. Select a row to set or remove a value here, or run "
    "`agent-builder secrets set NAME`."
)


class VariablesTab(FormScroll):
    DEFAULT_CLASSES = "form-tab"
    DEFAULT_CSS = """
    VariablesTab #secrets { height: auto; margin: 1 0 0 0; }
    VariablesTab .section-help { color: $text-muted; }
    VariablesTab #secrets-table { height: auto; max-height: 12; }
    """

    def compose(self) -> ComposeResult:
        yield RowsEditor(ROOT.child("metadata"), ("metadata",))
        with Vertical(id="secrets", classes="titled-section") as secrets:
            secrets.border_title = " Secrets "
            yield Static(SECRETS_HELP, classes="section-help")
            table = DataTable(id="secrets-table", cursor_type="row", zebra_stripes=True)
            table.add_columns("Name", "Used in", "Status")
            yield table

    def on_mount(self) -> None:
        self.refresh_secrets()

    @on(DataTable.RowSelected, "#secrets-table")
    def _edit_secret(self, event: DataTable.RowSelected) -> None:
        from tui.deploy.commands import open_secret_editor

        open_secret_editor(self.app, event.row_key.value or "")

    def refresh_secrets(self) -> None:
        table = self.query_one("#secrets-table", DataTable)
        table.clear()
        rows = self.app.session.secret_rows()
        for name, used_in, status in rows:
            table.add_row(name, used_in, status, key=name)
        if not rows:
            table.add_row("(none referenced)", "", "")
