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
