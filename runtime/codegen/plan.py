"""Compare a rendered project with what is on disk, then write it without losing edits.

A file is "edited" when it exists and its bytes match neither the new output nor the
hash the last generation recorded in the manifest: a person changed it (or it was never
ours). Such files block generation unless forced, and the plan shows their diff.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from runtime.codegen.manifest import MANIFEST_PATH, Manifest
from runtime.codegen.provenance import sha256_hex

Status = Literal["create", "update", "unchanged", "edited", "remove"]


@dataclass(frozen=True)
class FileChange:
    path: str
    status: Status
    new: bytes | None  # None: the file goes away
    old: bytes | None  # None: the file does not exist yet
    # For "edited": True when the file is also no longer part of the output.
    obsolete: bool = False

    @property
    def diff(self) -> str:
        """Unified diff from what is on disk to what generation would write."""
        if self.status == "unchanged":
            return ""
        old, new = _lines(self.old), _lines(self.new)
        return "".join(difflib.unified_diff(old, new, f"a/{self.path}", f"b/{self.path}", n=3))


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    text = data.decode("utf-8", errors="replace")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


@dataclass(frozen=True)
class GenerationPlan:
    out_dir: Path
    changes: tuple[FileChange, ...]
    manifest: bytes = field(repr=False, default=b"")

    def by_status(self, *statuses: Status) -> list[FileChange]:
        return [c for c in self.changes if c.status in statuses]

    @property
    def edited(self) -> list[FileChange]:
        return self.by_status("edited")

    @property
    def blocked(self) -> bool:
        return bool(self.edited)

    @property
    def has_changes(self) -> bool:
        return any(c.status != "unchanged" for c in self.changes)

    def diff(self, *statuses: Status) -> str:
        chosen = self.by_status(*statuses) if statuses else self.changes
        return "".join(c.diff for c in chosen)

    def summary(self) -> str:
        counts = {s: len(self.by_status(s)) for s in ("create", "update", "remove", "edited")}
        counts["unchanged"] = len(self.by_status("unchanged"))
        return ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to do"


class GenerationRefused(Exception):
    """Files a person edited would be overwritten; carries the plan with their diffs."""

    def __init__(self, plan: GenerationPlan) -> None:
        self.plan = plan
        names = ", ".join(c.path for c in plan.edited)
        super().__init__(
            f"not overwriting files edited since they were generated: {names} "
            "(review the diff, then regenerate with force to replace them)"
        )


def _read(path: Path) -> bytes | None:
    """A project file's bytes (None: not there). A FIFO, a folder or a loop where a
    generated file goes is `UnreadableFile`, never a wait or a traceback."""
    from runtime.files import read_bytes

    try:
        return read_bytes(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def plan_files(files: dict[str, bytes], out_dir: Path) -> GenerationPlan:
    """What writing `files` (a render, manifest included) into `out_dir` would do."""
    from runtime.files import check_folder

    out_dir = Path(out_dir)
    check_folder(out_dir)
    previous = Manifest.read(out_dir) or Manifest()
    changes: list[FileChange] = []
    for path, new in files.items():
        if path == MANIFEST_PATH:
            continue
        old = _read(out_dir / path)
        if old is None:
            status: Status = "create"
        elif old == new:
            status = "unchanged"
        elif previous.files.get(path) == sha256_hex(old):
            status = "update"
        else:
            status = "edited"
        changes.append(FileChange(path, status, new, old))
    for path in sorted(set(previous.files) - set(files)):
        old = _read(out_dir / path)
        if old is None:
            continue
        untouched = previous.files[path] == sha256_hex(old)
        changes.append(
            FileChange(path, "remove" if untouched else "edited", None, old, obsolete=not untouched)
        )
    return GenerationPlan(out_dir, tuple(changes), files.get(MANIFEST_PATH, b""))


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes 0600 files; keep an existing file's mode, else a normal one
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def apply_plan(plan: GenerationPlan, *, force: bool = False) -> list[FileChange]:
    """Write the plan; returns the changes made. Refuses edited files unless `force`.
    The manifest is written last, so an interrupted run is simply planned again."""
    if plan.blocked and not force:
        raise GenerationRefused(plan)
    done: list[FileChange] = []
    for change in plan.changes:
        target = plan.out_dir / change.path
        if change.status == "unchanged":
            continue
        if change.new is None:
            target.unlink(missing_ok=True)
        else:
            _write_atomic(target, change.new)
        done.append(change)
    if plan.manifest:
        manifest_path = plan.out_dir / MANIFEST_PATH
        if _read(manifest_path) != plan.manifest:
            _write_atomic(manifest_path, plan.manifest)
    return done
