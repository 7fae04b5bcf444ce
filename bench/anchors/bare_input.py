"""Keystroke anchor: a bare Textual app holding one Input with `sys.argv[1]` as its text."""

import sys

from textual.app import App
from textual.widgets import Footer, Header, Input


class BareInput(App):
    def compose(self):
        yield Header()
        yield Input(sys.argv[1] if len(sys.argv) > 1 else "Tool number 0", compact=True)
        yield Footer()


if __name__ == "__main__":
    BareInput().run()
