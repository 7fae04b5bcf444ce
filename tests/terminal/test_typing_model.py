"""A stateful property test: random key sequences typed into the editor in a pty, and
after every save, the file holds what a person typing them expects, and the screen shows
what the file holds.

The model is what the user sees and means: the text of a few fields (typed in bursts,
`{{...}}` references typed by hand through the picker, braces left as typed), a
variable renamed, undo and redo (one step per field visit, as the editor promises),
tab switches. Keys within an action go in one burst; between actions the test waits
for the screen to show what the model says, which is the check of the screen.
"""

from __future__ import annotations

import os
import re
import tomllib

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.terminal.conftest import FIXTURES
from tests.terminal.driver import Terminal, file_text

SIZE = (120, 40)
WAIT = 20.0

# Field -> (tab key, the first field's label, tabs from it, kind).
# The first field of a tab never moves (problem lines appear below it, as validation
# settles, and shift what is further down): it is clicked, the rest reached with tab.
FIELDS = {
    "agent.name": ("1", "Agent name", 0, "input"),
    "agent.instructions": ("1", "Agent name", 1, "text"),
    "greeting.instructions": ("1", "Agent name", 3, "text"),
    "models.stt": ("2", "STT ", 0, "input"),
}
# What only that tab's pane shows (the tab bar names every tab): a tab switch has been
# drawn once it is on screen. Waiting for less let a click aim at the frame before.
TAB_MARKERS = {"1": "─ Agent ─", "2": "─ Models ─", "3": "HTTP tools (", "4": "─ Data collection ─",
               "5": "─ Call ending ─", "6": "─ Metadata ─", "7": "File settings"}
words = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=12)
names = st.from_regex(r"v_[a-z]{3,6}", fullmatch=True)  # found on screen by name


def get(data: dict, path: str):
    node = data
    for part in path.split("."):
        node = node[part]
    return node


def squash(text: str) -> str:
    return " ".join(text.split())


