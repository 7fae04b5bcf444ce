"""Generate the deployable LiveKit agent project from an agent file.

    render_project(config, source_text=...) -> {relative path: bytes}   pure, fast
    plan_generation(config_path, out_dir=None) -> GenerationPlan        what would change
    generate_project(config_path, out_dir=None, force=False) -> GenerationResult

The plan lists every file as create / update / unchanged / edited / remove, with a
unified diff each (`plan.diff()`); `generate_project` raises `GenerationRefused` (which
carries the plan) when files a person edited since the last generation would be
overwritten, unless `force`. Loading errors are the config package's `ConfigError`s.

Nothing here imports livekit.agents or Textual: the preview regenerates on every save.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runtime.codegen.context import build_context
from runtime.codegen.manifest import MANIFEST_PATH
from runtime.codegen.plan import (
    FileChange,
    GenerationPlan,
    GenerationRefused,
    apply_plan,
    plan_files,
)
from runtime.codegen.render import CONFIG_COPY, render_files

__all__ = [
    "FileChange",
    "GenerationPlan",
    "GenerationRefused",
    "GenerationResult",
    "default_out_dir",
    "generate_project",
    "load_for_generation",
    "plan_generation",
    "render_project",
]


def render_project(config: Any, *, source_text: str, tests_text: str | None = None) -> dict[str, bytes]:
    """Every file of the project for a loaded `AgentConfig` and the exact text it was
    loaded from (copied as `agent.toml`, hashed into each file's header); with the text
    of its scenario file, the scenarios' files too (`runtime/scenarios/project_files.py`)."""
    from runtime.scenarios.project_files import scenario_files

    return render_files(
        build_context(config, config_name=CONFIG_COPY),
        source_text=source_text,
        config_name=CONFIG_COPY,
        extra=scenario_files(tests_text, source_text),
    )


def _tests_text(config_path: str | os.PathLike[str]) -> str | None:
    """The agent's scenario file (NAME.tests.toml beside NAME.toml), if it has one."""
    from runtime.config.document import read_text
    from runtime.scenarios.suite import tests_path_for

    path = tests_path_for(Path(config_path))
    return read_text(path) if path.is_file() else None


def load_for_generation(config_path: str | os.PathLike[str]) -> tuple[Any, str]:
    """(validated AgentConfig, the file's exact text), read once so the two agree.
    Parsed with the standard library: generation never edits, so tomlkit isn't needed."""
    import tomllib

    from runtime.config.document import read_text
    from runtime.config.errors import ConfigInvalidError
    from runtime.config.model import AgentConfig
    from runtime.config.validate import has_errors, validate

    text = read_text(config_path)
    problems = validate(text)
    if has_errors(problems):
        raise ConfigInvalidError(str(config_path), problems)
    return AgentConfig.from_dict(tomllib.loads(text)), text


def default_out_dir(config_path: str | os.PathLike[str], config: Any) -> Path:
    """`<agent name>/` beside the config file; the config's own folder when that is a
    generated project already (its `agent.toml` being edited and regenerated in place)."""
    folder = Path(config_path).resolve().parent
    if (folder / MANIFEST_PATH).is_file():
        return folder
    return folder / config.agent.name


def plan_generation(
    config_path: str | os.PathLike[str], out_dir: str | os.PathLike[str] | None = None
) -> GenerationPlan:
    config, text = load_for_generation(config_path)
    target = Path(out_dir) if out_dir is not None else default_out_dir(config_path, config)
    files = render_project(config, source_text=text, tests_text=_tests_text(config_path))
    return plan_files(files, target)


@dataclass(frozen=True)
class GenerationResult:
    """What a generation did; iterating it (and `len`) gives the files it changed."""

    plan: GenerationPlan
    written: tuple[FileChange, ...]  # created, updated and removed files

    @property
    def out_dir(self) -> Path:
        return self.plan.out_dir

    def __iter__(self) -> Iterator[FileChange]:
        return iter(self.written)

    def __len__(self) -> int:
        return len(self.written)


def generate_project(
    config_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
) -> GenerationResult:
    plan = plan_generation(config_path, out_dir)
    return GenerationResult(plan, tuple(apply_plan(plan, force=force)))
