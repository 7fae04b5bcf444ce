"""Editing agent.tests.toml in the Tests tab, through Pilot: the scenario list's keys,
the schema-driven forms, save, undo, hand edits while open, and files that must not be
written. Each test reads the file's text afterwards: comments and order are kept."""

from __future__ import annotations

import asyncio
import textwrap

from textual.widgets import DataTable, Input, Static

from runtime.scenarios.validate import validate
from tests.scenarios.test_tests_tab import cells, open_tests_tab, status, wait_until
from tui.app import AgentBuilderApp
from tui.forms.ids import find_path_widget
from tui.tests.panes import TestsPanes

COMMENTED = textwrap.dedent("""\
    # Behaviour tests of the shop agent: keep this comment.
    version = 1

    [[mocks]]
    tool = "lookup_order"  # every scenario's
    result = { status = "shipped" }

    # The happy path.
    [[scenarios]]
    name = "Order status"
    [[scenarios.turns]]
    user = "Where is order 123?"  # what callers say most
    [[scenarios.turns.expect]]
    tool_called = "lookup_order"
    arguments = { order_id = "123" }

    [[scenarios]]
    name = "Greets back"
    [[scenarios.turns]]
    user = "Hello there"
    [[scenarios.turns.expect]]
    reply_contains = "hello"
    """)


def field(app, path: str):
    widget = find_path_widget(app.query_one(TestsPanes), path)
    assert widget is not None, f"no field for {path}"
    return widget


async def type_into(pilot, app, path: str, text: str) -> None:
    row = field(app, path)
    row.focus()
    await pilot.pause()
    editor = row.editor
    if isinstance(editor, Input):
        editor.value = ""
    else:
        editor.load_text("")
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def test_explore(shop, tmp_path):
    shop.write_tests(COMMENTED)
    app = AgentBuilderApp(shop.agent_path, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await open_tests_tab(pilot, app)
        app.query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        app.save_screenshot("/tmp/te/edit.svg")
        await type_into(pilot, app, "scenarios[0].name", "Order lookup")
        await pilot.press("ctrl+s")
        await pilot.pause()
        print(shop.tests_path.read_text())
        print(cells(app), status(app))
