"""JSON Schema of `agent.tests.toml`, generated from its declarations.

TOML editors (taplo, Even Better TOML) complete keys and check values with it; the copy
committed at the repository root is kept in step by a test.
"""

from __future__ import annotations

from typing import Any

SCHEMA_FILE_NAME = "agent-builder.tests.schema.json"


def json_schema() -> dict[str, Any]:
    from runtime.config.jsonschema import schema_of_file
    from runtime.scenarios import declarations as decl

    return schema_of_file(decl.ROOT, "agent-builder scenario file (agent.tests.toml)")


def render_schema() -> str:
    from runtime.config.jsonschema import render_schema as render

    return render(json_schema())
