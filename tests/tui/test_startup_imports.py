"""The editor starts without the LiveKit Agents SDK: it is loaded only by the preview."""

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
