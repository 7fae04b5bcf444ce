"""The few things the preview itself reads from agent.toml.

Everything the agent *does* comes from the generated project; the preview only needs
the mock metadata, the data-collection fields (to show them filling in and to check the
POST), the summary settings (for "Generate summary") and the referenced secrets.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime.preview.errors import PreviewError

_SECRET_REF = re.compile(r"\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class ConfigUnreadable(PreviewError):
    """The agent file cannot be read; the message says where and why."""


@dataclass
class PreviewConfig:
    name: str = "agent"
    metadata_examples: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, bool] = field(default_factory=dict)  # name -> multiple answers
    data_collection: bool = False
    summary: dict[str, Any] = field(default_factory=dict)
    referenced_secrets: set[str] = field(default_factory=set)


def read_preview_config(path: str | Path) -> PreviewConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigUnreadable(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigUnreadable(f"{path} is not valid TOML: {exc}") from exc
    examples = {
        key: spec["example"]
        for key, spec in (data.get("metadata") or {}).items()
        if isinstance(spec, dict) and "example" in spec
    }
    collection = data.get("data_collection") or {}
    return PreviewConfig(
        name=str((data.get("agent") or {}).get("name") or "agent"),
        metadata_examples=examples,
        fields={
            str(f.get("name")): bool(f.get("multiple", False))
            for f in collection.get("fields") or []
            if isinstance(f, dict) and f.get("name")
        },
        data_collection=bool(collection.get("enabled", False)),
        summary=dict((data.get("call_ending") or {}).get("summary") or {}),
        referenced_secrets=set(_SECRET_REF.findall(text)),
    )
