from __future__ import annotations

import json
import subprocess
import sys

from runtime.cli import main
from runtime.config.jsonschema import render_schema
from runtime.config.validate import validate
from tests.config.conftest import EXAMPLES, FULL, REPO


def test_new_writes_a_clean_commented_starter_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "agent.toml"
    assert main(["new", str(path)]) == 0
    text = path.read_text()
    assert text.startswith("#") and validate(text) == []
    path.write_text("mine")
    assert main(["new", str(path)]) == 1
    assert "already exists; not overwriting it" in capsys.readouterr().err
    assert path.read_text() == "mine"


def test_new_from_an_example_copies_it_without_the_relative_schema_line(tmp_path, capsys):
    path = tmp_path / "kiosk.toml"
    assert main(["new", str(path), "--example", "kiosk"]) == 0
    source = (REPO / "examples" / "kiosk" / "agent.toml").read_text()
    assert path.read_text() == source.split("\n", 1)[1]
    assert main(["new", str(tmp_path / "x.toml"), "--example", "nope"]) == 2
    assert "no example named 'nope' (examples: clinic-front-desk, kiosk, store-support)" in (
        capsys.readouterr().err
    )


def test_validate_exit_codes_and_json(tmp_path, capsys):
    assert main(["validate", str(EXAMPLES[0])]) == 0
    assert capsys.readouterr().out.strip() == f"{EXAMPLES[0]}: ok"
    bad = tmp_path / "agent.toml"
    bad.write_text(FULL.replace('name = "front-desk"', 'name = "Front"'))
    assert main(["validate", "--json", str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and report["readable"] is True
    assert report["problems"][0] == {
        "severity": "error",
        "path": "agent.name",
        "message": "'Front' is not valid: lowercase letters, digits and '-', not starting or ending with '-'",
        "line": 4,
        "col": 1,
    }
    bad.write_text("[agent")
    assert main(["validate", "--json", str(bad)]) == 2
    assert json.loads(capsys.readouterr().out)["readable"] is False


def test_schema_command_prints_the_schema(tmp_path, capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == render_schema()
    out = tmp_path / "s.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["properties"]["agent"]["required"] == ["name"]


def test_validate_runs_as_a_process_without_textual_tomlkit_or_the_sdk(tmp_path):
    code = (
        "import sys, runpy; sys.argv = ['agent-builder', 'validate', sys.argv[1]];"
        "from runtime.cli import main; status = main();"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tomlkit') or m.startswith('livekit.agents')];"
        "print(bad); sys.exit(status if not bad else 99)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLES[0])],
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_printed_problems_escape_what_would_drive_the_terminal(tmp_path, capsys):
    from runtime.cli import main

    path = tmp_path / "agent.toml"
    path.write_text('[agent]\nname = "a"\n"evil\\u001b[2J\\nkey" = 1\n[metadata."x\\u009b31m"]\n')
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out
    assert "\\x1b[2J\\nkey" in out and "\\x9b31m" in out
    assert len(out.strip().splitlines()) == 2  # one line per problem
