"""Work too big for a frame runs beside the event loop, and never makes screen and file
disagree: validation is shown only for the document as it still is, and edits made while
the file loads for editing are held and applied once it has."""

from __future__ import annotations

import asyncio
import os
import signal
import threading

import pytest

from runtime.config import validate as validation
from runtime.config.document import AgentDocument
from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle
from tui.session import PROCESS_FROM_CHARS
from tui.widgets.problems import ProblemsPanel

SIZE = (120, 40)
WAIT_S = 60  # for the threads to get going on a loaded machine: conditions, not sleeps
BAD_NAME = '[agent]\nname = "Bad Name"\ninstructions = """\nHelp.\n"""\n'


class Gate:
    """Holds a function's calls in their thread until opened."""

    def __init__(self, monkeypatch, owner, name: str) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()
        original = getattr(owner, name)

        def gated(*args, **kwargs):
            self.entered.set()
            assert self.opened.wait(WAIT_S)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, gated)


class StepGate:
    """Holds the reading of the layout for editing (done a slice at a time on the event
    loop) at its first step until opened: meanwhile it is under way, as for a big file."""

    def __init__(self, monkeypatch) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()
        original = AgentDocument.editor_steps

        def gated(document):
            self.entered.set()
            while not self.opened.is_set():
                yield
            yield from original(document)

        monkeypatch.setattr(AgentDocument, "editor_steps", gated)


async def wait_for(pilot, event: threading.Event) -> None:
    await settle(pilot, event.is_set, attempts=WAIT_S * 20)


def name_problem(app):
    panels = app.query(ProblemsPanel)
    return bool(panels) and any(p.path == "agent.name" for p in panels.first()._shown or [])


async def test_keys_typed_while_validation_runs_are_handled_meanwhile(tmp_path, monkeypatch):
    path = tmp_path / "agent.toml"
    path.write_text(BAD_NAME)
    app = make_app(path)
    gate = Gate(monkeypatch, type(app.session), "check")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, gate.entered)  # the first validation, held in its thread
        name = editor_of(app, "agent.name")
        name.focus()
        await pilot.press("end", "x", "y")
        await settle(pilot, lambda: name.value == "Bad Namexy")
        assert app.session.document.get("agent.name") == "Bad Namexy"
        gate.opened.set()


async def test_a_validation_of_an_older_document_is_not_shown(tmp_path, monkeypatch):
    path = tmp_path / "agent.toml"
    path.write_text(BAD_NAME)
    app = make_app(path)
    # Held after the text was read: the check is of the document before the fix.
    gate = Gate(monkeypatch, validation, "validate")
    shown_after_the_fix: list[list] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, gate.entered)  # checking "Bad Name": an invalid name
        show = app._show_problems
        monkeypatch.setattr(app, "_show_problems",
                            lambda problems: (shown_after_the_fix.append(problems), show(problems)))
        name = editor_of(app, "agent.name")
        name.focus()
        name.value = "good-name"  # fixed before that check is done
        await settle(pilot, lambda: app.session.document.get("agent.name") == "good-name")
        gate.opened.set()
        await settle(pilot, lambda: shown_after_the_fix, attempts=WAIT_S * 20)
        assert all(p.path != "agent.name" for shown in shown_after_the_fix for p in shown)
        assert not name_problem(app)


async def test_edits_made_while_the_file_loads_for_editing_all_land(tmp_path, monkeypatch):
    path = tmp_path / "agent.toml"
    original = '[agent]\nname = "desk"\ninstructions = \'Be brief.\'  # kept as written\n'
    path.write_text(original)
    gate = StepGate(monkeypatch)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, gate.entered)  # the round-trip parser is loading
        name = editor_of(app, "agent.name")
        name.focus()
        await pilot.press("end", "-", "a")
        instructions = editor_of(app, "agent.instructions")
        instructions.focus()
        await pilot.press("!", "backspace")  # back to what the file says
        await settle(pilot, lambda: "●" in app.sub_title)  # unsaved, though not applied
        assert name.value == "desk-a"
        gate.opened.set()
        await settle(pilot, lambda: app.session.editing_ready, attempts=WAIT_S * 20)
        assert app.session.document.get("agent.name") == "desk-a"
        await app.action_save()
        # The unchanged field was not rewritten: its quotes and comment stay.
        assert path.read_text() == original.replace('"desk"', '"desk-a"')


async def type_while_loading(pilot, app, gate, keys) -> None:
    """Type `keys` at the end of the agent's name while the file loads for editing, then
    let the loading finish a moment later (what is done next has to wait for it)."""
    await wait_for(pilot, gate.entered)
    editor_of(app, "agent.name").focus()
    await pilot.press("end", *keys)
    await settle(pilot, lambda: "●" in app.sub_title)
    threading.Timer(0.2, gate.opened.set).start()


async def test_saving_while_the_file_loads_waits_for_it_and_saves_every_edit(
    tmp_path, monkeypatch
):
    path = tmp_path / "agent.toml"
    path.write_text('[agent]\nname = "desk"\n')
    gate = StepGate(monkeypatch)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await type_while_loading(pilot, app, gate, "-b")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: '"desk-b"' in path.read_text(), attempts=WAIT_S * 20)
        assert path.read_text() == '[agent]\nname = "desk-b"\n'


