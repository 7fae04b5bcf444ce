"""Agent tab: the dispatch name, the instructions (the prompt) and the greeting."""

from tui.tabs.base import FormTab


class AgentTab(FormTab):
    SECTIONS = ("agent", "greeting")
