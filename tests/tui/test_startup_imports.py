"""How the editor starts: without the LiveKit Agents SDK (loaded only by the preview), and
without garbage collection until its first frame."""

import subprocess
import sys


def run_script(code: str, agent_file) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter (nothing imported yet), on `agent_file`; it must succeed."""
    proc = subprocess.run([sys.executable, "-c", code, str(agent_file)],
                          check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc


CODE = """
import sys
from tui.app import AgentBuilderApp

async def painted(pilot):
    await pilot.pause()
    for tab in ("agent", "models", "actions", "data", "ending", "variables"):
        await pilot.app.action_show_tab(tab)
        await pilot.pause()
    pilot.app.exit()

AgentBuilderApp(sys.argv[1], watch_interval=None).run(headless=True, auto_pilot=painted)
print(sorted(m for m in sys.modules if m.startswith("livekit.agents")))
"""


def test_editor_never_imports_the_agents_sdk(agent_file):
    proc = run_script(CODE, agent_file)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


# The collector is off from the editor's start until its first frame (start-up allocates
# objects that live as long as the process), then on again with what exists frozen.
COLLECTOR = """
import gc, sys, types

seen = []
fake = types.ModuleType("tui.app")
fake.run_app = lambda file: seen.append((gc.isenabled(), file)) or 0
sys.modules["tui.app"] = fake
from runtime.cli import main

main([sys.argv[1]])
print(seen)
del sys.modules["tui.app"]
gc.enable()

from tui.app import AgentBuilderApp

async def painted(pilot):
    await pilot.pause()
    print(gc.isenabled(), gc.get_freeze_count() > 0)
    pilot.app.exit()

gc.disable()  # as the command line leaves it
AgentBuilderApp(sys.argv[1], watch_interval=None).run(headless=True, auto_pilot=painted)
"""


def test_the_collector_is_off_during_start_up_and_back_on_after_the_first_frame(agent_file):
    proc = run_script(COLLECTOR, agent_file)
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == f"[(False, {str(agent_file)!r})]"  # off while the app is imported
    assert lines[-1] == "True True"  # on again after the first frame, start-up frozen


# Then the file read for editing is frozen too (a full pass of the collector over a big
# file's objects would hold up a keystroke); replacing the document (undo) thaws it all,
# so that what the old one left can be collected.
FROZEN_DOCUMENT = """
import gc, sys
from tui.app import AgentBuilderApp

async def edited(pilot):
    app = pilot.app
    while not app.session.editing_ready:
        await pilot.pause()
    await pilot.pause()
    in_passes = {id(o) for o in gc.get_objects()}  # frozen objects are in none
    print(id(app.session.document._edit) not in in_passes)
    app.session.document.get("agent")  # the round-trip layer answers
    app.apply_edit(lambda document: document.set("agent.name", "renamed"), coalesce="name")
    await app.action_undo()
    print(gc.get_freeze_count(), app.session.document.get("agent.name") != "renamed")
    app.exit()

gc.disable()  # as the command line leaves it
AgentBuilderApp(sys.argv[1], watch_interval=None).run(headless=True, auto_pilot=edited)
"""


def test_the_file_read_for_editing_is_kept_out_of_collections_until_it_is_replaced(agent_file):
    proc = run_script(FROZEN_DOCUMENT, agent_file)
    assert proc.stdout.strip().splitlines()[-2:] == ["True", "0 True"]


# What only some files or moments need is not loaded for the first frame (each is a
# millisecond or two of a start-up that is measured against a bare Textual app).
FIRST_FRAME = """
import sys
from tui.app import AgentBuilderApp

async def painted(pilot):
    await pilot.pause()
    print(sorted(m for m in ("tui.three_way", "tui.check_process") if m in sys.modules))
    pilot.app.exit()

AgentBuilderApp(sys.argv[1], watch_interval=None).run(headless=True, auto_pilot=painted)
"""


def test_the_first_frame_loads_neither_the_merge_nor_the_check_process(agent_file):
    proc = run_script(FIRST_FRAME, agent_file)
    assert proc.stdout.strip().splitlines()[-1] == "[]"
