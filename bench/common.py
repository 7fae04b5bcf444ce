"""Pieces every bench shares: the large agent file and best-of-N timing."""

from __future__ import annotations

import time
from collections.abc import Callable


def big_config(tools: int = 200, fields: int = 100) -> str:
    """An agent with `tools` HTTP tools (2 parameters each, a secret header) and `fields`
    object fields, with comments so that layout-keeping code has something to keep."""
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
    parts.append(
        '\n[call_ending]\nendpoint_url = "https://hooks.example.com/x"\n\n'
        '[metadata.user]\nexample = "Ada"\n'
    )
    return "".join(parts)


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
