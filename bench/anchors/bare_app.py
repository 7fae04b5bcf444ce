"""First-paint anchor: a bare Textual app (a header, one label, a footer)."""

from textual.app import App
from textual.widgets import Footer, Header, Label


class Bare(App):
    def compose(self):
        yield Header()
        yield Label("hello")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
