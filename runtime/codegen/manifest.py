"""`.agent-builder/manifest.json`: what the last generation wrote, to spot files a person
edited since. It is committed with the project (regeneration works on any clone) and is
harmless in the image, so no ignore file mentions it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from runtime.codegen.provenance import GENERATOR, sha256_hex

MANIFEST_PATH = ".agent-builder/manifest.json"


@dataclass(frozen=True)
class Manifest:
    config_sha: str = ""
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256 hex

    def to_bytes(self) -> bytes:
        data = {
            "generator": GENERATOR,
            "config_sha256": self.config_sha,
            "files": dict(sorted(self.files.items())),
        }
        return (json.dumps(data, indent=2, sort_keys=False) + "\n").encode("utf-8")

    @classmethod
    def of_files(cls, config_sha: str, files: dict[str, bytes]) -> Manifest:
        return cls(config_sha, {path: sha256_hex(data) for path, data in files.items()})

    @classmethod
    def read(cls, project_dir: Path) -> Manifest | None:
        """The manifest in `project_dir`, or None when there is none or it is unreadable
        (then every existing file counts as not ours, which is the safe reading)."""
        from runtime.files import read_text

        try:
            data = json.loads(read_text(project_dir / MANIFEST_PATH))
            files = data["files"]
            if not isinstance(files, dict):
                return None
            return cls(
                str(data.get("config_sha256", "")), {str(k): str(v) for k, v in files.items()}
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
