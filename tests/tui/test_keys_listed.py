"""The keys are listed once: F1 shows the table, the README holds the same table, and every
key the footer shows is in it."""

from pathlib import Path

from tests.tui.conftest import make_app
from tui.keys_help import KEYS, VSCODE_NOTE, markdown_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_the_keys_f1_shows():
    text = README.read_text()
    assert markdown_table() in text
    assert VSCODE_NOTE in text


async def test_every_key_in_the_footer_is_in_the_table(agent_file):
    listed = " ".join(keys for keys, _ in KEYS)
    app = make_app(agent_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = [b.key for _, b, _, _ in app.screen.active_bindings.values() if b.show]
        assert shown
        for key in shown:
            assert key in listed, f"{key} is in the footer but not in the key table"
        await pilot.press("f1")
        await pilot.pause()
        help_text = app.screen.query_one("#help-keys").source
        for keys, _ in KEYS:
            assert keys in help_text
