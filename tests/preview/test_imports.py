"""The editor must start without the SDK: the preview loads it only when it starts."""

import subprocess
import sys


def test_preview_modules_do_not_import_the_sdk_or_textual_needlessly():
    code = (
        "import sys, tui.app, tui.preview.panel, runtime.preview.session, runtime.preview.chat; "
        "bad = [m for m in sys.modules if m.startswith('livekit.agents')]; "
        "import runtime.cli.preview; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
