"""The editor as a person uses it, in a pseudo-terminal, against bare Textual anchors.

Every run launches a fresh process the way a person does (`agent-builder FILE`; an
anchor as `python anchor.py`) in a 120x40 pty, and reads its screen:
  first paint   spawn -> the first field's label on screen ("Agent name"), the largest
                example, against a bare app (header, label, footer) showing "hello";
  Actions tab   click on the tab title -> the 200-tool list and the first tool's form on
                screen, against a bare app mounting a 200-item list + a form of the same
                fields on its first click (bench/anchors/bare_list.py);
  memory        resident size once that tab is shown and the app is idle, same anchor;
  next tool     Down in the tool list -> the next tool's description on screen, same
                anchor (its form follows the highlight);
  keystroke     a key typed in a tool's description (200-tool file) -> the text on
                screen, typing with 120-440 ms pauses, against a bare Input;
  first edit    clicking the agent's name and typing as soon as the first frame of a
                1,000-tool file is on screen, against the same in a bare Input.
Between steps the bench waits for the app to go idle (as a person's pause would let it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.files import REPO, largest_example, many_tools, write
from bench.terminal import ScreenTimeout, Terminal, child_env
from bench.typing import keys, pauses, type_text

ANCHORS = REPO / "bench" / "anchors"
SIZE = (120, 40)


def agent_builder() -> list[str]:
    """The command a person runs: the installed entry point beside this interpreter."""
    script = Path(sys.executable).parent / "agent-builder"
    return [str(script)] if script.exists() else [sys.executable, "-m", "runtime.cli"]


def anchor(name: str, *args: str) -> list[str]:
    return [sys.executable, str(ANCHORS / f"{name}.py"), *args]


def launch(argv: list[str], cwd: Path) -> Terminal:
    # A typing session ends with its edits unsaved, and the editor stopped by the bench
    # keeps them in a recovery copy beside the file (as for a dropped SSH link), which
    # the next launch would offer back in a dialog. Each launch opens the file as a
    # person who saved or discarded their last edits does.
    for copy in cwd.glob(".*.recovered"):
        copy.unlink()
    return Terminal(argv, size=SIZE, cwd=cwd, env=child_env())


class Files:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tools_200 = write(folder, "tools-200.toml", many_tools(200))
        self.tools_1000 = write(folder, "tools-1000.toml", many_tools(1000))
        self.example = largest_example()


# ---- one launch each ------------------------------------------------------------------

def first_paint(ours: bool, files: Files) -> float:
    argv = agent_builder() + [str(files.example)] if ours else anchor("bare_app")
    with launch(argv, files.folder) as term:
        return term.wait_for_text("Agent name" if ours else "hello") - term.started


def list_session(ours: bool, files: Files, moves: int, seed: int) -> dict[str, list[float]]:
    """Actions tab, memory and next-tool figures from one launch on the 200-tool file."""
    path = str(files.tools_200)
    argv = agent_builder() + [path] if ours else anchor("bare_list", path)
    out: dict[str, list[float]] = {"tab": [], "rss": [], "next": []}
    with launch(argv, files.folder) as term:
        term.wait_for_text("Agent name")
        term.settle()
        clicked = term.click_text("Actions")
        shown = term.wait_until(lambda t: t.shows("HTTP tools (200)") and t.shows("Tool number 0"),
                                what="the tool list and form")
        out["tab"].append(shown - clicked)
        term.settle()
        out["rss"].append(float(term.rss_bytes()))
        term.click_text("tool_0", leftmost=True)
        term.settle()
        for index, gap in enumerate(pauses(moves, seed), start=1):
            pressed = term.press("down")
            out["next"].append(term.wait_for_text(f"Tool number {index}") - pressed)
            time.sleep(gap)
    return out


def keystroke_session(ours: bool, files: Files, count: int, seed: int) -> list[float]:
    """Typing in the description of the first tool of the 200-tool file (ours), or in a
    bare Input holding the same text."""
    before = "Tool number 0"
    argv = agent_builder() + [str(files.tools_200)] if ours else anchor("bare_input", before)
    with launch(argv, files.folder) as term:
        if ours:
            term.wait_for_text("Agent name")
            term.settle()
            term.click_text("Actions")
        term.wait_for_text(before)
        term.settle()
        term.click_text(before)
        term.press("end")
        term.settle()
        return type_text(term, before, keys(count, seed), pauses(count, seed))


def first_edit_session(ours: bool, files: Files, count: int, seed: int) -> list[float]:
    """Clicking the agent's name, End and typing, from the first frame of a 1,000-tool file
    on (the click and End are timed to the field showing them, as the keys are)."""
    before = "many-tools"
    argv = agent_builder() + [str(files.tools_1000)] if ours else anchor("bare_input", before)
    with launch(argv, files.folder) as term:
        term.wait_for_text(before)
        # Not a settled app: the click lands on the first frame, and each next key goes
        # as soon as the screen shows the previous one taken (the cursor in the field).
        column, row = term.find(before)
        taken = []
        for act in (lambda: term.click(column + 1, row), lambda: term.press("end")):
            sent = time.perf_counter()
            shown = term.act_and_see(act, row)
            if shown is None:
                raise ScreenTimeout(f"row {row} never changed after a click or End:\n{term.text()}")
            taken.append(shown - sent)
        return taken + type_text(term, before, keys(count, seed), pauses(count, seed))
