"""The footer of key bindings: one line of text, drawn in the first frame.

Textual's Footer is a widget per key, added after the first frame and recomposed on each
change of the keys shown. Adding them laid the whole screen out again just as a person's
first click or key arrived (and composing them in the first frame cost that frame some
60 ms). The keys are text, so this footer is one line of text: written when the keys it
shows change, clickable like Textual's (a click presses the key).
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


class KeyFooter(Static):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom; height: 1; width: 1fr; background: $footer-background;
        color: $footer-description-foreground; text-wrap: nowrap; text-overflow: ellipsis;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key"}

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _keys_to_show(self, screen: Screen) -> tuple:
        """(key, its display, description, enabled): one per action (ctrl+s and f2
        both save; the first listed is shown), as Textual's footer does."""
        app = screen.app
        active = screen.active_bindings
        actions: dict[str, tuple] = {}
        for _, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions[binding.action] = (binding.key, app.get_key_display(binding),
                                           binding.description, enabled)
        keys = tuple(actions.values())
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None:
            keys += ((palette[1].key, app.get_key_display(palette[1]), "palette", True),)
        return keys

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's footer shows no keys while the app has no focus (a browser tab in the
        # background): the same here.
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            return
        shown = self._keys_to_show(screen)
        if shown == self._shown:
            return
        self._shown = shown
        self.update(self._text(shown), layout=False)  # one line whatever it says

    def _text(self, shown: tuple) -> Content:
        key_style = self.get_visual_style("key-footer--key", partial=True)
        parts: list[Content] = []
        for key, display, description, enabled in shown:
            part = Content.assemble(
                (f" {display} ", key_style), f"{description} ",
            ).stylize_before(f"@click=press({key!r})")
            parts.append(part if enabled else part.stylize("dim"))
        return Content("").join(parts)

    def action_press(self, key: str) -> None:
        self.app.simulate_key(key.split(",")[0])
