"""Fixtures of the code generator's tests: the agent files to generate from."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.codegen import load_for_generation, render_project

REPO = Path(__file__).resolve().parents[2]
EVERYTHING = Path(__file__).parent / "configs" / "everything.toml"
EXAMPLES = sorted(REPO.glob("examples/*/agent.toml"))
ALL_CONFIGS = [*EXAMPLES, EVERYTHING]


def config_id(path: Path) -> str:
    return path.parent.name if path.name == "agent.toml" else path.stem


@pytest.fixture(params=ALL_CONFIGS, ids=config_id)
def config_path(request) -> Path:
    return request.param


def rendered(path: Path) -> dict[str, bytes]:
    config, text = load_for_generation(path)
    return render_project(config, source_text=text)
