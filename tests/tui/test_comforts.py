"""Quit guard, undo, problems navigation, variable picker, F1 help, palette, generate."""

from textual.command import CommandPalette
from textual.widgets import Input, TextArea

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle, type_into
from tui.forms.fields import FieldRow
from tui.screens.choice import ChoiceScreen
from tui.screens.help import HelpScreen
from tui.screens.variable_picker import VariablePicker
from tui.widgets.problems import ProblemsPanel

SIZE = (100, 40)


async def test_quit_guard_cancel_discard(agent_file):
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "agent.name", "x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("c")  # cancel: still editing
        await pilot.pause()
        assert app.is_running and editor_of(app, "agent.name").value == "x"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # quit without saving
        await pilot.pause()
    assert not app.is_running
    assert agent_file.read_text() == before


async def test_quit_guard_save_and_quit(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "agent.name", "x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert not app.is_running
    assert 'name = "x"' in agent_file.read_text()


async def test_clean_quit_asks_nothing(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running and app.return_code == 0


async def test_f2_saves_and_undo_restores_the_previous_value(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "agent.name", "ab")
        box = editor_of(app, "greeting.enabled")
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.session.document.get("greeting.enabled") is False
        await pilot.press("ctrl+z")  # undo the toggle
        await pilot.pause()
        assert app.session.document.get("greeting.enabled") is True
        assert editor_of(app, "agent.name").value == "ab"
        app.screen.set_focus(None)
        await pilot.press("ctrl+z")  # typing in one field was one step
        await pilot.pause()
        assert editor_of(app, "agent.name").value == "front-desk"
        assert not app.session.dirty
        await type_into(pilot, app, "agent.name", "saved-with-f2")
        await pilot.press("f2")
        await pilot.pause()
    assert 'name = "saved-with-f2"' in agent_file.read_text()


async def test_problems_panel_jumps_to_the_field(agent_file):
    agent_file.write_text(
        agent_file.read_text().replace(
            'url = "https://api.example.com/orders/:order_id"', 'url = "https://x.test/:item"'
        )
    )
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one(ProblemsPanel)
        paths = [p.path for p in app.session.validate()]
        assert "tools.http[0].url" in paths
        await pilot.press("f8")
        await pilot.pause()
        assert app.focused is panel
        panel.highlighted = paths.index("tools.http[0].url")
        await pilot.press("enter")
        await pilot.pause()
        assert app.tabs.active_tab_id == "actions"
        focused = app.focused
        assert isinstance(focused, Input) and focused.value == "https://x.test/:item"
        row = focused.query_ancestor(FieldRow)
        assert row.config_path == "tools.http[0].url"
        # the inline message sits under the field
        assert "item" in str(row.query_one(".field-problem").render())


async def test_problem_in_a_later_entry_selects_that_entry(agent_file):
    text = agent_file.read_text() + '\n[[tools.http]]\nname = "second"\ndescription = "d"\nurl = "ftp:bad"\n'
    agent_file.write_text(text)
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.tabs.reveal("tools.http[1].url")
        await pilot.pause()
        assert app.query_one("#f-tools-http").selected == 1
        assert app.focused.value == "ftp:bad"


async def test_double_brace_offers_declared_variables(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        area = editor_of(app, "greeting.instructions")
        assert isinstance(area, TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("space", "{", "{")
        await pilot.pause()
        assert isinstance(app.screen, VariablePicker)
        await pilot.press("enter")  # the only declared variable: metadata.user_name
        await pilot.pause()
        assert area.text.endswith("{{metadata.user_name}}")
        assert app.session.document.get("greeting.instructions").endswith("{{metadata.user_name}}")


async def test_double_brace_in_a_header_offers_secrets(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await app.tabs.reveal("call_ending.headers.X-Api-Key")
        await pilot.pause()
        await type_into(pilot, app, "call_ending.headers.X-Api-Key", "{{")
        picker = app.screen
        assert isinstance(picker, VariablePicker)
        offered = {choice.text.removesuffix("}}") for choice in picker._choices}
        assert {"secrets.SHOP_TOKEN", "secrets.DOCS_TOKEN", "metadata.user_name"} <= offered


async def test_f1_shows_the_focused_fields_description(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        editor_of(app, "agent.name").focus()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-field").source
        assert "Dispatch name" in text and "`agent.name`" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_namespaced_commands_and_runs_them(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("File: Save", "Check: Validate", "Project: Generate", "Project: Preview",
                      "Project: Deploy", "Actions: Add HTTP tool", "Go to: Models"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"add mcp")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, lambda: len(app.session.document.get("tools.mcp")) == 2)
        assert app.tabs.active_tab_id == "actions"
        assert [m["name"] for m in app.session.document.get("tools.mcp")] == ["docs", "new_mcp_1"]


async def test_generate_shows_files_and_diffs(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        from tui.screens.generate import GenerateScreen

        assert isinstance(app.screen, GenerateScreen)
        paths = [c.path for c in app.screen.plan.changes]
        assert "src/agent.py" in paths
        assert all(c.status == "create" for c in app.screen.plan.changes)
        await pilot.press("w")
        await pilot.pause()
        out_dir = agent_file.parent / "front-desk"
        assert (out_dir / "src" / "agent.py").exists()
        # hand-edit a generated file: generating again shows it as edited, with its diff
        (out_dir / "README.md").write_text("mine\n")
        await pilot.press("f6")
        await pilot.pause()
        statuses = {c.path: c.status for c in app.screen.plan.changes}
        assert statuses["README.md"] == "edited"
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("c")  # keep the hand edit
        await pilot.pause()
        assert (out_dir / "README.md").read_text() == "mine\n"


async def test_an_edit_still_queued_when_the_app_closes_is_no_error(agent_file):
    # The last keystroke's edit can reach the app after its screens are gone (quitting
    # right after typing): the document takes it, nothing is left to show it.
    app = make_app(agent_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert not app.screen_stack

    def change(document) -> None:
        document.set("agent.name", "late-edit")

    app.apply_edit(change, coalesce="agent.name")
    assert app.session.document.get("agent.name") == "late-edit"


async def test_keys_arriving_with_the_quit_key_are_kept_and_guarded(agent_file):
    # A paste or a slow link can deliver the last keys and ctrl+q together: the quit
    # used to be decided before those keys reached the document, losing them unasked.
    from textual import events

    app = make_app(agent_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-name"))
        name = editor_of(app, "agent.name")
        name.focus()
        await pilot.press("end")
        for key, character in (("x", "x"), ("y", "y"), ("ctrl+q", None)):
            app._driver.send_message(events.Key(key, character))
        await settle(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        assert app.session.document.get("agent.name") == "front-deskxy"
        assert app.session.dirty
