"""Call ending tab: closing line, room deletion, the end-of-call POST and its summary."""

from tui.tabs.base import FormTab


class CallEndingTab(FormTab):
    SECTIONS = ("call_ending",)
