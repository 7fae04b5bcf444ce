"""Command palette entries for deploying and testing the agent, and for its secrets."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand


def deploy_commands(app) -> Iterator[SystemCommand]:
    yield SystemCommand("Deploy: Agent status", "lk agent status for the deployed agent",
                        partial(open_deploy_screen, app, "status"))
    yield SystemCommand("Deploy: Follow logs", "lk agent logs, live, until stopped",
                        partial(open_deploy_screen, app, "logs"))
    yield SystemCommand("Deploy: Join token", "A token that dispatches the agent, for the playground",
                        partial(open_deploy_screen, app, "token"))
    yield SystemCommand("Secrets: Set a secret", "Store a secret in the local secrets file",
                        partial(open_secret_editor, app))


def open_deploy_screen(app, start_with: str | None = None) -> None:
    from tui.deploy.screen import DeployScreen

    app.push_screen(
        DeployScreen(app.session.path, unsaved=app.session.dirty, start_with=start_with)
    )


def open_secret_editor(app, name: str = "") -> None:
    from runtime.secrets import SecretsStore
    from tui.deploy.secret_edit import SecretEditScreen

    def done(result: str | None) -> None:
        if result:
            app.notify(result, timeout=3)
        for tab in app.query("VariablesTab"):
            tab.refresh_secrets()

    app.push_screen(SecretEditScreen(SecretsStore.beside(app.session.path), name), done)
