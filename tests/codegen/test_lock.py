"""uv.lock: written by `generate` when uv is installed, kept as it is while the
dependencies stay the same, rewritten when they change, skipped (with a message and
without the network) when uv is missing. Locks resolve against stub wheels on disk
(tests/package_index.py)."""

from __future__ import annotations

import tomllib

import pytest

from runtime.cli import main
from runtime.codegen import lock
from runtime.codegen.lock import lock_project, lock_state
from tests.codegen.conftest import EVERYTHING, EXAMPLES

KIOSK = next(p for p in EXAMPLES if p.parent.name == "kiosk")


@pytest.fixture
def no_uv(monkeypatch):
    monkeypatch.setattr(lock, "find_uv", lambda environ=None: None)


def test_generate_writes_the_lock_and_keeps_it_while_nothing_changes(tmp_path, capsys):
    out = tmp_path / "project"
    assert main(["generate", str(KIOSK), "-o", str(out)]) == 0
    assert "uv.lock written" in capsys.readouterr().out
    first = (out / "uv.lock").read_bytes()
    locked = tomllib.loads(first.decode())
    assert {p["name"] for p in locked["package"]} >= {"museum-kiosk", "livekit-agents", "httpx"}
    assert lock_state(out) == "current"

    assert main(["generate", str(KIOSK), "-o", str(out)]) == 0
    assert "uv.lock is up to date" in capsys.readouterr().out
    assert (out / "uv.lock").read_bytes() == first


def test_new_dependencies_make_the_lock_stale_and_generate_relocks(tmp_path, capsys):
    config = tmp_path / "agent.toml"
    config.write_text(KIOSK.read_text(encoding="utf-8"))
    out = tmp_path / "project"
    assert main(["generate", str(config), "-o", str(out)]) == 0
    # an MCP server: livekit-agents[mcp] joins the dependencies
    config.write_text(
        config.read_text() + '\n[[tools.mcp]]\nname = "docs"\nurl = "https://mcp.example.com/mcp"\n'
    )
    assert main(["generate", str(config), "-o", str(out), "--no-lock"]) == 0
    assert lock_state(out) == "stale"
    assert main(["generate", str(config), "-o", str(out)]) == 0
    assert "uv.lock written" in capsys.readouterr().out
    assert lock_state(out) == "current"
    assert "mcp" in (out / "uv.lock").read_text()


def test_without_uv_generate_skips_the_lock_and_says_how(tmp_path, capsys, no_uv):
    out = tmp_path / "project"
    assert main(["generate", str(EVERYTHING), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert not (out / "uv.lock").exists()
    assert "uv.lock not written: uv is not installed" in captured.err
    assert f"run `uv lock` in {out}" in captured.err
    assert lock_state(out) == "missing"


def test_a_lock_uv_cannot_make_is_reported_not_fatal(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("UV_FIND_LINKS", str(tmp_path / "no-wheels-here"))
    out = tmp_path / "project"
    assert main(["generate", str(KIOSK), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "uv.lock not written: `uv lock` failed" in err and "run it in" in err
    assert not (out / "uv.lock").exists()


def test_lock_state_reads_requirements_as_uv_records_them(tmp_path):
    out = tmp_path / "project"
    assert main(["generate", str(EVERYTHING), "-o", str(out)]) == 0
    assert lock_state(out) == "current"
    pyproject = out / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('"httpx>=0.27,<1"', '"httpx>=0.28,<1"'))
    assert lock_state(out) == "stale"
    pyproject.write_text(text.replace('"pytest>=8",', '"pytest>=8",\n    "hypothesis",'))
    assert lock_state(out) == "stale"  # the dev group counts too
    (out / "uv.lock").write_text("not toml [")
    assert lock_state(out) == "stale"


def test_lock_project_without_uv_touches_nothing(tmp_path, no_uv):
    result = lock_project(tmp_path)
    assert result.status == "skipped" and not result.ok
    assert list(tmp_path.iterdir()) == []
