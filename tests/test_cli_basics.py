import subprocess
import sys

from runtime import __version__
from runtime.cli import main


def test_version_flag(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert capsys.readouterr().out.strip() == f"agent-builder {__version__}"


def test_headless_cli_never_imports_textual_or_the_sdk():
    code = (
        "import sys; from runtime.cli import build_parser; build_parser(); "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual' or m.startswith('livekit.agents')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