class EditorTyping(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.term: Terminal | None = None

    @initialize(tmp=st.just(None))
    def open_editor(self, tmp) -> None:
        import shutil
        import tempfile
        from pathlib import Path

        self.folder = Path(tempfile.mkdtemp(prefix="typing-model-"))
        self.path = self.folder / "agent.toml"
        shutil.copy(FIXTURES / "front_desk.toml", self.path)
        data = tomllib.loads(self.path.read_text())
        self.values = {field: get(data, field) for field in FIELDS}
        self.variable = "user_name"  # the one declared variable, and its description
        self.description = data["metadata"]["user_name"]["description"]
        self.saved = self._state()
        self.undo: list[dict] = []
        self.redo: list[dict] = []
        self.step_field: str | None = None  # typing here continues the open undo step
        self.tab = "1"
        self.trace: list[str] = []  # the steps so far, for the failure's message
        self.focused: str | None = "agent.name"  # where focus is, when the model knows
        self.term = Terminal(self.path, size=SIZE).start()
        self.term.wait_ready()

    def teardown(self) -> None:
        if self.term is not None:
            try:
                if self.term.proc.poll() is None:
                    self.save()  # every run ends with the file checked against the model
            finally:
                self.term.close()
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)

    # -- the model ----------------------------------------------------------------------
    def _state(self) -> dict:
        return {"values": dict(self.values), "variable": self.variable,
                "description": self.description}

    def _restore(self, state: dict) -> None:
        self.values = dict(state["values"])
        self.variable = state["variable"]
        self.description = state["description"]

    def _edit(self, field: str | None) -> None:
        """Before a change: a new undo step unless typing on in the same field."""
        if field is None or field != self.step_field:
            self.undo.append(self._state())
        self.redo.clear()
        self.step_field = field

    # -- driving ------------------------------------------------------------------------
    def _show_tab(self, tab: str) -> None:
        if self.tab != tab:
            self.term.send(f"alt+{tab}")
            self._left_tab(tab)
        self.term.wait_for(TAB_MARKERS[tab], WAIT)

    def _left_tab(self, tab: str) -> None:
        """Focus went into another tab: the field typed in was left (a new step next).
        Waits until that tab is drawn, as a person looks before the next click."""
        if tab != self.tab:
            self.step_field = None
            self.focused = None
        self.tab = tab
        self.term.wait_for(TAB_MARKERS[tab], WAIT)

    def _focus(self, field: str) -> None:
        tab, label, tabs, kind = FIELDS[field]
        self._show_tab(tab)
        self._wait_screen()
        self.term.click(label)
        self.term.send(*["tab"] * tabs, "ctrl+end" if kind == "text" else "end")
        # Reached through the tab's first field, focus left the field on its way (unless
        # it is the first field and was there already): typing starts a new step.
        if tabs or self.focused != field:
            self.step_field = None
        self.focused = field

    @rule(field=st.sampled_from(sorted(FIELDS)), text=words)
    def type_text(self, field: str, text: str) -> None:
        self.trace.append(f"type_text({field!r}, {text!r})")
        self._focus(field)
        if field == "models.stt" or field == "agent.name":
            text = text.replace(" ", "")  # ids: no spaces (the name pattern is checked)
            if not text:
                return
        self._edit(field)
        self.term.type(text)
        self.values[field] += text

    @rule(field=st.sampled_from(["agent.instructions", "greeting.instructions"]))
    def type_a_reference_by_hand(self, field: str) -> None:
        self.trace.append(f"type_a_reference_by_hand({field!r})")
        self._focus(field)
        self._edit(field)
        # `{{` opens the picker, which takes what follows; `}` hands it back: one burst.
        self.term.type(" {{metadata.user_name}}")
        self.values[field] += " {{metadata.user_name}}"

    @rule(field=st.sampled_from(["agent.instructions", "greeting.instructions"]))
    def leave_braces_as_typed(self, field: str) -> None:
        self.trace.append(f"leave_braces_as_typed({field!r})")
        self._focus(field)
        self._edit(field)
        self.term.type(" {{")
        self.term.wait_for("Insert variable", WAIT)
        self.term.send("escape")
        self.values[field] += " {{"

    @rule(name=names)
    def rename_the_variable(self, name: str) -> None:
        self.trace.append(f"rename_the_variable({name!r})")
        if name == self.variable:
            return
        self._show_tab("6")
        self._wait_screen()
        self.term.click(self.variable)
        self.term.send("home", "shift+end", *name, "tab")
        self._edit(None)
        self.step_field = "metadata.description"  # focus went on to the description
        self.focused = "metadata.description"
        self.variable = name

    @rule(text=words)
    def type_the_variable_description(self, text: str) -> None:
        self.trace.append(f"type_the_variable_description({text!r})")
        self._show_tab("6")
        self._wait_screen()
        self.term.click(self.variable)
        self.term.send("tab", "end", *text)
        # Focus came through the name (another widget): always a new step.
        self._edit(None)
        self.step_field = "metadata.description"
        self.focused = "metadata.description"
        self.description += text

    @rule(tab=st.sampled_from(["1", "2", "3", "4", "5", "6"]))
    def switch_tab(self, tab: str) -> None:
        self.trace.append(f"switch_tab({tab!r})")
        self.term.send(f"alt+{tab}")
        self._left_tab(tab)

    @rule(key=st.sampled_from(["f3", "f4"]))
    def step_tab(self, key: str) -> None:
        self.trace.append(f"step_tab({key!r})")
        order = ["1", "2", "3", "4", "5", "6", "7"]  # 7: Tests, the last tab
        index = order.index(self.tab) + (1 if key == "f4" else -1)
        self.term.send(key)
        self._left_tab(order[index % len(order)])

    @precondition(lambda self: self.term is not None)
    @rule()
    def undo_one(self) -> None:
        self.trace.append("undo_one()")
        self._travel("ctrl+z", self.undo, self.redo, "Undid", "Nothing to undo")

    @precondition(lambda self: self.term is not None)
    @rule()
    def redo_one(self) -> None:
        self.trace.append("redo_one()")
        self._travel("ctrl+y", self.redo, self.undo, "Redid", "Nothing to redo")

    def _travel(self, key: str, take: list, keep: list, done: str, nothing: str) -> None:
        self.term.send(key)
        said = nothing
        if take:
            keep.append(self._state())
            self._restore(take.pop())
            said = done
        self.term.wait_for(lambda: said in self.term.notifications(), WAIT, f"{said!r} said")
        self.step_field = None
        self._after_rebuild()

    def _after_rebuild(self) -> None:
        """Undo and redo show where the change was: which tab is now unknown to the
        model; go to a known one."""
        self.term.send("alt+1")
        self.tab = "1"
        self.focused = None
        self.term.wait_for(TAB_MARKERS["1"], WAIT)

    @precondition(lambda self: self.term is not None)
    @rule()
    def save(self) -> None:
        self.trace.append("save()")
        self.term.send("ctrl+s")
        self.step_field = None
        expected = self._state()
        self._checked(lambda: self.term.wait_for(lambda: self._file_state() == expected, WAIT,
                                                 what=f"the file holding {expected}"))
        self.term.wait_for(lambda: "unsaved" not in self.term.lines[0], WAIT, "saved")
        self.saved = expected
        self._wait_screen()

    # -- what is checked ----------------------------------------------------------------
    def _file_state(self) -> dict | None:
        try:
            data = tomllib.loads(file_text(self.path))
        except tomllib.TOMLDecodeError:
            return None
        metadata = data.get("metadata", {})
        if len(metadata) != 1:
            return None
        (variable, entry), = metadata.items()
        return {"values": {field: get(data, field) for field in FIELDS},
                "variable": variable, "description": entry.get("description", "")}

    def _screen_matches(self) -> bool:
        lines = self.term.lines
        text = "\n".join(lines)
        if self.tab == "1":
            name_line = next((line for line in lines if "Agent name" in line), "")
            if self.values["agent.name"] not in name_line:
                return False
            shown = squash(text)
            return all(squash(self.values[f]) in shown
                       for f in ("agent.instructions", "greeting.instructions"))
        if self.tab == "2":
            stt_line = next((line for line in lines if re.match(r"\s*STT ", line)), "")
            return self.values["models.stt"] in stt_line
        if self.tab == "6":
            header = next((line for line in lines if "Description" in line and "Example" in line),
                          None)
            row = next((line for line in lines if line.strip().startswith(self.variable)), None)
            if header is None or row is None:
                return False
            # The column shows a window of the value (scrolled, when it has focus).
            cell = row[header.index("Description"):header.index("Example")].strip()
            return bool(cell) and cell in self.description
        return True

    def _wait_screen(self) -> None:
        self._checked(lambda: self.term.wait_for(
            self._screen_matches, WAIT, what=f"the screen showing {self._state()} on tab {self.tab}"))

    def _checked(self, check) -> None:
        try:
            check()
        except AssertionError as error:
            raise AssertionError(f"after steps {self.trace}:\n{error}") from None

    @invariant()
    def still_running(self) -> None:
        if self.term is not None:
            assert self.term.proc.poll() is None, self.term.text


# Six sequences keep the suite quick; AGENT_BUILDER_TYPING_RUNS=100 attacks for longer.
EditorTyping.TestCase.settings = settings(
    max_examples=int(os.environ.get("AGENT_BUILDER_TYPING_RUNS", "6")), stateful_step_count=14, deadline=None,
    suppress_health_check=list(HealthCheck),
)
test_typing_model = EditorTyping.TestCase
