"""Which document a form widget edits: the agent file's, unless an ancestor says otherwise.

The forms read values, choices and suggestions from a session (`tui.session`). Most edit
the agent file, the app's session; a container editing another file of the same kind of
declarations (the Tests tab, `agent.tests.toml`) carries its own as `form_session`, and
the widgets inside it find that one instead.
"""

from __future__ import annotations


def form_session(widget):
    """The session whose document `widget` edits."""
    node = widget
    while node is not None:
        session = getattr(node, "form_session", None)
        if session is not None:
            return session
        node = node._parent
    return widget.app.session
