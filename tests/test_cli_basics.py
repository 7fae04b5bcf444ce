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


def test_a_plain_editor_start_skips_the_argument_parser():
    # `agent-builder FILE` and `agent-builder edit FILE` are the usual start: building the
    # parser (argparse and gettext imports) delayed the first frame for nothing to parse.
    code = (
        "import sys\n"
        "import runtime.cli.edit as edit\n"
        "edit.open_editor = lambda file: print('open', file) or 0\n"
        "from runtime.cli import main\n"
        "for argv in (['mine.toml'], ['edit', 'mine.toml'], [], ['edit']):\n"
        "    main(argv)\n"
        "print('argparse' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert proc.stdout.splitlines() == ["open mine.toml", "open mine.toml", "open agent.toml",
                                        "open agent.toml", "False"]


def test_options_and_help_still_go_through_the_parser(capsys):
    from runtime.cli import edit

    assert edit.plain_file(["edit", "--help"]) is None
    assert edit.plain_file(["edit", "a.toml", "b.toml"]) is None
    assert edit.plain_file(["validate", "a.toml"]) is None
    try:
        main(["edit", "--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert "agent file (default: ./agent.toml)" in capsys.readouterr().out


def test_top_level_help_still_lists_every_subcommand(capsys):
    try:
        main(["--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out
    for name in ("edit", "serve", "validate", "generate", "secrets", "deploy", "token"):
        assert name in out
