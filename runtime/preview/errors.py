"""The one exception type a preview user sees: its message is shown as it is."""


class PreviewError(Exception):
    """A problem to show to the user as it is (no stack trace)."""
