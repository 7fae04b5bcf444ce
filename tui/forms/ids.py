"""Widget ids derived from dotted config paths, so any path can be found on screen."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def field_id(config_path: str) -> str:
    return "f-" + _UNSAFE.sub("-", config_path)
