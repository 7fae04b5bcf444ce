"""Random bursts of keys nobody planned (tabs both ways, arrows, tab switches, undo and
redo, deletions and text, on whatever has focus: a list's keys too), then a save: the
editor is still running, the file is valid TOML, the editor holds what the file holds
(it quits without asking) and shows it.

Unlike the model in test_typing_model, nothing here knows where the keys land: the
checks are the ones that hold whatever they did.
"""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.terminal.conftest import FIXTURES
from tests.terminal.driver import Terminal, file_text, key_bytes

KEYS = ("tab", "shift+tab", "up", "down", "left", "right", "home", "end", "backspace",
        "delete", "space", "ctrl+z", "ctrl+y", "f3", "f4", "alt+1", "alt+2", "alt+3",
        "alt+5", "alt+6")
key = st.one_of(st.sampled_from(KEYS), st.text(alphabet="abcxyz-_.:/0123456789 ",
                                               min_size=1, max_size=6))
burst = st.lists(key, min_size=1, max_size=12)


def shown_value(term: Terminal, label: str) -> str:
    """The text of the one-line field after `label` (its box drawn around it, if any)."""
    line = term.line_with(label)
    return line.split(label, 1)[1].strip(" *▊▎▌▐│┃").strip()


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(bursts=st.lists(burst, min_size=2, max_size=6))
def test_random_bursts_then_a_save_keep_the_editor_and_the_file_agreeing(bursts):
    folder = Path(tempfile.mkdtemp(prefix="random-bursts-"))
    path = folder / "agent.toml"
    shutil.copy(FIXTURES / "front_desk.toml", path)
    term = Terminal(path, size=(120, 40)).start()
    try:
        term.wait_ready()
        for keys in bursts:
            # One burst: keys and text in the order drawn, as a terminal delivers them.
            term.write("".join(key_bytes(k) if k in KEYS else k for k in keys))
            term.wait_still()
            assert term.proc.poll() is None, f"the editor ended after {bursts}:\n{term.text}"
        # A down arrow may have opened a picker (a modal list): close it as a person would.
        term.send("escape")
        term.send("ctrl+s")
        term.wait_for(lambda: "unsaved" not in term.lines[0], what="saved (no 'unsaved' mark)")
        saved = file_text(path)
        data = tomllib.loads(saved)  # valid TOML, whatever the keys did
        term.send("alt+1")
        term.wait_for("Agent name")
        term.wait_still()
        name = shown_value(term, "Agent name")
        expected = data.get("agent", {}).get("name", "")
        assert name in expected and bool(name) == bool(expected), (name, expected, term.text)
        term.send("ctrl+q")  # nothing unsaved: no question, the editor ends
        assert term.exit_code() == 0, term.text
        assert file_text(path) == saved
    finally:
        term.close()
        shutil.rmtree(folder, ignore_errors=True)

