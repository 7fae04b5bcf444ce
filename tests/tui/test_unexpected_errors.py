"""An error nobody planned for is shown, and the unsaved edits survive it.

The faults are injected (no input is known to cause them any more): what is tested is
the editor's safety net itself.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle
from tui.recovery import read_recovery


async def test_a_failing_check_is_shown_and_editing_goes_on(agent_file, monkeypatch):
    app = make_app(agent_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def broken(self):
            raise RuntimeError("the checker broke")

        monkeypatch.setattr(type(app.session), "validate", broken)
        editor_of(app, "agent.name").focus()
        await pilot.press("end", "x")
        app.flush_validation()
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any("the checker broke" in message for message in shown)
        assert app.is_running
        assert app.session.document.get("agent.name") == "front-deskx"
        text, _ = read_recovery(agent_file)
        assert 'name = "front-deskx"' in text
        await pilot.press("y")  # still editing
        await settle(pilot, lambda: app.session.document.get("agent.name") == "front-deskxy")


async def test_a_crash_in_a_widget_keeps_the_edits_before_it_ends(agent_file, monkeypatch):
    app = make_app(agent_file)
    with pytest.raises(RuntimeError, match="a widget broke"):  # Textual ends the app
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            editor_of(app, "agent.name").focus()
            await pilot.press("end", "x")
            await settle(pilot, lambda: app.session.document.get("agent.name") == "front-deskx")

            def broken(*args, **kwargs):
                raise RuntimeError("a widget broke")

            monkeypatch.setattr("tui.forms.fields.offer_variables", broken)
            await pilot.press("y")
            await pilot.pause()
    assert app.kept_edits is not None
    text, _ = read_recovery(agent_file)
    assert 'name = "front-deskx"' in text
