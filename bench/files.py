"""The agent files the benches open (written as text: the bench imports nothing of the
program it measures)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def largest_example() -> Path:
    return max((REPO / "examples").glob("*/agent.toml"), key=lambda p: p.stat().st_size)


def many_tools(count: int) -> str:
    """An agent with `count` HTTP tools, each with a secret header and a path parameter."""
    parts = ['[agent]\nname = "many-tools"\n']
    for i in range(count):
        parts.append(
            f'\n[[tools.http]]\nname = "tool_{i}"\ndescription = "Tool number {i}"\n'
            'url = "https://api.example.com/items/:item_id"\n'
            'headers = { Authorization = "Bearer {{secrets.TOKEN}}" }\n'
            '[[tools.http.parameters]]\nname = "item_id"\n'
        )
    return "".join(parts)


def big_agent(tools: int = 200, fields: int = 100) -> str:
    """HTTP tools with a path parameter and a secret header, object fields with two
    properties each, comments throughout."""
    parts = [
        'version = 1\n\n[agent]\nname = "big"\ninstructions = """\nHelp {{metadata.user}}.\n"""\n',
        "\n[data_collection]\nenabled = true\n",
    ]
    for i in range(fields):
        parts.append(
            f'\n[[data_collection.fields]]\nname = "field_{i}"\ndescription = "Field {i}"\n'
            'type = "object"  # a comment\n[data_collection.fields.properties]\n'
            'a = { type = "string", description = "A" }\nb = { type = "integer" }\n'
        )
    for i in range(tools):
        parts.append(
            f'\n[[tools.http]]\nname = "tool_{i}"\ndescription = "Tool {i}"\nmethod = "POST"\n'
            'url = "https://api.example.com/items/:item_id"\n'
            'headers = { Authorization = "Bearer {{secrets.TOKEN}}" }\n'
            '[[tools.http.parameters]]\nname = "item_id"\ndescription = "Item"\n'
            '[[tools.http.parameters]]\nname = "note"\nrequired = false\n'
        )
    parts.append('\n[call_ending]\nendpoint_url = "https://hooks.example.com/x"\n\n'
                 '[metadata.user]\nexample = "Ada"\n')
    return "".join(parts)


PREVIEW_AGENT = """\
version = 1

[agent]
name = "bench-agent"
instructions = "You are brief. Version {version}."

[greeting]
enabled = true
instructions = "Greet the user."

[call_ending]
final_response = ""
delete_room = false
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
