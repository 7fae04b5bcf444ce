"""Data-collection fields as they fill in, read from the agent's `record_<field>` calls.

The in-agent library records each answer through a tool named `record_<field>` whose
arguments are the answer and whose output starts with `Recorded ` when the answer was
accepted (runtime/agent/data_collection.py). Following those calls shows exactly what
the agent will POST, without a side channel.
"""

from __future__ import annotations

import json
from typing import Any

from runtime.preview.events import FieldCollected, ToolCall

RECORD_PREFIX = "record_"
ACCEPTED_PREFIX = "Recorded "


class FieldTracker:
    def __init__(self, fields: dict[str, bool]) -> None:
        self.multiple = dict(fields)  # field name -> takes several answers
        self.values: dict[str, Any] = {}

    def observe(self, call: ToolCall) -> FieldCollected | None:
        """The field update carried by a finished, accepted record call, else None."""
        if not call.finished or call.is_error or not call.name.startswith(RECORD_PREFIX):
            return None
        name = call.name[len(RECORD_PREFIX) :]
        if name not in self.multiple or not (call.output or "").startswith(ACCEPTED_PREFIX):
            return None
        try:
            arguments = json.loads(call.arguments or "{}")
        except ValueError:
            return None
        if not isinstance(arguments, dict):
            return None
        answer = {key: value for key, value in arguments.items() if value is not None}
        if self.multiple[name]:
            self.values.setdefault(name, []).append(answer)
        else:
            self.values[name] = answer
        return FieldCollected(name=name, value=self.values[name])

    def missing(self) -> list[str]:
        return [name for name in self.multiple if name not in self.values]
