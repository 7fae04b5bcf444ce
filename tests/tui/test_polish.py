"""Small things that read right: counts in the problems title, unmistakable checkboxes,
field labels that turn red with their field and take a click for their editor."""

from textual.color import Color

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, field, settle
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


def _label_colour(app, row, text: str):
    """The colour the row's label is painted in, read from the screen."""
    y = row.region.y
    for segment in app.screen._compositor.render_strips()[y]:
        if segment.text.strip() == text:
            return segment.style.color
    raise AssertionError(f"{text!r} is not painted on line {y}")


async def test_a_field_label_is_painted_by_its_row_and_turns_red_with_it(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text('[agent]\nname = "front-desk"\n')
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-name"))
        row = field(app, "agent.name")
        assert not row.query("Label")  # the row draws the label: no widget per label
        muted = _label_colour(app, row, "Agent name *")
        editor = editor_of(app, "agent.name")
        editor.focus()
        editor.value = "Bad Name"
        await settle(pilot, lambda: row.has_class("-invalid"))
        await pilot.pause()
        red = _label_colour(app, row, "Agent name *")
        assert red != muted
        assert red.triplet == Color.parse(app.theme_variables["error"]).rich_color.triplet


async def test_a_click_on_a_label_focuses_its_editor(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-instructions"))
        row = field(app, "agent.instructions")
        await pilot.click(row, offset=(2, 0))  # on the word "Instructions", over the editor
        await pilot.pause()
        assert app.focused is editor_of(app, "agent.instructions")


async def test_typing_in_a_form_field_repaints_it_without_laying_out_the_screen(agent_file):
    # Textual's Input asks for a layout of the whole screen on every keystroke (its
    # text's width is its virtual size): in a big form that was most of a key's cost.
    from textual.widget import Widget

    app = make_app(agent_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.query("#f-agent-name"))
        name = editor_of(app, "agent.name")
        name.focus()
        await pilot.press("end", "x")  # the first edit marks the file unsaved (a restyle)
        await pilot.pause()
        layouts = []
        refresh = Widget.refresh

        def spy(self, *regions, layout=False, **kwargs):
            if layout:
                layouts.append(self)
            return refresh(self, *regions, layout=layout, **kwargs)

        Widget.refresh = spy
        try:
            await pilot.press(*"-and-a-name-longer-than-the-field-is-wide-" * 2)
            await pilot.pause()
        finally:
            Widget.refresh = refresh
        assert layouts == []
        assert name.value.endswith("wide-")
        # Still scrolls along the text, to its end where the cursor is.
        assert name.scroll_x > 0
        assert name.scroll_x == name.max_scroll_x
