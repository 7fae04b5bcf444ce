import io
import os
import pty
import stat
import sys

from runtime.cli import main

SECRET = "sk-live-abcdefghijklmnop9f"


def run_cli(monkeypatch, capsys, *argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_set_from_stdin_then_list_masks_the_value(agent_dir, monkeypatch, capsys):
    code, out, err = run_cli(monkeypatch, capsys, "secrets", "set", "STORE_API_TOKEN", stdin=SECRET + "\n")
    assert code == 0, err
    assert "sk-…9f" in out and SECRET not in out + err
    path = agent_dir / ".env.local"
    assert path.read_text() == f"STORE_API_TOKEN={SECRET}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    code, out, err = run_cli(monkeypatch, capsys, "secrets", "list")
    assert code == 0
    assert SECRET not in out + err
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:] if line.startswith("  ")}
    assert rows["STORE_API_TOKEN"] == ["sk-…9f", ".env.local", "yes"]
    assert rows["HELP_CENTRE_TOKEN"] == ["-", "missing", "yes"]
    assert "Missing 1 secret(s) the config uses: HELP_CENTRE_TOKEN" in out
    assert "agent-builder secrets set HELP_CENTRE_TOKEN agent.toml" in out


def test_list_shows_environment_values_masked(agent_dir, monkeypatch, capsys):
    monkeypatch.setenv("HELP_CENTRE_TOKEN", "env-token-abcdefghij77")
    code, out, _ = run_cli(monkeypatch, capsys, "secrets", "list")
    assert code == 0
    assert "env-token-abcdefghij77" not in out
    row = next(line for line in out.splitlines() if "HELP_CENTRE_TOKEN" in line)
    assert row.split()[1:] == ["env…77", "environment", "yes"]


def test_set_unused_name_notes_it_and_livekit_names_do_not(agent_dir, monkeypatch, capsys):
    _, out, _ = run_cli(monkeypatch, capsys, "secrets", "set", "OTHER", stdin="value-1234567890")
    assert "does not use {{secrets.OTHER}}" in out
    _, out, _ = run_cli(monkeypatch, capsys, "secrets", "set", "LIVEKIT_API_KEY", stdin="APIkey")
    assert "does not use" not in out


def test_set_refuses_a_bad_name_and_an_empty_value(agent_dir, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "secrets", "set", "bad-name", stdin="x")
    assert code == 2 and "not a valid secret name" in err
    code, _, err = run_cli(monkeypatch, capsys, "secrets", "set", "GOOD", stdin="\n")
    assert code == 2 and "no value given" in err
    assert not (agent_dir / ".env.local").exists()


def test_unset(agent_dir, monkeypatch, capsys):
    run_cli(monkeypatch, capsys, "secrets", "set", "A", stdin="1")
    code, out, _ = run_cli(monkeypatch, capsys, "secrets", "unset", "A")
    assert code == 0 and "Removed A" in out
    code, out, _ = run_cli(monkeypatch, capsys, "secrets", "unset", "A")
    assert code == 1 and "nothing to remove" in out


def test_secrets_file_option_and_other_config_folder(agent_dir, tmp_path, monkeypatch, capsys):
    other = tmp_path / "elsewhere.env"
    code, out, _ = run_cli(
        monkeypatch, capsys, "secrets", "set", "STORE_API_TOKEN", "--secrets-file", str(other),
        stdin=SECRET,
    )
    assert code == 0 and other.read_text() == f"STORE_API_TOKEN={SECRET}\n"
    assert "elsewhere.env" in out
    assert not (agent_dir / ".env.local").exists()


def test_list_warns_about_open_permissions_and_bad_lines(agent_dir, monkeypatch, capsys):
    path = agent_dir / ".env.local"
    path.write_text(f"STORE_API_TOKEN={SECRET}\n{SECRET}\n")
    path.chmod(0o644)
    code, out, err = run_cli(monkeypatch, capsys, "secrets", "list")
    assert code == 0
    assert "line 2: not a NAME=value line" in err
    assert "mode 644" in err and "chmod 600" in err
    assert SECRET not in out + err


def test_list_with_an_unreadable_config_still_lists_the_file(agent_dir, monkeypatch, capsys):
    (agent_dir / "agent.toml").write_text("this is [ not toml")
    run_cli(monkeypatch, capsys, "secrets", "set", "A", stdin="abc")
    code, out, err = run_cli(monkeypatch, capsys, "secrets", "list")
    assert code == 0 and "A " in out and "warning: cannot read" in err


def test_typed_value_is_not_echoed(agent_dir):
    pid, fd = pty.fork()
    if pid == 0:  # child: the CLI on a real terminal
        os.execv(sys.executable, [sys.executable, "-m", "runtime.cli", "secrets", "set", "STORE_API_TOKEN"])
    output = b""
    while b"hidden" not in output:
        output += os.read(fd, 1024)
    os.write(fd, SECRET.encode() + b"\n")
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert SECRET.encode() not in output
    assert b"sk-\xe2\x80\xa69f" in output  # the mask, UTF-8
    assert (agent_dir / ".env.local").read_text() == f"STORE_API_TOKEN={SECRET}\n"
