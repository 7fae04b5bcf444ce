import difflib
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def agent_file(tmp_path, monkeypatch) -> Path:
    """A copy of the CONFIG.md example, with comments, in a fresh folder."""
    # Secret statuses depend on the environment: keep what the app shows deterministic.
    for name in ("SHOP_TOKEN", "DOCS_TOKEN", "HOOK_KEY"):
        monkeypatch.delenv(name, raising=False)
    target = tmp_path / "agent.toml"
    shutil.copy(FIXTURES / "front_desk.toml", target)
    return target


def changed_lines(before: str, after: str) -> list[str]:
    """The removed (-) and added (+) lines between two texts."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def make_app(path: Path):
    from tui.app import AgentBuilderApp

    return AgentBuilderApp(path, watch_interval=None)
