"""Small things that read right: counts in the problems title, unmistakable checkboxes."""

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle
from tui.widgets.problems import ProblemsPanel

SIZE = (120, 40)


async def test_problems_title_counts_in_words(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text('[agent]\nname = "Bad Name"\n\n[data_collection]\nenabled = true\n')
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query(ProblemsPanel))
        panel = app.query_one(ProblemsPanel)
        assert panel.border_title == "Problems (1 error, 2 warnings)"
        path.write_text('[agent]\nname = "Bad Name"\n')
        await app.action_reload()
        await settle(pilot, lambda: panel.border_title == "Problems (1 error, 0 warnings)")


async def test_a_checkbox_shows_a_tick_only_when_on(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query("#f-greeting-enabled"))
        box = editor_of(app, "greeting.enabled")
        assert box.value is True
        assert str(box.render()).startswith("[✓]")
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.session.document.get("greeting.enabled") is False
        assert str(box.render()).startswith("[ ]")
        assert "X" not in str(box.render())
