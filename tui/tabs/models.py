"""Models tab: speech-to-text, language model, text-to-speech and the audio pipeline."""

from tui.tabs.base import FormTab


class ModelsTab(FormTab):
    SECTIONS = ("models", "advanced")
