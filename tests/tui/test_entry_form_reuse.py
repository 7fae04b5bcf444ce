"""Moving between entries of a list keeps the detail form and points it at the new entry."""

from textual.widgets import Input, Select

from tests.tui.conftest import changed_lines, make_app
from tests.tui.helpers import editor_of, field, settle, shown, type_into

SIZE = (120, 40)
# A second HTTP tool: other values everywhere, two parameters, no headers and a url that
# is not a URL (so it has a problem of its own).
SECOND_TOOL = """
[[tools.http]]
name = "cancel_order"
description = "Cancel an order"
method = "DELETE"
url = "not a url"
silent = true
[[tools.http.parameters]]
name = "order_id"
type = "integer"
[[tools.http.parameters]]
name = "reason"
description = "Why"
"""


def with_second_tool(agent_file):
    text = agent_file.read_text()
    at = text.index("[[tools.client]]")
    agent_file.write_text(text[:at] + SECOND_TOOL.lstrip() + "\n" + text[at:])
    return agent_file


async def open_http_tools(pilot, app):
    await app.action_show_tab("actions")
    await settle(pilot, lambda: shown(app, "tools.http[0].name"))


async def test_the_next_entry_reuses_the_widgets_and_shows_its_own_values(agent_file):
    app = make_app(with_second_tool(agent_file))
    async with app.run_test(size=SIZE) as pilot:
        await open_http_tools(pilot, app)
        name_row = field(app, "tools.http[0].name")
        editor = app.query_one("#f-tools-http")
        await editor.select(1)
        await pilot.pause()
        assert field(app, "tools.http[1].name") is name_row  # the same widget, retargeted
        assert not shown(app, "tools.http[0].name")
        assert editor_of(app, "tools.http[1].name").value == "cancel_order"
        assert editor_of(app, "tools.http[1].method").value == "DELETE"
        assert editor_of(app, "tools.http[1].silent").value is True
        # The parameter rows differ in number: they are built for this entry.
        assert editor_of(app, "tools.http[1].parameters[1].name").value == "reason"
        assert editor_of(app, "tools.http[1].parameters[0].type").value == "integer"
        # Only showing another entry never touches the file.
        assert not app.session.dirty
        # Its own problem shows under its url, and none lingers from the first entry.
        await settle(pilot, lambda: field(app, "tools.http[1].url").has_class("-invalid"))
        await editor.select(0)
        await pilot.pause()
        await settle(pilot, lambda: not field(app, "tools.http[0].url").has_class("-invalid"))
        assert editor_of(app, "tools.http[0].url").value.startswith("https://api.example.com")
        assert editor_of(app, "tools.http[0].method").value == "GET"
        assert editor_of(app, "tools.http[0].silent").value is False


async def test_typing_after_the_switch_edits_the_shown_entry_only(agent_file):
    app = make_app(with_second_tool(agent_file))
    async with app.run_test(size=SIZE) as pilot:
        await open_http_tools(pilot, app)
        before = agent_file.read_text()
        editor = app.query_one("#f-tools-http")
        await editor.select(1)
        await pilot.pause()
        await type_into(pilot, app, "tools.http[1].description", "Cancel an unshipped order")
        field(app, "tools.http[1].method").query_one(Select).value = "POST"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert changed_lines(before, agent_file.read_text()) == [
            '-description = "Cancel an order"',
            '-method = "DELETE"',
            '+description = "Cancel an unshipped order"',
            '+method = "POST"',
        ]
        # Back on the first tool, its own values are shown, and typing edits it.
        await editor.select(0)
        await pilot.pause()
        assert editor_of(app, "tools.http[0].description").value == "Look up an order by its number"
        await type_into(pilot, app, "tools.http[0].name", "find_order")
        assert app.session.document.get("tools.http[0].name") == "find_order"
        assert app.session.document.get("tools.http[1].name") == "cancel_order"


async def test_same_shaped_rows_keep_their_widgets(agent_file):
    app = make_app(with_second_tool(agent_file))
    async with app.run_test(size=SIZE) as pilot:
        await open_http_tools(pilot, app)
        editor = app.query_one("#f-tools-http")
        await editor.select(1)
        await pilot.pause()
        first_param = field(app, "tools.http[1].parameters[0].name")
        await editor.select(0)  # one parameter here against two: rows rebuilt
        await pilot.pause()
        await editor.select(1)
        await pilot.pause()
        again = field(app, "tools.http[1].parameters[0].name")
        assert again is not first_param
        # Two tools with one parameter each: the row's widgets follow the selection.
        app.session.document.delete("tools.http[1].parameters[1]")
        await editor.select(0)
        await pilot.pause()
        row = field(app, "tools.http[0].parameters[0].name")
        await editor.select(1)
        await pilot.pause()
        assert field(app, "tools.http[1].parameters[0].name") is row
        assert row.query_one(Input).value == "order_id"
        assert editor_of(app, "tools.http[1].parameters[0].type").value == "integer"


async def test_undoing_a_deletion_then_an_edit_shows_the_entry_as_it_was(agent_file):
    """Undoing a deletion rebuilds the list's form; the next undo sets a choice in the
    rebuilt form, which shows it and the file holds it."""
    app = make_app(with_second_tool(agent_file))
    async with app.run_test(size=SIZE) as pilot:
        await open_http_tools(pilot, app)
        editor = app.query_one("#f-tools-http")
        await editor.select(1)
        await pilot.pause()
        field(app, "tools.http[1].method").query_one(Select).value = "PATCH"
        await pilot.pause()
        editor.run_entry_action("delete")
        await settle(pilot, lambda: len(app.session.document.get("tools.http")) == 1)
        for _ in range(2):  # the deletion, then the method
            await app.action_undo()
            await pilot.pause()
        await settle(pilot, lambda: shown(app, "tools.http[1].method")
                     and editor_of(app, "tools.http[1].method").value == "DELETE")
        assert app.session.document.get("tools.http[1].method") == "DELETE"
        assert app.return_code is None  # still running: nothing raised
