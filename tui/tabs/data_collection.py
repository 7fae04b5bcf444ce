"""Data collection tab: the mode switch and the fields the agent collects."""

from tui.tabs.base import FormTab


class DataCollectionTab(FormTab):
    SECTIONS = ("data_collection",)
