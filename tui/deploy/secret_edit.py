"""A modal that sets or removes one secret in the local secrets file.

The value is typed into a password field and written straight to the file (mode 600,
git-ignored); it is never shown, not even masked, once typed. Dismisses with a short
description of what changed, or None when nothing did.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from runtime.dotenv_file import lk_can_carry
from runtime.secrets import DotenvError, SecretsStore, check_name


class SecretEditScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False, id="secret.cancel")
    ]
    DEFAULT_CSS = """
    SecretEditScreen { align: center middle; }
    #secret-dialog {
        width: 64; height: auto; padding: 1 2;
        border: thick $primary 60%; background: $surface;
    }
    #secret-dialog Input { margin-bottom: 1; }
    #secret-error { color: $error; height: auto; }
    #secret-buttons { height: auto; align-horizontal: right; }
    #secret-buttons Button { margin-left: 1; }
    """

    def __init__(self, store: SecretsStore, name: str = "") -> None:
        super().__init__()
        self.store = store
        self.initial_name = name

    def compose(self) -> ComposeResult:
        current = self.store.get(self.initial_name) if self.initial_name else None
        state = "stored in the secrets file" if current else "not in the secrets file"
        with Vertical(id="secret-dialog"):
            yield Label("Set a secret", id="secret-title")
            yield Static(
                f"Saved to {self.store.path.name} beside the agent file (private, git-ignored). "
                + (f"{self.initial_name} is {state}." if self.initial_name else ""),
                id="secret-help",
            )
            yield Input(self.initial_name, placeholder="NAME, as in {{secrets.NAME}}", id="secret-name")
            yield Input(password=True, placeholder="value (hidden)", id="secret-value")
            yield Static("", id="secret-error")
            with Horizontal(id="secret-buttons"):
                yield Button("Remove", id="secret-remove", variant="error", disabled=current is None)
                yield Button("Cancel", id="secret-cancel")
                yield Button("Save", id="secret-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#secret-value" if self.initial_name else "#secret-name", Input).focus()

    @on(Input.Submitted, "#secret-name")
    def _name_done(self) -> None:
        self.query_one("#secret-value", Input).focus()

    @on(Input.Submitted, "#secret-value")
    @on(Button.Pressed, "#secret-save")
    def _save(self) -> None:
        name = self.query_one("#secret-name", Input).value.strip()
        value = self.query_one("#secret-value", Input).value
        try:
            check_name(name)
            if not value:
                raise DotenvError("type a value, or use Remove to delete the secret")
            self.store.set(name, value)
        except (DotenvError, OSError) as exc:
            self.query_one("#secret-error", Static).update(str(exc))
            return
        note = "" if lk_can_carry(value) else (
            " lk cannot read this value back from a secrets file (it ends in a quote or a "
            "backslash): deploy will refuse it."
        )
        self.dismiss(f"Saved {name}.{note}")

    @on(Button.Pressed, "#secret-remove")
    def _remove(self) -> None:
        name = self.query_one("#secret-name", Input).value.strip()
        removed = self.store.unset(name)
        self.dismiss(f"Removed {name}." if removed else None)

    @on(Button.Pressed, "#secret-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
