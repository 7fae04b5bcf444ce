from pathlib import Path

import pytest

from runtime.deploy import lk


def test_lk_is_found_on_path(fake_lk):
    assert lk.find_lk() == str(fake_lk.bin_dir / "lk")


def test_missing_lk_explains_install_and_auth(no_lk):
    with pytest.raises(lk.LkNotFound) as caught:
        lk.find_lk()
    text = str(caught.value)
    assert "brew install livekit-cli" in text and "winget install LiveKit.LiveKitCLI" in text
    assert "lk cloud auth" in text


def test_explicit_path_wins_over_path(fake_lk, tmp_path):
    other = tmp_path / "my-lk"
    other.write_text("#!/bin/sh\n")
    other.chmod(0o755)
    assert lk.find_lk({"AGENT_BUILDER_LK": str(other), "PATH": str(fake_lk.bin_dir)}) == str(other)


def test_explicit_path_that_is_not_executable_is_named(tmp_path):
    plain = tmp_path / "lk.txt"
    plain.write_text("")
    with pytest.raises(lk.LkNotFound, match="AGENT_BUILDER_LK is set to .*lk.txt"):
        lk.find_lk({"AGENT_BUILDER_LK": str(plain), "PATH": ""})


def test_command_lines():
    project, secrets = Path("/p"), Path("/s/secrets.env")
    assert lk.create_agent(project, "eu-central", secrets).args == (
        "agent", "create", "--region", "eu-central", "--secrets-file", "/s/secrets.env", "--yes"
    )
    assert lk.create_agent(project, None, secrets).args == (
        "agent", "create", "--secrets-file", "/s/secrets.env", "--yes"
    )
    assert lk.deploy_agent(project).display() == "lk agent deploy --yes"
    assert lk.update_secrets(project, secrets).cwd == project
    assert lk.agent_logs(project, "build").argv("/bin/lk") == [
        "/bin/lk", "agent", "logs", "--log-type", "build"
    ]
    with pytest.raises(ValueError, match="log type must be one of deploy, build"):
        lk.agent_logs(project, "runtime")


def test_an_lk_that_cannot_start_is_reported(agent_dir, tmp_path, monkeypatch, capsys):
    from runtime.cli import main
    from tests.deploy.helpers import KEPT_TOML

    broken = tmp_path / "lk"
    broken.write_text("#!/nonexistent/interpreter\n")
    broken.chmod(0o755)
    monkeypatch.setenv("AGENT_BUILDER_LK", str(broken))
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    assert main(["status"]) == 126
    assert f"could not start {broken}" in capsys.readouterr().err
