"""The Deploy view: ship the agent with `lk` and watch its output live, then test it.

Everything here drives runtime.deploy, the same code as the headless commands: a
`Deployment` or an `LkRun` reports events, a worker posts them as messages, and the
log shows them as they come. Stopping (f9, or leaving with escape) cancels the worker,
which ends lk's whole process group.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, RichLog, Select, Static

from runtime.config.errors import ConfigError
from runtime.deploy import lk
from runtime.deploy.cli_support import CommandFailed, api_call_errors
from runtime.deploy.credentials import CredentialsError
from runtime.deploy.dispatch import (
    MetadataError,
    create_dispatch,
    dispatch_target,
    join_token,
    playground_instructions,
    random_room_name,
)
from runtime.deploy.events import DONE, ERROR, INFO, OUTPUT, STEP, DeployEvent, LkRun
from runtime.deploy.pipeline import Deployment, describe_deployment, kept_livekit_toml
from runtime.secrets import SecretsStore

NEAREST = "nearest"
TARGET_ERRORS = (ConfigError, CredentialsError, MetadataError)
_STYLES = {STEP: "bold", ERROR: "bold red", INFO: "dim", DONE: "bold green"}


class EventSource(Protocol):
    returncode: int | None

    def events(self) -> AsyncIterator[DeployEvent]: ...


class DeployScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="deploy.close"),
        Binding("f5", "deploy", "Deploy", id="deploy.deploy"),
        Binding("f9", "stop", "Stop", id="deploy.stop"),
    ]
    DEFAULT_CSS = """
    DeployScreen { layout: vertical; }
    #deploy-overview { height: auto; padding: 0 1; background: $surface; }
    #deploy-options, #deploy-actions { height: auto; padding: 0 1; }
    #deploy-region { width: 24; }
    #deploy-room { width: 1fr; }
    #deploy-actions Button { margin-right: 1; min-width: 10; width: auto; }
    #deploy-stop { display: none; }
    DeployScreen.-running #deploy-stop { display: block; }
    DeployScreen.-running .deploy-action { display: none; }
    #deploy-log { height: 1fr; border: round $primary 50%; }
    """

    running: reactive[bool] = reactive(False)

    class Reported(Message):
        def __init__(self, event: DeployEvent) -> None:
            super().__init__()
            self.event = event

    class Finished(Message):
        def __init__(self, returncode: int | None) -> None:
            super().__init__()
            self.returncode = returncode

    def __init__(
        self,
        config_path: str | os.PathLike[str],
        *,
        unsaved: bool = False,
        start_with: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(classes="deploy-screen")
        self.config_path = Path(config_path)
        self.store = SecretsStore.beside(self.config_path)
        self.unsaved = unsaved
        self.start_with = start_with
        self.environ = dict(os.environ if environ is None else environ)
        self.transcript: list[str] = []  # the log as plain text, in order
        self.last_returncode: int | None = None
        self._leave_armed = False

    def compose(self) -> ComposeResult:
        yield Static(id="deploy-overview")
        with Horizontal(id="deploy-options"):
            regions = [("nearest region", NEAREST), *((r, r) for r in lk.REGIONS)]
            yield Select(regions, value=NEAREST, allow_blank=False, id="deploy-region")
            yield Input(placeholder="room for Token / Dispatch (empty: a new one)", id="deploy-room")
        with Horizontal(id="deploy-actions"):
            yield Button("Deploy (f5)", id="deploy-run", variant="primary", classes="deploy-action")
            yield Button("Dry run", id="deploy-dry-run", classes="deploy-action")
            yield Button("Status", id="deploy-status", classes="deploy-action")
            yield Button("Logs", id="deploy-logs", classes="deploy-action")
            yield Button("Token", id="deploy-token", classes="deploy-action")
            yield Button("Dispatch", id="deploy-dispatch", classes="deploy-action")
            yield Button("Stop (f9)", id="deploy-stop", variant="error")
        yield RichLog(id="deploy-log", wrap=True, markup=False, highlight=False, max_lines=5000)
        yield Footer()

    async def on_mount(self) -> None:
        self.refresh_overview()
        if self.start_with:
            await self.run_action(self.start_with)

    def refresh_overview(self) -> None:
        overview = describe_deployment(self.config_path, self.store, self.environ)
        lines = []
        if overview.problem:
            lines.append(f"[b]{self.config_path.name}[/b] cannot be deployed as it is:")
            lines.append(Text(overview.problem).markup)
        else:
            where = (
                f"updates agent {overview.agent_id} (lk agent deploy)"
                if overview.agent_id
                else "creates the agent in LiveKit Cloud (lk agent create)"
            )
            lines.append(f"[b]{overview.agent_name}[/b]: deploying {where}")
            secrets = ", ".join(overview.uploaded_secrets) or "none"
            lines.append(f"Secrets sent: {secrets}")
            if overview.missing_secrets:
                lines.append(
                    f"[red]Missing secrets: {', '.join(overview.missing_secrets)}[/red] "
                    "(set them in Variables & secrets)"
                )
        if self.unsaved:
            lines.append("[yellow]Unsaved edits are not deployed: save first (ctrl+s).[/yellow]")
        self.query_one("#deploy-overview", Static).update("\n".join(lines))

    # ---- actions -------------------------------------------------------------------------

    _STARTERS = frozenset({"deploy", "dry_run", "status", "logs", "token", "dispatch"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One thing at a time: starting another would cancel the one running (f5 included).
        if action in self._STARTERS:
            return not self.running
        if action == "stop":
            return self.running
        return True

    def action_deploy(self, dry_run: bool = False) -> None:
        region = self.query_one("#deploy-region", Select).value
        self._follow(
            Deployment(
                self.config_path,
                region=None if region == NEAREST else str(region),
                dry_run=dry_run,
                store=self.store,
                environ=self.environ,
            )
        )

    def action_dry_run(self) -> None:
        self.action_deploy(dry_run=True)

    def action_status(self) -> None:
        if folder := self._deployed_folder():
            self._follow(LkRun(lk.agent_status(folder), self.environ))

    def action_logs(self) -> None:
        if folder := self._deployed_folder():
            self._follow(LkRun(lk.agent_logs(folder), self.environ))

    def action_token(self) -> None:
        try:
            target = dispatch_target(self.config_path, self.store, environ=self.environ)
        except TARGET_ERRORS as exc:
            self._show(DeployEvent(ERROR, str(exc)))
            return
        room = self._room() or random_room_name(target.agent_name)
        token = join_token(target.credentials, target.agent_name, room, target.metadata)
        self._show(DeployEvent(STEP, f"Join token for room {room} (dispatches {target.agent_name})"))
        for line in playground_instructions(target.credentials, token).splitlines():
            self._show(DeployEvent(INFO, line))
        self.app.copy_to_clipboard(token)
        self.notify("Token copied to the clipboard.", timeout=3)

    def action_dispatch(self) -> None:
        room = self._room()
        if not room:
            self._show(DeployEvent(ERROR, "Type the room to send the agent to, then Dispatch."))
            self.query_one("#deploy-room", Input).focus()
            return
        self._dispatch(room)

    def action_stop(self) -> None:
        self.workers.cancel_group(self, "deploy")

    def action_close(self) -> None:
        # Leaving stops what runs; a deploy is worth a second keypress.
        if self.running and not self._leave_armed:
            self._leave_armed = True
            self.notify("A command is still running: escape again stops it and leaves.",
                        severity="warning", timeout=4)
            return
        self.workers.cancel_group(self, "deploy")
        self.dismiss(None)

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        action = (event.button.id or "").removeprefix("deploy-")
        await self.run_action({"run": "deploy"}.get(action, action).replace("-", "_"))

    # ---- work ----------------------------------------------------------------------------

    @work(exclusive=True, group="deploy", exit_on_error=False)
    async def _follow(self, source: EventSource) -> None:
        self.running = True
        try:
            async for event in source.events():
                self.post_message(self.Reported(event))
        except Exception as exc:  # noqa: BLE001 - the editor (and its unsaved edits) must survive
            self.post_message(self.Reported(DeployEvent(ERROR, f"unexpected error: {exc!r}")))
        finally:
            self.post_message(self.Finished(source.returncode))

    @work(exclusive=True, group="deploy")
    async def _dispatch(self, room: str) -> None:
        self.running = True
        report = self.post_message
        report(self.Reported(DeployEvent(STEP, f"Dispatch the agent to room {room}")))
        try:
            target = dispatch_target(self.config_path, self.store, environ=self.environ)
            with api_call_errors(target.credentials, "dispatch"):
                result = await create_dispatch(
                    target.credentials, target.agent_name, room, target.metadata
                )
        except (*TARGET_ERRORS, CommandFailed) as exc:
            report(self.Reported(DeployEvent(ERROR, str(exc))))
            report(self.Finished(1))
            return
        report(self.Reported(DeployEvent(
            DONE, f"Dispatched {result.agent_name} to {result.room} (dispatch {result.dispatch_id}) "
            f"with metadata {result.metadata or '{}'}",
        )))
        report(self.Finished(0))

    @on(Reported)
    def _reported(self, message: Reported) -> None:
        self._show(message.event)

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.running = False
        self.last_returncode = message.returncode
        self.refresh_overview()

    def watch_running(self, running: bool) -> None:
        self.set_class(running, "-running")
        self._leave_armed = False
        self.refresh_bindings()

    # ---- helpers -------------------------------------------------------------------------

    def _show(self, event: DeployEvent) -> None:
        self.transcript.append(event.text)
        log = self.query_one("#deploy-log", RichLog)
        if event.kind == OUTPUT:
            log.write(Text.from_ansi(event.text))
        else:
            prefix = "==> " if event.kind == STEP else ""
            log.write(Text(prefix + event.text, style=_STYLES.get(event.kind, "")))

    def _room(self) -> str:
        return self.query_one("#deploy-room", Input).value.strip()

    def _deployed_folder(self) -> Path | None:
        from runtime.deploy.pipeline import deployed_agent_id

        kept = kept_livekit_toml(self.config_path)
        if deployed_agent_id(kept) is None:
            self._show(DeployEvent(ERROR, "Not deployed yet: deploy first (f5)."))
            return None
        return kept.parent
