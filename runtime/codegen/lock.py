"""`uv.lock` for a generated project: the exact versions its image installs.

The Dockerfile (like `lk agent dockerfile`'s) builds with `uv sync --locked`, so a
project without a current `uv.lock` does not build. The lock is not part of the
deterministic render (it depends on what the package index holds the day it is made):
`agent-builder generate` writes it with `uv lock` when uv is installed, and `uv lock`
keeps every pin of an existing lock that still satisfies `pyproject.toml`, so
regenerating changes it only when the dependencies change. Without uv nothing touches
the network: the lock is skipped with a message, and `deploy` refuses until it exists.

    lock_project(project_dir) -> LockResult   # "current" | "written" | "skipped" | "failed"
    lock_state(project_dir) -> "current" | "missing" | "stale"   # without running uv
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

LOCK_FILE = "uv.lock"
LOCK_TIMEOUT_S = 300.0
INSTALL_UV = "https://docs.astral.sh/uv/getting-started/installation/"

LockStatus = Literal["current", "written", "skipped", "failed"]


@dataclass(frozen=True)
class LockResult:
    status: LockStatus
    message: str

    @property
    def ok(self) -> bool:
        return self.status in ("current", "written")


def find_uv(environ: Mapping[str, str] | None = None) -> str | None:
    """uv on PATH, else the one installed beside this interpreter (`pip install uv`)."""
    environ = os.environ if environ is None else environ
    found = shutil.which("uv", path=environ.get("PATH"))
    if found:
        return found
    beside = Path(sys.executable).with_name("uv")
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def how_to_lock(project_dir: Path) -> str:
    return f"install uv ({INSTALL_UV}) and run `uv lock` in {project_dir}"


def _uv_env(environ: Mapping[str, str]) -> dict[str, str]:
    # never download an interpreter, never draw a progress bar into our output
    return {**environ, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"}


def _run_uv(uv: str, args: list[str], project_dir: Path, environ: Mapping[str, str]):
    return subprocess.run(
        [uv, *args, "--python", sys.executable],
        cwd=project_dir,
        env=_uv_env(environ),
        capture_output=True,
        text=True,
        timeout=LOCK_TIMEOUT_S,
        check=False,
    )


def _why(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("Using CPython")]
    return " ".join(lines[-3:]) or "uv gave no reason"


def lock_project(
    project_dir: str | os.PathLike[str],
    *,
    uv: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> LockResult:
    """Make `uv.lock` current for the project's `pyproject.toml` (see above)."""
    project_dir = Path(project_dir)
    environ = os.environ if environ is None else environ
    uv = uv or find_uv(environ)
    lock = project_dir / LOCK_FILE
    if uv is None:
        return LockResult(
            "skipped",
            f"{LOCK_FILE} not written: uv is not installed; {how_to_lock(project_dir)} "
            "before deploying",
        )
    try:
        if (
            lock.is_file()
            and _run_uv(uv, ["lock", "--check", "--offline"], project_dir, environ).returncode == 0
        ):
            return LockResult("current", f"{LOCK_FILE} is up to date")
        done = _run_uv(uv, ["lock"], project_dir, environ)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return LockResult("failed", f"{LOCK_FILE} not written: uv could not run ({exc})")
    if done.returncode != 0:
        return LockResult(
            "failed",
            f"{LOCK_FILE} not written: `uv lock` failed: {_why(done.stderr)}; run it in "
            f"{project_dir} once that is fixed",
        )
    return LockResult("written", f"{LOCK_FILE} written")


_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*([^;]*?)\s*$")


def _normal_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_key(name: str, extras: list[str], specifier: str) -> tuple:
    parts = sorted(p.strip() for p in specifier.split(",") if p.strip())
    return (_normal_name(name), tuple(sorted(e.strip() for e in extras if e.strip())), tuple(parts))


def _from_pyproject(requirement: str) -> tuple | None:
    match = _REQUIREMENT.match(requirement)
    if match is None or ";" in requirement:
        return None
    name, extras, specifier = match.groups()
    return _requirement_key(name, (extras or "").split(","), specifier)


def lock_state(project_dir: str | os.PathLike[str]) -> Literal["current", "missing", "stale"]:
    """Whether `uv.lock` locks what `pyproject.toml` asks for, read without uv (so
    `deploy` can tell on a machine that has none): the project's own entry in the lock
    records the requirements it was made from."""
    project_dir = Path(project_dir)
    try:
        lock = tomllib.loads((project_dir / LOCK_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "missing"
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "stale"
    try:
        project = tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))
        name = _normal_name(project["project"]["name"])
        asked = {
            "": project["project"].get("dependencies", []),
            **project.get("dependency-groups", {}),
        }
    except (OSError, KeyError, TypeError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "stale"
    entry = next(
        (p for p in lock.get("package", []) if _normal_name(str(p.get("name", ""))) == name),
        None,
    )
    if entry is None:
        return "stale"
    metadata = entry.get("metadata", {})
    locked = {"": metadata.get("requires-dist", []), **metadata.get("requires-dev", {})}
    for group in set(asked) | set(locked):
        wanted = {_from_pyproject(r) for r in asked.get(group, [])}
        if None in wanted:
            return "stale"  # a requirement this check cannot read: let uv decide
        have = {
            _requirement_key(r["name"], r.get("extras", []), r.get("specifier", ""))
            for r in locked.get(group, [])
        }
        if wanted != have:
            return "stale"
    return "current"
