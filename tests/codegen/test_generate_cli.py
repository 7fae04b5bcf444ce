"""`agent-builder generate`: writes the project, plans dry runs, never loses an edit."""

from __future__ import annotations

import shutil

from runtime.cli import main
from runtime.codegen.manifest import MANIFEST_PATH
from tests.codegen.conftest import EXAMPLES


def _copy_example(tmp_path):
    source = next(p for p in EXAMPLES if p.parent.name == "store-support")
    config = tmp_path / "agent.toml"
    shutil.copyfile(source, config)
    return config


def test_default_directory_is_named_after_the_agent_beside_the_config(tmp_path, capsys):
    config = _copy_example(tmp_path)
    assert main(["generate", str(config)]) == 0
    project = tmp_path / "store-support"
    assert (project / "src" / "agent.py").is_file()
    assert (project / MANIFEST_PATH).is_file()
    out = capsys.readouterr().out.splitlines()
    assert " create  src/agent.py" in out
    assert any(line.startswith(f"{project}: ") and "create" in line for line in out)
    assert out[-1] == f"{project}: uv.lock written"


def test_regenerating_unchanged_config_changes_nothing(tmp_path, capsys):
    config = _copy_example(tmp_path)
    main(["generate", str(config), "-o", str(tmp_path / "p")])
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "p").rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["generate", str(config), "-o", str(tmp_path / "p")]) == 0
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "p").rglob("*") if p.is_file()}
    assert before == after
    assert "unchanged" in capsys.readouterr().out


def test_dry_run_writes_nothing(tmp_path, capsys):
    config = _copy_example(tmp_path)
    assert main(["generate", str(config), "-o", str(tmp_path / "p"), "--dry-run"]) == 0
    assert not (tmp_path / "p").exists()
    assert "dry run" in capsys.readouterr().out


def test_edited_file_is_refused_with_its_diff_then_forced(tmp_path, capsys):
    config = _copy_example(tmp_path)
    out_dir = tmp_path / "p"
    main(["generate", str(config), "-o", str(out_dir)])
    agent_py = out_dir / "src" / "agent.py"
    edited = agent_py.read_text().replace("AGENT_NAME = ", "# my change\nAGENT_NAME = ")
    agent_py.write_text(edited)
    config.write_text(config.read_text().replace("Confirm before", "Always confirm before"))
    capsys.readouterr()

    assert main(["generate", str(config), "-o", str(out_dir)]) == 1
    captured = capsys.readouterr()
    assert "EDITED  src/agent.py" in captured.out
    diff = captured.err.splitlines()
    assert "-# my change" in diff
    assert any(line.startswith("+") and "Always confirm before" in line for line in diff)
    assert "src/agent.py" in captured.err and "force" in captured.err
    assert agent_py.read_text() == edited  # nothing lost
    assert "Always confirm" not in (out_dir / "agent.toml").read_text()  # nothing written

    assert main(["generate", str(config), "-o", str(out_dir), "--force"]) == 0
    assert "# my change" not in agent_py.read_text()
    assert "Always confirm before" in agent_py.read_text()


def test_diff_option_prints_every_change(tmp_path, capsys):
    config = _copy_example(tmp_path)
    main(["generate", str(config), "-o", str(tmp_path / "p")])
    config.write_text(config.read_text().replace("digit by digit", "slowly"))
    capsys.readouterr()
    assert main(["generate", str(config), "-o", str(tmp_path / "p"), "--diff", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+++ b/src/agent.py" in out and "+Read order numbers back slowly. Use" in out
    assert "digit by digit" in (tmp_path / "p" / "src" / "agent.py").read_text()


def test_invalid_config_is_a_clear_error_and_writes_nothing(tmp_path, capsys):
    config = tmp_path / "agent.toml"
    config.write_text('version = 1\n[agent]\nname = "Bad Name"\n')
    assert main(["generate", str(config), "-o", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "agent.name" in err and ":3:" in err
    assert not (tmp_path / "p").exists()


def test_unreadable_config_is_a_clear_error(tmp_path, capsys):
    assert main(["generate", str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml" in capsys.readouterr().err


def test_regenerating_a_projects_own_agent_file_updates_the_project_in_place(tmp_path):
    config = _copy_example(tmp_path)
    main(["generate", str(config), "-o", str(tmp_path / "p")])
    own = tmp_path / "p" / "agent.toml"
    own.write_text(own.read_text().replace("digit by digit", "slowly"))
    assert main(["generate", str(own)]) == 0
    assert "back slowly" in (tmp_path / "p" / "src" / "agent.py").read_text()
    assert not (tmp_path / "p" / "store-support").exists()


def test_unwritable_destination_is_a_clear_error(tmp_path, capsys):
    config = _copy_example(tmp_path)
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    assert main(["generate", str(config), "-o", str(blocker)]) == 2
    assert "cannot write the project" in capsys.readouterr().err
    assert blocker.read_text() == "a file, not a folder"


def test_a_tool_named_like_a_built_in_one_is_refused_clearly(tmp_path, capsys):
    config = tmp_path / "agent.toml"
    config.write_text(
        'version = 1\n[agent]\nname = "clash"\ninstructions = "x"\n'
        '[data_collection]\nenabled = true\n'
        '[[data_collection.fields]]\nname = "email"\ndescription = "Email"\n'
        '[[tools.client]]\nname = "record_email"\ndescription = "clash"\n'
    )
    assert main(["generate", str(config), "-o", str(tmp_path / "p")]) == 2
    assert "tools.client[0].name: 'record_email'" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
