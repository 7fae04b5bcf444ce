"""A value of any type (a canned tool result, an argument, a field's expected value):
typed as JSON, or as plain text for a string.

`42`, `true`, `["a", "b"]` and `{"order": "123"}` are stored as the number, boolean, list
and table they spell; anything that is not JSON is the text itself, so `hello` needs no
quotes and `"42"` is how to say the string 42. Emptied, the key leaves the file.
"""

from __future__ import annotations

import json
from typing import Any

from tui.forms.fields import TextField


def json_text(value: Any) -> str:
    """How `value` is shown: a string as itself when it reads back the same, else JSON."""
    if value is None:
        return ""
    if isinstance(value, str) and parse_json_text(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def parse_json_text(text: str) -> Any:
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


class JsonField(TextField):
    def _start_from(self, value: Any) -> str:
        text = json_text(value)
        self._initial = value
        return text

    def _placeholder(self) -> str:
        return self.spec.placeholder or 'text, or JSON: 42, true, ["a"], {"key": "value"}'

    def parse(self, text: str) -> Any:
        return parse_json_text(text)
