"""Render a config into the generated project, in memory: {relative path: bytes}.

Pure and deterministic: the same config text gives byte-identical output (no clock, no
environment, no machine paths, sorted everything). Fast enough to run on every save.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runtime.codegen.manifest import MANIFEST_PATH, Manifest
from runtime.codegen.provenance import config_hash, with_header
from runtime.codegen.templating import render_template

RUNTIME_DIR = Path(__file__).resolve().parents[1]
SUPPORT_SOURCE = RUNTIME_DIR / "agent"
# The scripted model the generated tests use, the real API's contract it enforces, and
# the runner of the agent's own entrypoint without a room.
TEST_SOURCES = (
    RUNTIME_DIR / "testing" / "scripted_llm.py",
    RUNTIME_DIR / "testing" / "openai_contract.py",
    RUNTIME_DIR / "testing" / "text_calls.py",
)

# The support library's import name inside generated projects (src/<name>/).
SUPPORT_PACKAGE = "agent_support"
CONFIG_COPY = "agent.toml"


@dataclass(frozen=True)
class ProjectFile:
    path: str  # in the generated project
    template: str  # under templates/project/
    syntax: str  # python | toml | dockerfile | text | markdown


PROJECT_FILES: tuple[ProjectFile, ...] = (
    ProjectFile("src/agent.py", "src/agent.py.j2", "python"),
    ProjectFile("tests/test_agent.py", "tests/test_agent.py.j2", "python"),
    ProjectFile("tests/conftest.py", "tests/conftest.py.j2", "python"),
    ProjectFile("tests/local_server.py", "tests/local_server.py.j2", "python"),
    ProjectFile("pyproject.toml", "pyproject.toml.j2", "toml"),
    ProjectFile("Dockerfile", "Dockerfile.j2", "dockerfile"),
    ProjectFile(".dockerignore", "dockerignore.j2", "text"),
    ProjectFile(".gitignore", "gitignore.j2", "text"),
    ProjectFile(".env.example", "env.example.j2", "text"),
    ProjectFile("README.md", "README.md.j2", "markdown"),
    ProjectFile("AGENTS.md", "AGENTS.md.j2", "markdown"),
    ProjectFile("CLAUDE.md", "CLAUDE.md.j2", "markdown"),
)


@functools.cache
def _source(path: Path) -> str:
    return path.read_text("utf-8")  # read once per process: the preview renders often


def _copied_sources(support_modules: tuple[str, ...]) -> list[tuple[str, str]]:
    """(project path, text) of files copied as they are: the support modules this agent
    uses and the scripted model server the generated tests use."""
    files = [
        (f"src/{SUPPORT_PACKAGE}/{name}.py", _source(SUPPORT_SOURCE / f"{name}.py"))
        for name in support_modules
    ]
    files += [(f"tests/{p.name}", _beside(_source(p))) for p in TEST_SOURCES]
    return files


def _beside(text: str) -> str:
    """A test helper's relative imports, for its copy beside the others in tests/ (which
    is not a package)."""
    return text.replace("\nfrom .", "\nfrom ")


def _encode(text: str) -> bytes:
    # One newline at the end, none doubled: ruff (W391/W292) and people both like it.
    return (text.rstrip("\n") + "\n").encode("utf-8")


def render_files(
    context: dict[str, Any],
    *,
    source_text: str,
    config_name: str,
    extra: dict[str, str | bytes] | None = None,
) -> dict[str, bytes]:
    """Every file of the project for a prepared template context, manifest included.
    `extra`: more files (the scenarios'), Python source as text, others as bytes."""
    sha = config_hash(source_text)
    files: dict[str, bytes] = {}
    for spec in PROJECT_FILES:
        text = render_template(spec.template, spec.syntax, context)
        files[spec.path] = _encode(with_header(text, spec.syntax, sha, config_name))
    for path, text in _copied_sources(context["support_modules"]):
        files[path] = _encode(with_header(text, "python", sha, config_name))
    for path, content in (extra or {}).items():
        files[path] = content if isinstance(content, bytes) else _encode(
            with_header(content, "python", sha, config_name))
    files[CONFIG_COPY] = source_text.encode("utf-8")
    files = dict(sorted(files.items()))
    files[MANIFEST_PATH] = Manifest.of_files(sha, files).to_bytes()
    return files
