"""The footer is one line of keys, written only when the keys it shows change, and
clicking a key presses it."""

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle
from tui.widgets.key_footer import KeyFooter

SIZE = (120, 40)


def footer_of(app) -> KeyFooter:
    return app.main_screen.query_one(KeyFooter)


def footer_text(app) -> str:
    return str(footer_of(app).render())


async def test_the_keys_are_in_the_first_frame(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = footer_text(app)
        for words in ("^q Quit", "^s Save", "f1 Help", "f8 Problems", "^p palette"):
            assert words in text
        assert "f2 Save" not in text  # one key per action, as Textual's footer shows


async def test_moving_between_fields_keeps_the_footer_and_a_list_changes_it(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-name"))
        editor_of(app, "agent.name").focus()
        await pilot.pause()
        before = footer_of(app)._shown
        editor_of(app, "agent.instructions").focus()
        await pilot.pause()
        editor_of(app, "greeting.enabled").focus()
        await pilot.pause()
        assert footer_of(app)._shown is before  # nothing rewritten
        await app.action_show_tab("actions")
        await settle(pilot, lambda: app.query("#f-tools-http .ld-options"))
        app.query_one("#f-tools-http .ld-options").focus()
        await settle(pilot, lambda: "a Add" in footer_text(app))


async def test_a_click_on_a_key_presses_it(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: "f1 Help" in footer_text(app))
        column = footer_text(app).index("f1 Help")
        await pilot.click(KeyFooter, offset=(column + 1, 0))
        await settle(pilot, lambda: app.screen is not app.main_screen)
        assert type(app.screen).__name__ == "HelpScreen"
