"""The file on disk stays the source of truth: hand edits, invalid files, missing files."""

from pathlib import Path

from textual.widgets import TextArea

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle, type_into
from tui.screens.choice import ChoiceScreen
from tui.screens.raw_file import RawFileScreen

SIZE = (100, 40)


async def test_hand_edit_reloads_when_there_are_no_local_edits(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        agent_file.write_text(agent_file.read_text().replace('"front-desk"', '"by-hand"'))
        await app.check_disk()
        await pilot.pause()
        assert editor_of(app, "agent.name").value == "by-hand"
        assert not app.session.dirty


async def test_hand_edit_with_local_edits_asks_then_keeps_or_reloads(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "agent.name", "mine")
        hand_edit = agent_file.read_text().replace('"front-desk"', '"theirs"')
        agent_file.write_text(hand_edit)
        await app.check_disk()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("k")  # keep mine
        await pilot.pause()
        assert editor_of(app, "agent.name").value == "mine"
        assert agent_file.read_text() == hand_edit  # nothing written behind the user's back
        await app.check_disk()  # asked once per outside change, not on every tick
        assert not isinstance(app.screen, ChoiceScreen)
        await pilot.press("ctrl+s")  # the user chose their version: saving writes it
        await pilot.pause()
        assert 'name = "mine"' in agent_file.read_text()


async def test_hand_edit_with_local_edits_reload_drops_them(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "agent.name", "mine")
        hand_edit = agent_file.read_text().replace('"front-desk"', '"theirs"')
        agent_file.write_text(hand_edit)
        await pilot.press("ctrl+s")  # saving over an unseen outside change asks first
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("r")
        await pilot.pause()
        assert editor_of(app, "agent.name").value == "theirs"
        assert not app.session.dirty
    assert agent_file.read_text() == hand_edit


async def test_keep_mine_when_saving_overwrites(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "agent.name", "mine")
        agent_file.write_text(agent_file.read_text() + "\n# touched\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert not app.session.dirty
    text = agent_file.read_text()
    assert 'name = "mine"' in text and "# touched" not in text


async def test_invalid_file_opens_raw_view_and_is_never_overwritten(tmp_path):
    path = tmp_path / "agent.toml"
    broken = '[agent]\nname = "x"\ninstructions = "unterminated\n'
    path.write_text(broken)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RawFileScreen)
        banner = str(app.screen.query_one("#raw-error").render())
        assert "line 3" in banner
        area = app.screen.query_one(TextArea)
        assert area.cursor_location[0] == 2  # the cursor waits on the broken line
        await pilot.press("ctrl+s")  # still invalid: refused
        await pilot.pause()
        assert path.read_text() == broken
        area.move_cursor((2, len('instructions = "unterminated')))
        await pilot.press('"')
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RawFileScreen)
        assert editor_of(app, "agent.instructions").text == "unterminated"
    assert path.read_text() == broken.replace("unterminated\n", 'unterminated"\n')


async def test_a_file_only_the_round_trip_parser_refuses_opens_raw_view(tmp_path, monkeypatch):
    # The form is drawn from the standard parser's reading; the layout reader, run right
    # after, could in principle refuse the same text. Then the file is treated as invalid.
    from runtime.config import toml_edit
    from runtime.config.toml_syntax import ScanError

    def refuse(text, lines_per_step=50):
        yield  # a step or two in, as on a real file
        raise ScanError("unexpected text at line 2 (refused for the test)")

    monkeypatch.setattr(toml_edit, "scan_steps", refuse)
    path = tmp_path / "agent.toml"
    original = '[agent]\nname = "x"\n'
    path.write_text(original)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, RawFileScreen))
        assert "line 2" in str(app.screen.query_one("#raw-error").render())
        assert not app.main_screen.query("EditorTabs")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert path.read_text() == original


async def test_quitting_the_raw_view_leaves_the_file(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text("not = [toml\n")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x", "ctrl+q")
        await pilot.pause()
    assert app.return_code == 1
    assert path.read_text() == "not = [toml\n"


async def test_missing_file_is_created_from_the_starter(tmp_path):
    path = tmp_path / "agent.toml"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("c")
        await pilot.pause()
        assert path.exists()
        assert editor_of(app, "agent.name").value  # the starter's name, in the form
    assert not app.session.dirty


async def test_missing_file_declined_creates_nothing(tmp_path):
    path = tmp_path / "agent.toml"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not path.exists()


async def test_deleted_file_keeps_the_edits_and_save_writes_it_again(agent_file):
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        agent_file.unlink()
        await app.check_disk()
        await app.check_disk()  # told once, no reload loop
        await pilot.pause()
        assert app.session.dirty and not isinstance(app.screen, ChoiceScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert agent_file.read_text() == before


async def test_values_of_the_wrong_type_are_shown_and_never_rewritten(tmp_path):
    path = tmp_path / "agent.toml"
    original = (Path(__file__).parent / "fixtures" / "wrong_types.toml").read_text()
    path.write_text(original)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        for tab in ("agent", "models", "actions", "data", "ending", "variables"):
            await app.action_show_tab(tab)
            await pilot.pause()
        assert not app.session.dirty
        assert len(app.session.validate()) >= 10  # each one reported, none "fixed" silently
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_text() == original


async def test_a_file_turning_invalid_while_open_has_one_raw_view_over_many_checks(agent_file):
    good = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        # Broken at once, before the first form's after-paint work (which then has no
        # document: it raised).
        agent_file.write_text(good.replace("[models]", "[models"))
        for _ in range(6):  # six ticks of the file check, the file still broken
            await app.check_disk()
            await pilot.pause()
        assert [type(s) for s in app.screen_stack].count(RawFileScreen) == 1
        agent_file.write_text(good.replace("[models]", "[models").replace('"front-desk"', '"b"'))
        await app.check_disk()
        await pilot.pause()
        assert 'name = "b"' in app.screen.query_one("#raw-text", TextArea).text
        agent_file.write_text(good.replace('"front-desk"', '"fixed"'))
        await app.check_disk()
        await pilot.pause()
        assert not any(isinstance(s, RawFileScreen) for s in app.screen_stack)
        assert editor_of(app, "agent.name").value == "fixed"
