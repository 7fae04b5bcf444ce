"""Generate: the files the project would have, and a diff against those on disk."""

from __future__ import annotations


def open_generate_screen(app) -> None:
    try:
        import runtime.codegen  # noqa: F401
    except ImportError:
        app.notify("Project generation is not available yet.", severity="warning")
        return
    app.notify("Project generation is not available yet.", severity="warning")
