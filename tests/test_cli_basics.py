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


def test_a_subcommand_declares_only_itself():
    # The editor starts through `main`: declaring every other subcommand imported their
    # modules (secrets, deploy helpers) before the first frame.
    code = (
        "import sys; from runtime.cli import main\n"
        "try:\n    main(['validate', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('runtime.cli.')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert "usage: agent-builder validate" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "['runtime.cli.validate']"


def test_top_level_help_still_lists_every_subcommand(capsys):
    try:
        main(["--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out
    for name in ("edit", "serve", "validate", "generate", "secrets", "deploy", "token"):
        assert name in out
