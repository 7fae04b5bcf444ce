"""The few things the preview itself reads from agent.toml, via the config foundation.

Everything the agent *does* comes from the generated project; the preview only needs
the mock metadata, the data-collection fields (to show them filling in and to check the
POST), the summary settings (for "Generate summary") and the referenced secrets (to
mask their values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime.preview.errors import PreviewError


class ConfigUnreadable(PreviewError):
    """The agent file cannot be loaded; the message lists where and why."""


@dataclass
class PreviewConfig:
    name: str = "agent"
    metadata_examples: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, bool] = field(default_factory=dict)  # name -> multiple answers
    data_collection: bool = False
    greeting: bool = False  # the agent speaks first
    summary: dict[str, Any] = field(default_factory=dict)
    referenced_secrets: set[str] = field(default_factory=set)


def read_preview_config(path: str | Path) -> PreviewConfig:
    from runtime.config.errors import ConfigError
    from runtime.config.model import load_config

    try:
        config = load_config(path)
    except ConfigError as exc:
        raise ConfigUnreadable(str(exc)) from exc
    summary = config.call_ending.summary
    return PreviewConfig(
        name=config.agent.name,
        metadata_examples=config.metadata_example(),
        fields={f.name: f.multiple for f in config.data_collection.fields},
        data_collection=config.data_collection.enabled,
        greeting=config.greeting.enabled,
        summary={
            "llm": summary.llm,
            "thinking_effort": summary.thinking_effort,
            "instructions": summary.instructions,
        },
        referenced_secrets=set(config.secret_names),
    )
