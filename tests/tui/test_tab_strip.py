"""The one-line tab bar: mouse, keys, panes built on first show, inner tabs kept apart."""

from tests.tui.conftest import make_app
from tests.tui.helpers import settle
from tui.widgets.tab_strip import TabBar

SIZE = (80, 24)


def title_offset(bar: TabBar, tab_id: str) -> tuple[int, int]:
    """Where a title is drawn in the bar: every title is ` Title ` after a 1-cell margin,
    laid out as the bar lays them out (shortened, on more lines, when narrow)."""
    for y, line in enumerate(bar._lines(bar.content_size.width)):
        x = 1
        for each, title in line:
            if each == tab_id:
                return (x + 2, y)
            x += len(title) + 2
    raise KeyError(tab_id)


async def test_a_pane_is_built_when_first_shown_and_kept(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-name"))
        tabs = app.tabs
        # Only the first tab exists at start: unbuilt panes cost nothing on the first paint.
        assert tabs.built == ["tab-agent"]
        assert [pane.id for pane in tabs.query_children(".tab-pane")] == ["form-agent"]
        await app.action_show_tab("models")
        await settle(pilot, lambda: app.query("#f-models-llm"))
        name_field = app.query_one("#f-agent-name")
        assert not name_field.region  # hidden with its tab, not rebuilt
        await app.action_show_tab("agent")
        await pilot.pause()
        assert app.query_one("#f-agent-name") is name_field
        assert name_field.region
        assert tabs.built == ["tab-agent", "tab-models"]


async def test_clicking_a_title_switches_tabs(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-name"))
        bar = app.tabs.query_one(TabBar)
        await pilot.click(bar, offset=title_offset(bar, "tab-ending"))
        await settle(pilot, lambda: app.tabs.active_tab_id == "ending")
        assert bar.active == "tab-ending"
        await settle(pilot, lambda: app.query("#f-call_ending-endpoint_url"))


async def test_left_and_right_on_the_focused_bar_step_through_tabs(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-name"))
        bar = app.tabs.query_one(TabBar)
        bar.focus()
        await pilot.press("right", "right")
        await settle(pilot, lambda: app.tabs.active_tab_id == "actions")
        await pilot.press("left", "left", "left")  # wraps round to the last tab
        await settle(pilot, lambda: app.tabs.active_tab_id == "tests")


async def test_the_tool_kinds_bar_switches_only_its_own_panes(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.action_show_tab("actions")
        await settle(pilot, lambda: app.query("#f-tools-http .ld-options"))
        kinds = app.query_one("#form-actions").query_one(TabBar)
        await settle(pilot, lambda: kinds.region)  # laid out, so the click lands on it
        await pilot.pause()
        await pilot.click(kinds, offset=title_offset(kinds, "tools-mcp"))
        await settle(pilot, lambda: app.query("#f-tools-mcp"))
        assert app.tabs.active_tab_id == "actions"
        assert app.query_one("#form-actions").active == "tools-mcp"
        assert not app.query_one("#f-tools-http").region
