"""Unsaved edits survive the unexpected: the terminal closing under the editor (an SSH
link dropping sends SIGHUP) leaves a recovery copy, offered when the file is opened again."""

from __future__ import annotations

import os
import signal
import stat
import tomllib

from tests.terminal.driver import file_text
from tui.recovery import recovery_path


def hang_up(term) -> None:
    os.killpg(term.proc.pid, signal.SIGHUP)
    term.exit_code()


def test_edits_survive_a_hang_up_and_are_offered_on_reopening(editor, front_desk):
    original = file_text(front_desk)
    term = editor(front_desk)
    term.wait_ready()
    term.send("end", *"-two")
    term.wait_for("front-desk-two")
    hang_up(term)
    copy = recovery_path(front_desk)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert 'name = "front-desk-two"' in copy.read_text()
    assert file_text(front_desk) == original  # the file itself is untouched

    again = editor(front_desk)
    again.wait_for("Unsaved edits recovered")
    again.send("o")
    again.wait_for("front-desk-two")
    again.save()
    assert tomllib.loads(file_text(front_desk))["agent"]["name"] == "front-desk-two"
    assert not copy.exists()


def test_a_recovery_can_be_discarded(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("end", *"-two")
    term.wait_for("front-desk-two")
    hang_up(term)
    again = editor(front_desk)
    again.wait_for("Unsaved edits recovered")
    again.send("d")
    again.wait_gone("Unsaved edits recovered")
    assert "front-desk-two" not in again.text
    assert not recovery_path(front_desk).exists()


def test_nothing_unsaved_leaves_no_copy(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    hang_up(term)
    assert not recovery_path(front_desk).exists()


def test_a_secret_typed_into_a_field_is_kept_as_its_reference(editor, front_desk):
    (front_desk.parent / ".env.local").write_text("HOOK_KEY=s3cr3t-hook-value\n")
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+5")
    term.wait_for("{{secrets.HOOK_KEY}}")  # the header rows come after the endpoint's field
    term.click("{{secrets.HOOK_KEY}}")
    term.send("home", "shift+end")  # select the value: typing replaces it
    term.type("Bearer s3cr3t-hook-value")
    term.wait_for("Bearer s3cr3t-hook-value")
    hang_up(term)
    kept = recovery_path(front_desk).read_text()
    assert "s3cr3t" not in kept
    assert '"Bearer {{secrets.HOOK_KEY}}"' in kept


def test_a_terminal_gone_without_a_hang_up_signal_ends_the_editor_and_keeps_the_edits(
        editor, front_desk):
    """A terminal can go without a SIGHUP reaching the editor (it is not the editor's
    controlling terminal: started from a script, a multiplexer's pane, a pipe): its input
    just ends. Textual's input thread then spun at a full core forever; the editor now
    sees the hang-up itself and leaves as it does on SIGHUP."""
    term = editor(front_desk)
    term.wait_ready()
    term.send("end", *"-three")
    term.wait_for("front-desk-three")
    os.close(term._master)  # the terminal's side closes; no signal is sent
    term._master = os.open(os.devnull, os.O_RDONLY)  # for the fixture's own close
    assert term.exit_code() == 1
    assert 'name = "front-desk-three"' in recovery_path(front_desk).read_text()


CRASHING_EDITOR = """
import sys
from tui.widgets.form_input import FormInput

def broken(self, event):
    if event.key == "f10":
        raise RuntimeError("a bug nobody planned for")

FormInput.on_key = broken
from tui.app import run_app
sys.exit(run_app(sys.argv[1]))
"""


def test_a_crash_ends_the_editor_with_a_failure_status_and_keeps_the_edits(editor, front_desk):
    """Textual shows the traceback and ends the app; the command's status said success."""
    import sys

    from tests.terminal.driver import Terminal

    term = Terminal(front_desk, size=(80, 24),
                    argv=[sys.executable, "-c", CRASHING_EDITOR, str(front_desk)]).start()
    try:
        term.wait_ready()
        term.send("end", *"-four")
        term.wait_for("front-desk-four")
        term.send("f10")
        assert term.exit_code() == 1
        assert 'name = "front-desk-four"' in recovery_path(front_desk).read_text()
    finally:
        term.close()
