"""`agent-builder deploy` end to end: the real code generator, a recording `lk` on PATH."""

import shutil
import stat
from pathlib import Path

from runtime.cli import main
from runtime.dotenv_file import parse
from runtime.secrets import SecretsStore
from tests.deploy.helpers import (
    EXAMPLES,
    HELP_TOKEN,
    OTHER,
    STORE_TOKEN,
    assert_nothing_secret,
    fill_secrets,
)


def the_secrets_file(call: dict) -> tuple[str, dict]:
    [(path, copy)] = call["secrets_files"].items()
    return path, copy


def test_first_deploy_creates_the_agent_and_keeps_livekit_toml(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    assert main(["deploy", "agent.toml", "--region", "eu-central"]) == 0
    out, err = capsys.readouterr()
    assert_nothing_secret(out + err)
    project = agent_dir / "store-support"

    [call] = fake_lk.calls
    path, copy = the_secrets_file(call)
    assert call["argv"] == [
        "agent", "create", "--region", "eu-central", "--secrets-file", path, "--yes"
    ]
    assert call["cwd"] == str(project)
    assert {"Dockerfile", "pyproject.toml", "src", "agent.toml"} <= set(call["files_in_cwd"])
    assert "livekit.toml" not in call["files_in_cwd"]
    assert call["stdin_is_tty"] is False
    # secrets reach lk only through the file, never as its environment
    assert not {"STORE_API_TOKEN", "HELP_CENTRE_TOKEN", "OTHER", "LIVEKIT_API_SECRET"} & set(
        call["env_names"]
    )
    # only what the agent needs, privately, and gone afterwards
    assert parse(copy["text"]) == {
        "STORE_API_TOKEN": STORE_TOKEN, "HELP_CENTRE_TOKEN": HELP_TOKEN, "OTHER": OTHER
    }
    assert copy["mode"] == 0o600
    assert not Path(path).exists() and not Path(path).parent.exists()
    assert not Path(path).is_relative_to(project)

    kept = agent_dir / "livekit.toml"
    assert kept.read_text() == (project / "livekit.toml").read_text()
    assert 'id = "CA_test123"' in kept.read_text()
    assert "Created agent with ID [CA_test123]" in out
    assert "Secrets for the agent: HELP_CENTRE_TOKEN, OTHER, STORE_API_TOKEN" in out
    assert "store-support is deployed" in out


def test_next_deploy_updates_secrets_then_deploys(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    assert main(["deploy"]) == 0
    shutil.rmtree(agent_dir / "store-support")  # the kept livekit.toml is what matters
    assert main(["deploy", "--region", "us-east"]) == 0
    out, err = capsys.readouterr()
    assert_nothing_secret(out + err)
    create, update, deploy = fake_lk.calls
    assert create["argv"][1] == "create"
    path, copy = the_secrets_file(update)
    assert update["argv"] == ["agent", "update-secrets", "--secrets-file", path, "--yes"]
    assert set(parse(copy["text"])) == {"STORE_API_TOKEN", "HELP_CENTRE_TOKEN", "OTHER"}
    assert copy["mode"] == 0o600
    assert deploy["argv"] == ["agent", "deploy", "--yes"]
    for call in (update, deploy):
        assert call["cwd"] == str(agent_dir / "store-support")
        assert call["livekit_toml"] == (agent_dir / "livekit.toml").read_text()
    assert "--region applies only when the agent is first created" in out
    # lk's progress bar arrives as separate lines
    assert "[=====     ] 50%\n[==========] 100%\nDeployed agent" in out


def test_agent_without_secrets_skips_update_secrets(tmp_path, fake_lk, monkeypatch, capsys):
    config = tmp_path / "agent.toml"
    config.write_text((EXAMPLES / "kiosk" / "agent.toml").read_text())
    (tmp_path / "livekit.toml").write_text('[project]\nsubdomain = "demo"\n\n[agent]\nid = "CA_k"\n')
    assert main(["deploy", str(config)]) == 0
    [call] = fake_lk.calls
    assert call["argv"] == ["agent", "deploy", "--yes"]
    assert call["cwd"] == str(tmp_path / "museum-kiosk")


def test_missing_secret_stops_before_anything_happens(agent_dir, fake_lk, capsys):
    SecretsStore(agent_dir / ".env.local").set("STORE_API_TOKEN", STORE_TOKEN)
    assert main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert "HELP_CENTRE_TOKEN" in err and "Nothing was deployed" in err
    assert "agent-builder secrets set HELP_CENTRE_TOKEN agent.toml" in err
    assert fake_lk.calls == []
    assert not (agent_dir / "store-support").exists()


def test_secret_from_the_environment_is_sent_too(agent_dir, fake_lk, monkeypatch, capsys):
    monkeypatch.setenv("STORE_API_TOKEN", STORE_TOKEN)
    monkeypatch.setenv("HELP_CENTRE_TOKEN", HELP_TOKEN)
    assert main(["deploy"]) == 0
    _, copy = the_secrets_file(fake_lk.calls[0])
    assert parse(copy["text"]) == {"STORE_API_TOKEN": STORE_TOKEN, "HELP_CENTRE_TOKEN": HELP_TOKEN}


def test_failed_create_keeps_nothing_and_passes_the_exit_code(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    fake_lk.fail("agent create", exit_code=4)
    assert main(["deploy"]) == 4
    out, err = capsys.readouterr()
    assert "unable to agent create: unauthenticated" in out
    assert "`lk agent create --secrets-file" in err and "failed (exit 4)" in err
    assert "lk cloud auth" in err
    assert not (agent_dir / "livekit.toml").exists()


def test_failed_secret_update_does_not_deploy(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    assert main(["deploy"]) == 0
    fake_lk.fail("agent update-secrets")
    assert main(["deploy"]) == 1
    assert [c["argv"][1] for c in fake_lk.calls] == ["create", "update-secrets"]


def test_without_lk_nothing_is_generated(agent_dir, no_lk, capsys):
    fill_secrets(agent_dir)
    assert main(["deploy"]) == 127
    err = capsys.readouterr().err
    assert "brew install livekit-cli" in err and "lk cloud auth" in err
    assert not (agent_dir / "store-support").exists()


def test_secret_values_lk_prints_are_redacted(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    fake_lk.echo_secrets()
    assert main(["deploy"]) == 0
    out, err = capsys.readouterr()
    assert "STORE_API_TOKEN=[secret STORE_API_TOKEN]" in out
    assert_nothing_secret(out + err)


def test_edited_project_file_blocks_deploy_until_forced(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    assert main(["deploy"]) == 0
    agent_py = agent_dir / "store-support" / "src" / "agent.py"
    agent_py.write_text(agent_py.read_text() + "\n# my tweak\n")
    assert main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert "src/agent.py" in err and "--force" in err
    assert len(fake_lk.calls) == 1
    assert main(["deploy", "--force"]) == 0
    assert "# my tweak" not in agent_py.read_text()
    assert [c["argv"][1] for c in fake_lk.calls] == ["create", "update-secrets", "deploy"]


def test_invalid_config_is_reported_with_its_location(agent_dir, fake_lk, capsys):
    (agent_dir / "agent.toml").write_text('version = 1\n[agent]\nname = "Bad Name"\n')
    assert main(["deploy"]) == 2
    assert "agent.toml:3" in capsys.readouterr().err
    assert fake_lk.calls == []


def test_custom_secrets_file_and_out_dir(agent_dir, fake_lk, tmp_path, capsys):
    store = SecretsStore(tmp_path / "prod.env")
    store.set("STORE_API_TOKEN", STORE_TOKEN)
    store.set("HELP_CENTRE_TOKEN", HELP_TOKEN)
    out_dir = tmp_path / "ship"
    assert main(["deploy", "--secrets-file", str(store.path), "--out", str(out_dir)]) == 0
    [call] = fake_lk.calls
    assert call["cwd"] == str(out_dir)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_value_lk_would_misread_is_refused_by_name(agent_dir, fake_lk, capsys):
    store = fill_secrets(agent_dir)
    store.set("OTHER", "it's \"quoted\"")
    assert main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert "cannot read these values from a secrets file: OTHER" in err
    assert "it's" not in err
    assert fake_lk.calls == []


def test_dry_run_shows_the_plan_and_changes_nothing(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    assert main(["deploy", "--dry-run", "--region", "us-east"]) == 0
    out, err = capsys.readouterr()
    assert_nothing_secret(out + err)
    project = agent_dir / "store-support"
    assert f"{project}: would " in out and " create" in out
    assert f"Would run in {project}: lk agent create --region us-east --secrets-file " in out
    assert "nothing was written, sent or deployed" in out
    assert fake_lk.calls == [] and not project.exists()
    # after a real first deploy the plan is update-secrets then deploy
    assert main(["deploy"]) == 0
    capsys.readouterr()
    assert main(["deploy", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "lk agent update-secrets --secrets-file" in out and "lk agent deploy --yes" in out
    assert len(fake_lk.calls) == 1


def test_dry_run_without_lk_says_a_deploy_would_stop(agent_dir, no_lk, capsys):
    fill_secrets(agent_dir)
    assert main(["deploy", "--dry-run"]) == 0
    assert "lk is not on PATH" in capsys.readouterr().out


def test_a_kept_livekit_toml_that_is_not_a_file_is_an_error_not_a_traceback(agent_dir, fake_lk, capsys):
    fill_secrets(agent_dir)
    (agent_dir / "livekit.toml").mkdir()
    assert main(["deploy"]) == 1
    assert "deploy stopped:" in capsys.readouterr().err
