"""Finding the widget that edits a dotted config path.

Paths without list indexes also name their widget's id (`f-agent-name`), for CSS and
quick queries. Paths inside list entries carry no id: a list's detail form is kept and
pointed at another entry when the selection moves, and Textual ids cannot change. Every
editing widget carries its `config_path`, which is what `find_path_widget` looks at.
"""

from __future__ import annotations

import re

from runtime.config.paths import format_path, parse_path

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
# The classes of every widget that edits a path (fields, rows, lists, sections).
PATH_WIDGETS = ".field-row, .rows-editor, .list-detail, .form-section"


def field_id(config_path: str) -> str:
    return "f-" + _UNSAFE.sub("-", config_path)


def id_for_path(parts: tuple) -> str | None:
    """The widget id for a parsed path, or None inside list entries (see above)."""
    if not parts or any(isinstance(part, int) for part in parts):
        return None
    return field_id(format_path(parts))


def find_path_widget(root, config_path: str):
    """The widget under `root` editing `config_path`, or None when none is on screen."""
    config_path = format_path(parse_path(config_path))  # one spelling of each path
    for widget in root.query(PATH_WIDGETS):
        if getattr(widget, "config_path", None) == config_path:
            return widget
    return None
