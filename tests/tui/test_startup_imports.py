"""How the editor starts: without the LiveKit Agents SDK (loaded only by the preview), and
without garbage collection until its first frame."""

import subprocess
import sys

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
    proc = subprocess.run(
        [sys.executable, "-c", CODE, str(agent_file)],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
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
    proc = subprocess.run(
        [sys.executable, "-c", COLLECTOR, str(agent_file)],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == f"[(False, {str(agent_file)!r})]"  # off while the app is imported
    assert lines[-1] == "True True"  # on again after the first frame, start-up frozen
