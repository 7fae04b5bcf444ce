"""The command palette's editor commands, namespaced ("File: Save", "Go to: Models")."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand

from tui.deploy.commands import deploy_commands
from tui.editor import TABS
from tui.tests.commands import tests_commands


def editor_commands(app) -> Iterator[SystemCommand]:
    yield SystemCommand("File: Save", "Write the agent file (ctrl+s / f2)", app.action_save)
    yield SystemCommand("File: Reload from disk", "Drop unsaved edits, read the file again",
                        app.action_reload)
    yield SystemCommand("Edit: Undo", "Undo the last change (ctrl+z)", app.action_undo)
    yield SystemCommand("Edit: Redo", "Redo what was undone (ctrl+y)", app.action_redo)
    yield SystemCommand("Help: This field and the keys", "Help for the focused field (f1)",
                        app.action_field_help)
    yield SystemCommand("Check: Validate", "Check the agent and list the problems (f8)",
                        app.action_validate)
    yield SystemCommand("Project: Generate", "Show the project files and their diff (f6)",
                        app.action_generate)
    yield SystemCommand("Project: Preview", "Talk to the agent in a live preview (f7)",
                        app.action_toggle_preview)
    for name, title, help_text in (
        ("summary", "Preview: Summary so far", "Summarise the preview call so far, without ending it"),
        ("end_call", "Preview: End call", "End the preview call (its end-of-call POST goes to the inbox)"),
        ("restart", "Preview: Restart", "Start a new preview conversation"),
        ("open_inbox", "Preview: Inbox", "The end-of-call POSTs the preview received"),
    ):
        yield SystemCommand(title, help_text, partial(app.preview_do, name))
    yield SystemCommand("Project: Deploy", "Deploy the agent to LiveKit Cloud", app.action_deploy)
    yield from deploy_commands(app)
    yield from tests_commands(app)
    for kind, label in (("http", "HTTP tool"), ("client", "client tool"), ("mcp", "MCP server")):
        yield SystemCommand(f"Actions: Add {label}", f"Add a new {label} and edit it",
                            partial(app.add_tool, kind))
    yield SystemCommand("Data: Add field", "Add a data collection field", app.add_field)
    for number, (tab_id, title, _, _) in enumerate(TABS, start=1):
        yield SystemCommand(f"Go to: {title}", f"Show the {title} tab (alt+{number})",
                            partial(app.run_action, f"show_tab('{tab_id}')"))
