"""The footer is rebuilt only when the keys it shows change."""

from textual.widgets._footer import FooterKey

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle

SIZE = (120, 40)


def footer_keys(app):
    return list(app.main_screen.query(FooterKey))


async def test_moving_between_fields_keeps_the_footer_and_a_list_changes_it(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-name"))
        editor_of(app, "agent.name").focus()
        await pilot.pause()
        before = footer_keys(app)
        assert {"Save", "Help", "Problems"} <= {key.description for key in before}
        editor_of(app, "agent.instructions").focus()
        await pilot.pause()
        editor_of(app, "greeting.enabled").focus()
        await pilot.pause()
        assert all(a is b for a, b in zip(footer_keys(app), before, strict=True))
        await app.action_show_tab("actions")
        await settle(pilot, lambda: app.query("#f-tools-http .ld-options"))
        app.query_one("#f-tools-http .ld-options").focus()
        await settle(pilot, lambda: "Add" in [key.description for key in footer_keys(app)])
