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
# The scripted model the generated tests use, and the real API's contract it enforces.
TEST_SOURCES = (
    RUNTIME_DIR / "testing" / "scripted_llm.py",
    RUNTIME_DIR / "testing" / "openai_contract.py",
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
    ProjectFile("pyproject.toml", "pyproject.toml.j2", "toml"),
    ProjectFile("Dockerfile", "Dockerfile.j2", "dockerfile"),
    ProjectFile(".dockerignore", "dockerignore.j2", "text"),
    ProjectFile(".gitignore", "gitignore.j2", "text"),
    ProjectFile(".env.example", "env.example.j2", "text"),
    ProjectFile("README.md", "README.md.j2", "markdown"),
    ProjectFile("AGENTS.md", "AGENTS.md.j2", "markdown"),
)


@functools.cache
def _copied_sources() -> tuple[tuple[str, str], ...]:
    """(project path, text) of files copied as they are: the support library and the
    scripted model server the generated tests use. Read once per process."""
    files = [
        (f"src/{SUPPORT_PACKAGE}/{p.relative_to(SUPPORT_SOURCE).as_posix()}", p.read_text("utf-8"))
        for p in sorted(SUPPORT_SOURCE.rglob("*.py"))
        if "__pycache__" not in p.parts
    ]
    files += [(f"tests/{p.name}", p.read_text("utf-8")) for p in TEST_SOURCES]
    return tuple(files)


def _encode(text: str) -> bytes:
    # One newline at the end, none doubled: ruff (W391/W292) and people both like it.
    return (text.rstrip("\n") + "\n").encode("utf-8")


def render_files(
    context: dict[str, Any], *, source_text: str, config_name: str
) -> dict[str, bytes]:
    """Every file of the project for a prepared template context, manifest included."""
    sha = config_hash(source_text)
    files: dict[str, bytes] = {}
    for spec in PROJECT_FILES:
        text = render_template(spec.template, spec.syntax, context)
        files[spec.path] = _encode(with_header(text, spec.syntax, sha, config_name))
    for path, text in _copied_sources():
        files[path] = _encode(with_header(text, "python", sha, config_name))
    files[CONFIG_COPY] = source_text.encode("utf-8")
    files = dict(sorted(files.items()))
    files[MANIFEST_PATH] = Manifest.of_files(sha, files).to_bytes()
    return files
