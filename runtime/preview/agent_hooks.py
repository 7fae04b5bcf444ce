"""What the preview changes in a generated agent, applied from outside its code.

A generated `src/agent.py` knows nothing of the preview: deployed with any environment,
it behaves as production. The preview runs a small module of its own instead, written
into its build folder beside agent.py (`write_preview_entrypoint`), which imports the
agent and hands the SDK's console this changed server:

- sessions are text only from the start (`runtime.testing.text_calls`), with every
  other production option kept; no VAD is loaded;
- the job, which has no metadata in console mode, gets the preview's mock metadata;
- the end-of-call report goes to the preview's inbox.

The values come from the environment the preview gives the worker (the names below).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

ENV_PREVIEW = "AGENT_BUILDER_PREVIEW"
ENV_METADATA = "AGENT_BUILDER_PREVIEW_METADATA"
ENV_ENDPOINT = "AGENT_BUILDER_PREVIEW_ENDPOINT"
ENTRYPOINT_NAME = "agent_builder_preview.py"

_ENTRYPOINT_SOURCE = '''"""The builder's preview runs this, never part of a project: agent.py, text only, with
mock metadata, reporting to the preview's inbox (see runtime/preview/agent_hooks.py)."""

import {module}

from runtime.preview.agent_hooks import preview_server

server = preview_server({module})
'''


def write_preview_entrypoint(agent_file: Path) -> Path:
    """Write the preview's own entrypoint beside `agent_file`; returns its path."""
    entrypoint = agent_file.with_name(ENTRYPOINT_NAME)
    entrypoint.write_text(_ENTRYPOINT_SOURCE.format(module=agent_file.stem), encoding="utf-8")
    return entrypoint


def _skip_vad(proc: Any) -> None:
    proc.userdata["vad"] = None  # text only: the session never uses it


def preview_server(module: ModuleType) -> Any:
    """`module.server`, changed for the preview (see above)."""
    from runtime.testing.text_calls import (
        Overrides,
        sessions_of,
        text_only_session_class,
    )

    metadata = os.environ.get(ENV_METADATA, "")
    endpoint = os.environ.get(ENV_ENDPOINT) or None
    session_class = text_only_session_class(Overrides(endpoint_url=endpoint), [])
    server = module.server
    server.setup_fnc = _skip_vad
    production_entrypoint = server._entrypoint_fnc

    async def entrypoint(ctx: Any) -> None:
        if metadata and not (ctx.job.metadata or "").strip():
            ctx.job.metadata = metadata
        with sessions_of(module, session_class):
            await production_entrypoint(ctx)

    server._entrypoint_fnc = entrypoint
    return server
