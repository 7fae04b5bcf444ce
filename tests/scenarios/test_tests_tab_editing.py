"""Editing agent.tests.toml in the Tests tab, through Pilot: the scenario list's keys,
the schema-driven forms, save, undo, hand edits while open, and files that must not be
written. Each test reads the file's text afterwards: comments and order are kept."""

from __future__ import annotations

import contextlib
import textwrap
import tomllib

import pytest
from textual.css.query import NoMatches
from textual.widgets import DataTable, TextArea

from runtime.config.validate import has_errors
from runtime.scenarios.validate import validate
from tests.scenarios.test_tests_tab import cells, open_tests_tab, problems_text, status, wait_until
from tests.tui.conftest import changed_lines
from tui.app import AgentBuilderApp
from tui.forms.ids import find_path_widget
from tui.forms.list_detail import EntryList, ListDetailEditor
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

    # Small talk.
    [[scenarios]]
    name = "Greets back"
    [[scenarios.turns]]
    user = "Hello there"
    [[scenarios.turns.expect]]
    reply_contains = "hello"
    """)


def widget_for(app, path: str):
    widget = find_path_widget(app.query_one(TestsPanes), path)
    if widget is None:  # NoMatches: a wait_until condition reads it as "form not rebuilt yet"
        raise NoMatches(f"no widget edits {path}")
    return widget


async def type_into(pilot, app, path: str, text: str, *, replace: bool = True) -> None:
    """Focus the field editing `path` and type `text` key by key (after emptying it)."""
    row = widget_for(app, path)
    row.focus()
    await pilot.pause()
    editor = row.editor
    if replace:
        if isinstance(editor, TextArea):
            editor.select_all()
            await pilot.press("backspace")
        else:
            editor.action_end()
            await pilot.press(*["backspace"] * len(editor.value))
    await pilot.press(*[{" ": "space", "\n": "enter"}.get(c, c) for c in text])
    await pilot.pause()


async def list_key(pilot, app, path: str, *keys: str) -> None:
    """Press keys on the entry list of the list + detail editor of `path`."""
    editor = widget_for(app, path)
    assert isinstance(editor, ListDetailEditor)
    editor.query_one(EntryList).focus()
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()


async def on_table(pilot, app, *keys: str) -> None:
    app.query_one(DataTable).focus()
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()


def names(app) -> list[str]:
    return [row[1] for row in cells(app)]


def run_app(shop):
    return AgentBuilderApp(shop.agent_path, watch_interval=None)


@contextlib.asynccontextmanager
async def editing(shop, text: str = COMMENTED):
    """The editor on the Tests tab, the scenario file holding `text`."""
    shop.write_tests(text)
    app = run_app(shop)
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await open_tests_tab(pilot, app)
        yield app, pilot, tab


async def test_renaming_a_scenario_changes_that_line_only(shop):
    async with editing(shop) as (app, pilot, _tab):
        await on_table(pilot, app, "e")  # edit: the name field has the focus
        assert app.focused is widget_for(app, "scenarios[0].name").editor
        await type_into(pilot, app, "scenarios[0].name", "Order lookup")
        assert names(app) == ["Order lookup", "Greets back"]  # the list follows the typing
        assert "unsaved edits to agent.tests.toml" in status(app)
        assert shop.tests_path.read_text() == COMMENTED  # nothing written before a save
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert changed_lines(COMMENTED, shop.tests_path.read_text()) == [
            '-name = "Order status"', '+name = "Order lookup"']
        assert "unsaved" not in status(app)
        assert not app.session.dirty  # the agent file was not touched


async def test_a_scripted_scenario_is_built_in_the_forms_and_saved_beside_the_others(shop):
    async with editing(shop) as (app, pilot, _tab):
        await on_table(pilot, app, "a")  # add scripted: its name is focused
        assert names(app) == ["Order status", "Greets back", "New scenario 1"]
        await type_into(pilot, app, "scenarios[2].name", "Cancels an order")
        await list_key(pilot, app, "scenarios[2].turns", "a")
        await type_into(pilot, app, "scenarios[2].turns[0].user", "Cancel order 7 please")
        await list_key(pilot, app, "scenarios[2].turns[0].expect", "a")
        await type_into(pilot, app, "scenarios[2].turns[0].expect[0].tool_called", "lookup_order")
        # a tool mock of this scenario, its canned result typed as JSON
        await list_key(pilot, app, "scenarios[2].mocks", "a")
        await type_into(pilot, app, "scenarios[2].mocks[0].tool", "lookup_order")
        await type_into(pilot, app, "scenarios[2].mocks[0].result", '{"status": "cancelled"}')
        labels = [str(o.prompt) for o in widget_for(app, "scenarios[2].turns").query_one(EntryList).options]
        assert labels == ["Cancel order 7 please"]  # a turn is listed by what the caller says
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = shop.tests_path.read_text()
    assert text.startswith(COMMENTED)  # every comment and line before it as it was
    assert not has_errors(validate(text))
    added = tomllib.loads(text)["scenarios"][2]
    assert added == {"name": "Cancels an order",
                     "turns": [{"user": "Cancel order 7 please", "expect": [{"tool_called": "lookup_order"}]}],
                     "mocks": [{"tool": "lookup_order", "result": {"status": "cancelled"}}]}


async def test_a_simulated_caller_shows_its_own_keys_and_is_saved(shop):
    async with editing(shop) as (app, pilot, _tab):
        await on_table(pilot, app, "s")
        assert cells(app)[2][1:] == ["New scenario 1", "not run yet", "", "simulated, ≤10 turns"]
        assert widget_for(app, "scenarios[2].instructions").display
        assert not widget_for(app, "scenarios[2].turns").display  # a scripted scenario's
        await type_into(pilot, app, "scenarios[2].name", "Impatient caller")
        await type_into(pilot, app, "scenarios[2].instructions", "You want order 123 now")
        await type_into(pilot, app, "scenarios[2].agent_expectations", "Looks the order up")
        await type_into(pilot, app, "scenarios[2].max_turns", "4")
        assert cells(app)[2][4] == "simulated, ≤4 turns"
        # the scripted one shows turns and not the caller's keys
        await on_table(pilot, app, "up", "up")
        assert widget_for(app, "scenarios[0].turns").display
        assert not widget_for(app, "scenarios[0].instructions").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = shop.tests_path.read_text()
    assert text.startswith(COMMENTED)
    assert tomllib.loads(text)["scenarios"][2] == {
        "name": "Impatient caller", "kind": "simulated", "instructions": "You want order 123 now",
        "agent_expectations": "Looks the order up", "max_turns": 4}


async def test_duplicate_move_delete_and_undo_keep_every_comment(shop):
    async with editing(shop) as (app, pilot, _tab):
        await on_table(pilot, app, "c")
        assert names(app) == ["Order status", "Order status_2", "Greets back"]
        await on_table(pilot, app, "J")  # the copy moves down, the cursor with it
        assert names(app) == ["Order status", "Greets back", "Order status_2"]
        await on_table(pilot, app, "x")
        assert names(app) == ["Order status", "Greets back"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        # back where it started (the document layer leaves a blank line at the end)
        assert shop.tests_path.read_text().rstrip("\n") == COMMENTED.rstrip("\n")
        await on_table(pilot, app, "up", "x")  # delete "Order status", then take it back
        assert names(app) == ["Greets back"]
        assert 'name = "Order status"' not in app.query_one("TestsTab").form_session.document.text
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert names(app) == ["Order status", "Greets back"]
        assert app.query_one("TestsTab").form_session.document.text.rstrip("\n") == COMMENTED.rstrip("\n")


async def test_problems_show_with_line_and_column_and_on_the_field(shop):
    async with editing(shop) as (app, pilot, _tab):
        await on_table(pilot, app, "e")
        await type_into(pilot, app, "scenarios[0].turns[0].expect[0].tool_called", "lookup_ordr")
        assert "✖  L14  scenarios[0].turns[0].expect[0].tool_called" in problems_text(app)
        row = widget_for(app, "scenarios[0].turns[0].expect[0].tool_called")
        assert row.has_class("-invalid")
        await type_into(pilot, app, "scenarios[0].turns[0].expect[0].tool_called", "lookup_order")
        assert not row.has_class("-invalid") and problems_text(app) == ""
        # back to a wrong name; another tab and back: the field still shows its problem
        await type_into(pilot, app, "scenarios[0].turns[0].expect[0].tool_called", "nope")
        assert row.has_class("-invalid")
        await app.action_show_tab("agent")
        await pilot.pause()
        await app.action_show_tab("tests")
        await wait_until(pilot, lambda: row.has_class("-invalid"), 5)
        await pilot.pause(0.2)
        assert row.has_class("-invalid")


async def test_a_refused_edit_changes_nothing(shop):
    async with editing(shop) as (app, pilot, tab):
        await on_table(pilot, app, "e")
        await list_key(pilot, app, "scenarios[0].mocks", "a")
        before = tab.form_session.document.text
        # TOML has no null: a list holding one cannot be stored, and is refused whole
        widget_for(app, "scenarios[0].mocks[0].result").editor.value = "[1, null]"
        await pilot.pause()
        assert tab.form_session.document.text == before
        # the field says why, under itself
        row = widget_for(app, "scenarios[0].mocks[0].result")
        await wait_until(pilot, lambda: "TOML has no null" in " ".join(
            str(w.render()) for w in row.query("Static")), 5)
        await pilot.press("ctrl+z", "ctrl+s")  # undo the added mock: nothing left to save
        await pilot.pause()
        assert shop.tests_path.read_text() == COMMENTED


async def test_an_invalid_scenario_file_is_shown_and_never_overwritten(shop):
    broken = 'version = 1\n[[scenarios]]\nname = "A\n'  # an unterminated string
    async with editing(shop, broken) as (app, pilot, tab):
        assert problems_text(app).startswith("agent.tests.toml: Problems (1 error")
        assert "✖   L3  (file)" in problems_text(app)
        assert "not valid TOML" in problems_text(app)
        await on_table(pilot, app, "a")
        tab.query_one("#tests-edit-bar Button").press()  # + Scripted
        await pilot.pause()
        assert [n.title for n in app._notifications] == ["Not changed", "Not changed"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shop.tests_path.read_text() == broken
        # fixed by hand while open: the tab takes it in by itself
        shop.tests_path.write_text(broken.replace('"A\n', '"A"\n'))
        await wait_until(pilot, lambda: names(app) == ["A"], 10)
        assert tab.form_session.document is not None


async def test_a_file_made_invalid_on_disk_is_not_overwritten_by_a_save(shop):
    async with editing(shop) as (app, pilot, _tab):
        await on_table(pilot, app, "e")
        await type_into(pilot, app, "scenarios[0].name", "Mine")
        half_written = COMMENTED + "[[scenarios]\n"
        shop.tests_path.write_text(half_written)
        await wait_until(pilot, lambda: any(n.title == "Changed on disk" for n in app._notifications), 10)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shop.tests_path.read_text() == half_written
        assert any(n.title == "Not saved" for n in app._notifications)


async def test_hand_edits_are_taken_in_and_a_save_over_them_asks_first(shop):
    async with editing(shop) as (app, pilot, tab):
        await on_table(pilot, app, "down", "e")
        # nothing unsaved: a hand edit shows up in the list and in the open form
        shop.tests_path.write_text(COMMENTED.replace('"Hello there"', '"Good morning"'))
        await wait_until(pilot, lambda: widget_for(app, "scenarios[1].turns[0].user").editor.text
                         == "Good morning", 10)
        # unsaved edits and another hand edit: saving asks; keeping mine writes mine
        await type_into(pilot, app, "scenarios[1].name", "Says hi")
        outside = COMMENTED.replace("# Small talk.", "# Small talk, edited outside.")
        shop.tests_path.write_text(outside)
        await wait_until(pilot, lambda: tab._disk_noted, 10)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ChoiceScreen", 5)
        assert shop.tests_path.read_text() == outside
        await pilot.press("k")
        await wait_until(pilot, lambda: 'name = "Says hi"' in shop.tests_path.read_text(), 5)
        assert "# Small talk." in shop.tests_path.read_text()  # my version, as edited here


async def test_file_settings_edit_the_shared_mocks_and_models(shop):
    async with editing(shop) as (app, pilot, _tab):
        await app.query_one(TestsPanes).show("tests-pane-file")
        await pilot.pause()
        await type_into(pilot, app, "models.judge", "openai/gpt-4.1")
        await type_into(pilot, app, "mocks[0].result", "out of stock")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = shop.tests_path.read_text()
    assert changed_lines(COMMENTED, text) == [
        '-result = { status = "shipped" }', '+result = "out of stock"',
        "+", "+[models]", '+judge = "openai/gpt-4.1"'] or tomllib.loads(text)["models"] == {"judge": "openai/gpt-4.1"}
    assert "# Behaviour tests of the shop agent: keep this comment." in text
    assert tomllib.loads(text)["mocks"][0]["result"] == "out of stock"


async def test_the_first_scenario_creates_the_file(shop):
    app = run_app(shop)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tests_tab(pilot, app)
        assert status(app).startswith("No scenarios yet.")
        await on_table(pilot, app, "a")
        await type_into(pilot, app, "scenarios[0].name", "Says hello")
        await list_key(pilot, app, "scenarios[0].turns", "a")
        await type_into(pilot, app, "scenarios[0].turns[0].user", "Hi")
        assert not shop.tests_path.exists()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tomllib.loads(shop.tests_path.read_text()) == {
            "scenarios": [{"name": "Says hello", "turns": [{"user": "Hi"}]}]}
        assert status(app) == "1 scenario; not run yet"
        assert not app.query_one("#tests-run-all").disabled


async def test_quitting_with_unsaved_scenario_edits_asks_and_saves_them(shop):
    async with editing(shop) as (app, pilot, _tab):
        await on_table(pilot, app, "e")
        await type_into(pilot, app, "scenarios[0].name", "Order lookup")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ChoiceScreen", 5)
        assert "agent.tests.toml has unsaved changes." in str(app.screen.query_one("#choice-question").render())
        await pilot.press("c")  # cancel: still editing, nothing written
        await pilot.pause()
        assert shop.tests_path.read_text() == COMMENTED and app.is_running
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ChoiceScreen", 5)
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, 5)
    assert changed_lines(COMMENTED, shop.tests_path.read_text()) == [
        '-name = "Order status"', '+name = "Order lookup"']


@pytest.mark.parametrize("layout", [
    'scenarios = 3\n',  # the wrong type: validation says so, the list edits are refused
    'scenarios = "Order status"\n',
], ids=["a-number", "a-string"])
async def test_list_edits_a_layout_cannot_take_are_refused_whole(shop, layout):
    async with editing(shop, layout) as (app, pilot, tab):
        for key in ("a", "c", "J", "x"):
            await on_table(pilot, app, key)
            assert tab.form_session.document.text == layout
        assert any(n.title == "Not changed" for n in app._notifications)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shop.tests_path.read_text() == layout and app.is_running


async def test_ctrl_s_in_any_tab_saves_the_scenario_edits_too(shop):
    async with editing(shop) as (app, pilot, tab):
        await on_table(pilot, app, "e")
        await type_into(pilot, app, "scenarios[0].name", "Order lookup")
        await app.action_show_tab("agent")
        await pilot.pause()
        app.query_one("#f-agent-name").focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert 'name = "Order lookup"' in shop.tests_path.read_text()
        assert not tab.unsaved
        # Save as test never writes under unsaved scenario edits
        await app.action_show_tab("tests")
        await type_into(pilot, app, "scenarios[0].name", "Order lookup 2")
        from tui.tests.save_dialog import save_as_test

        class Said:
            empty = False

        save_as_test(app, Said(), {}, shop.agent_path)
        await pilot.pause()
        assert [n.title for n in app._notifications][-1] == "Unsaved scenario edits"
        assert 'name = "Order lookup"\n' in shop.tests_path.read_text()


async def test_quotes_backslashes_and_other_scripts_survive_the_round_trip(shop):
    shop.write_tests(COMMENTED)
    app = run_app(shop)
    name = 'Says "hi" \\ back, ça va? 你好'
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tests_tab(pilot, app)
        await on_table(pilot, app, "e")
        await type_into(pilot, app, "scenarios[0].name", name)
        await type_into(pilot, app, "scenarios[0].turns[0].user", 'Line one\n"two" = [3]')
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = tomllib.loads(shop.tests_path.read_text())["scenarios"][0]
    assert saved["name"] == name and saved["turns"][0]["user"] == 'Line one\n"two" = [3]'
    assert shop.tests_path.read_text().startswith(COMMENTED.split("[[scenarios]]")[0])


async def test_scenarios_written_as_inline_tables_are_edited_in_their_layout(shop):
    inline = 'scenarios = [{name = "a", turns = [{user = "hi"}]}, {name = "b"}]\n'
    async with editing(shop, inline) as (app, pilot, _tab):
        await on_table(pilot, app, "c")
        await on_table(pilot, app, "J")
        await pilot.press("ctrl+s")
        await pilot.pause()
    text = shop.tests_path.read_text()
    assert text.startswith("scenarios = [{") and text.count("\n") == 1
    assert [s["name"] for s in tomllib.loads(text)["scenarios"]] == ["a", "b", "a_2"]