async def test_undo_while_the_file_loads_undoes_the_edit_made_meanwhile(tmp_path, monkeypatch):
    path = tmp_path / "agent.toml"
    path.write_text('[agent]\nname = "desk"\n')
    gate = StepGate(monkeypatch)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await type_while_loading(pilot, app, gate, "-c")
        await app.action_undo()
        await pilot.pause()
        assert app.session.document.get("agent.name") == "desk"
        assert editor_of(app, "agent.name").value == "desk"


def big_file(tools: int = 250, name: str = "Bad Name") -> str:
    """An agent file big enough to be checked in a process of its own."""
    parts = [f'[agent]\nname = "{name}"\ninstructions = """\nHelp.\n"""\n']
    parts += [f'\n[[tools.http]]\nname = "tool_{i}"\ndescription = "Tool number {i}"\n'
              'url = "https://api.example.com/items"\n' for i in range(tools)]
    text = "".join(parts)
    assert len(text) >= PROCESS_FROM_CHARS
    return text


def process_ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


async def test_a_big_file_is_checked_in_a_process_that_ends_with_the_app(tmp_path, monkeypatch):
    path = tmp_path / "agent.toml"
    path.write_text(big_file())
    app = make_app(path)
    # Not one check of it in this process: the thread only waits for the other's answer.
    monkeypatch.setattr(validation, "validate", lambda *_: pytest.fail("checked in the app"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: name_problem(app), attempts=WAIT_S * 20)
        pid = app.session._checker.pid
        assert pid is not None
        name = editor_of(app, "agent.name")
        name.focus()
        name.value = "good-name"
        await settle(pilot, lambda: not name_problem(app), attempts=WAIT_S * 20)
        assert app.session._checker.pid == pid  # one process for the app's life
    await asyncio.wait_for(_until(lambda: process_ended(pid)), WAIT_S)


async def test_a_check_process_that_dies_is_replaced_and_problems_still_show(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text(big_file(name="good-name"))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.session._checker.pid is not None, attempts=WAIT_S * 20)
        first = app.session._checker.pid
        os.kill(first, signal.SIGKILL)
        name = editor_of(app, "agent.name")
        name.focus()
        name.value = "Bad Name"
        await settle(pilot, lambda: app.session.document.get("agent.name") == "Bad Name")
        problems = app.refresh_state()  # the save's path: checked here, at once
        assert any(p.path == "agent.name" for p in problems)
        await settle(pilot, lambda: name_problem(app))
        name.value = "Worse Name"
        await settle(pilot, lambda: app.session.document.get("agent.name") == "Worse Name")
        app._validate_soon()  # checked beside the loop: the dead process is seen, replaced
        await settle(pilot, lambda: app.session._checker.pid not in (None, first),
                     attempts=WAIT_S * 20)
        await settle(pilot, lambda: not app._validating, attempts=WAIT_S * 20)
        assert name_problem(app)


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.05)


async def test_a_big_file_is_read_for_editing_in_slices_between_the_loops_other_work(
    tmp_path, monkeypatch
):
    # In a thread the reading shared the interpreter with the loop and every hop of a
    # key's trip waited for its turn; on the loop, in slices, a key waits one slice at most.
    path = tmp_path / "agent.toml"
    path.write_text(big_file(tools=1000))
    steps: list[tuple[bool, int]] = []  # (on the loop's thread, loop turns seen so far)
    turns = [0]
    original = AgentDocument.editor_steps

    def counted(document):
        for _ in original(document):
            steps.append((threading.current_thread() is threading.main_thread(), turns[0]))
            yield

    monkeypatch.setattr(AgentDocument, "editor_steps", counted)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        loop = asyncio.get_running_loop()

        def tick() -> None:
            turns[0] += 1
            if not app.session.editing_ready or not steps:
                loop.call_soon(tick)

        tick()
        name = editor_of(app, "agent.name")
        name.focus()
        await pilot.press("end", "x")  # typed while the reading is under way: held
        await settle(pilot, lambda: app.session.editing_ready, attempts=WAIT_S * 20)
        assert all(on_loop for on_loop, _ in steps)
        slices = len({seen for _, seen in steps})
        assert slices >= 10, f"read in {slices} slices of {len(steps)} steps"
        assert app.session.document.get("agent.name") == "Bad Namex"


async def test_a_big_file_is_first_checked_once_it_is_read_for_editing(tmp_path, monkeypatch):
    # Starting the checking process takes a core for a while: not beside the reading and
    # the first keys. The problems still show, once the reading is done.
    from tui.check_process import CheckProcess

    path = tmp_path / "agent.toml"
    path.write_text(big_file())
    gate = StepGate(monkeypatch)
    checks: list[bool] = []  # whether the reading was done when each check started
    check = CheckProcess.check

    def recorded(self, text):
        checks.append(gate.opened.is_set())
        return check(self, text)

    monkeypatch.setattr(CheckProcess, "check", recorded)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, gate.entered)
        await settle(pilot, lambda: app._validating or checks)  # the first check is on its way
        threading.Timer(0.5, gate.opened.set).start()
        await settle(pilot, lambda: name_problem(app), attempts=WAIT_S * 20)
        assert checks and all(checks)
