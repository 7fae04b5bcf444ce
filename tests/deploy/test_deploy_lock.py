"""Deploy builds from uv.lock (`uv sync --locked` in the image): it writes the lock
with uv, or refuses without one and says how to make it."""

from runtime.cli import main
from runtime.codegen import lock
from tests.deploy.helpers import fill_secrets


def test_deploy_locks_the_project_before_lk_sees_it(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    assert main(["deploy", "agent.toml", "--region", "eu-central"]) == 0
    [call] = fake_lk.calls
    assert "uv.lock" in call["files_in_cwd"]
    assert "uv.lock written" in capsys.readouterr().out


def test_without_uv_or_a_lock_deploy_refuses_and_says_how(agent_dir, fake_lk, capsys, monkeypatch):
    monkeypatch.setattr(lock, "find_uv", lambda environ=None: None)
    fill_secrets(agent_dir)
    assert main(["deploy", "agent.toml", "--region", "eu-central"]) == 1
    err = capsys.readouterr().err
    assert fake_lk.calls == []  # nothing reached lk
    assert "uv.lock is missing" in err and "run `uv lock` in" in err
    assert "Nothing was deployed." in err


def test_without_uv_a_current_lock_is_enough(agent_dir, fake_lk, capsys, monkeypatch):
    fill_secrets(agent_dir)
    assert main(["generate", "agent.toml"]) == 0  # uv is here: the lock is written
    monkeypatch.setattr(lock, "find_uv", lambda environ=None: None)
    assert main(["deploy", "agent.toml", "--region", "eu-central"]) == 0
    assert "uv.lock is up to date" in capsys.readouterr().out
    assert len(fake_lk.calls) == 1
