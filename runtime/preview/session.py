"""PreviewSession: talk to the agent of an agent.toml, as the CLI and the TUI both do.

    session = PreviewSession("agent.toml")
    await session.start()                  # generate, run the worker, greeting follows
    async for event in session.events():   # Transcript, ToolCall, FieldCollected, ...
        ...
    await session.send("hello")            # returns once the agent has answered
    await session.reload()                 # after a save: regenerate, swap to the warm spare
    await session.end_call()               # graceful hang-up: the end-of-call POST is sent
    await session.stop()

The preview never interprets the config: each start or reload generates the project
into a fresh build folder and runs that code (DESIGN.md "One behaviour").
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime.preview import events as ev
from runtime.preview.agent_hooks import (
    ENV_ENDPOINT,
    ENV_METADATA,
    ENV_PREVIEW,
    write_preview_entrypoint,
)
from runtime.preview.config_view import PreviewConfig, read_preview_config
from runtime.preview.credentials import load_credentials
from runtime.preview.errors import PreviewError
from runtime.preview.fields import FieldTracker
from runtime.preview.inbox import Inbox, undeliverable_report
from runtime.preview.remote import AgentLink, ConsoleListener, prepare_client
from runtime.preview.spare import SparePool
from runtime.preview.worker import WorkerProcess

START_TIMEOUT_S = 60.0
HANGUP_OR_CRASH_S = 1.0
GREETING_WAIT_S = 60.0  # a slow model still greets; the first turn waits for it
ProjectBuilder = Callable[[Path, Path], Path]
"""(config path, empty build folder) -> the file the worker runs, in the project's src/."""


def generate_with_codegen(config_path: Path, out_dir: Path) -> Path:
    """The generated project, run through the preview's own entrypoint (agent_hooks)."""
    from runtime.codegen import generate_project

    generate_project(config_path, out_dir, force=True)
    return write_preview_entrypoint(out_dir / "src" / "agent.py")


@dataclass
class PreviewOptions:
    metadata: dict[str, Any] | None = None  # None: the [metadata] examples
    real_endpoint: bool = False  # True: POST to the configured endpoint, not the inbox
    warm_spare: bool = True  # keep a warmed process ready for the next reload
    build_dir: Path | None = None  # None: a temporary folder removed on stop()
    extra_env: dict[str, str] = field(default_factory=dict)


@dataclass
class _Generation:
    number: int
    worker: WorkerProcess
    listener: ConsoleListener
    link: AgentLink | None = None
    call_ended: bool = False
    watcher: asyncio.Task[None] | None = None
    # The agent has spoken, or reported an error (a refused greeting): a first turn
    # waits no longer for a greeting.
    greeted: asyncio.Event = field(default_factory=asyncio.Event)


class PreviewSession:
    def __init__(
        self,
        config_path: str | os.PathLike[str],
        options: PreviewOptions | None = None,
        builder: ProjectBuilder = generate_with_codegen,
    ) -> None:
        self.config_path = Path(config_path).resolve()
        self.options = options or PreviewOptions()
        self._builder = builder
        self._listeners: list[Callable[[ev.PreviewEvent], None]] = []
        self._streams: set[asyncio.Queue[ev.PreviewEvent | None]] = set()
        self._current: _Generation | None = None
        self.spares = SparePool(self._new_worker, enabled=self.options.warm_spare)
        self._generations = 0
        self._lock = asyncio.Lock()
        self._build_root: Path | None = None
        self._env: dict[str, str] = {}
        self._secrets: set[str] = set()
        self._credentials: dict[str, str] = {}
        self.agent_state = "initializing"
        self.config = PreviewConfig()
        self.fields = FieldTracker({})
        self.inbox: Inbox | None = None
        self.failures: list[str] = []

    # -- events ------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[ev.PreviewEvent], None]) -> Callable[[], None]:
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    async def events(self) -> AsyncIterator[ev.PreviewEvent]:
        """Every event from now on, until the session stops."""
        queue: asyncio.Queue[ev.PreviewEvent | None] = asyncio.Queue()
        unsubscribe = self.subscribe(queue.put_nowait)
        self._streams.add(queue)
        try:
            while (event := await queue.get()) is not None:
                yield event
        finally:
            self._streams.discard(queue)
            unsubscribe()

    def _emit(self, event: ev.PreviewEvent) -> None:
        if isinstance(event, ev.WorkerError):
            self.failures.append(event.message)
        for listener in list(self._listeners):
            listener(event)
        if self._current and (isinstance(event, ev.WorkerError)
                              or (isinstance(event, ev.Transcript) and event.role == "agent")):
            self._current.greeted.set()
        if isinstance(event, ev.AgentStateChanged):
            self.agent_state = event.state
            self.spares.agent_state_changed(event.state)
        if isinstance(event, ev.ToolCall):
            collected = self.fields.observe(event)
            if collected is not None:
                self._emit(collected)

    # -- lifecycle ---------------------------------------------------------------------
    @property
    def started(self) -> bool:
        """A worker was launched (it may have ended since)."""
        return self._current is not None

    @property
    def running(self) -> bool:
        current = self._current
        return bool(current and current.link and not current.call_ended)

    async def start(self) -> None:
        """Generate the project and start talking; raises PreviewError when it cannot.
        Calling it again after a failure (credentials added, file fixed) tries again."""
        async with self._lock:
            await self._start_locked()

    async def _start_locked(self) -> None:
        if self._build_root is None:
            self._build_root = self.options.build_dir or Path(
                tempfile.mkdtemp(prefix="agent-builder-preview-")
            )
            self._build_root.mkdir(parents=True, exist_ok=True)
        # Importing the SDK is most of a start: the worker starts on it first, and this
        # process its half (the session client) beside it, while the rest is set up and
        # the project generated.
        worker = await self.spares.take()
        prepare_client()
        try:
            self._read_config()
            credentials = self._credentials = load_credentials(self.config_path)
            self._secrets.update(credentials.values())
            self._secrets.update(self._local_secret_values())
            worker.secrets.update(self._secrets)
            # the inbox also keeps reports the agent could not deliver to a real endpoint
            if self.inbox is None:
                self.inbox = await Inbox(self._emit, self.config.fields, self._secrets).start()
            self._env = {**credentials, **self._preview_env(), **self.options.extra_env}
            entrypoint = await self._build()
        except Exception as exc:
            await worker.stop(grace=0)
            if isinstance(exc, PreviewError):
                raise
            raise PreviewError(f"Could not generate the agent project: {exc}") from exc
        await self._swap(worker, entrypoint)

    async def reload(self) -> bool:
        """Regenerate after a save and swap to the warm spare; the conversation restarts.
        A config that does not generate leaves the running agent alone (returns False)."""
        async with self._lock:
            if not self._env:  # never started: a save is a reason to try now
                await self._start_locked()
                return True
            try:
                self._read_config()
                entrypoint = await self._build()
            except Exception as exc:  # noqa: BLE001 - shown, and the old agent keeps running
                self._emit(ev.WorkerError(message=f"Not reloaded: {exc}"))
                return False
            self._emit(ev.Restarted(reason="reloaded after a save"))
            await self._swap(await self.spares.take(), entrypoint)
            return True

    async def restart(self, reason: str = "restarted") -> None:
        """A new conversation on the current project (after a crash or an ended call)."""
        async with self._lock:
            if not self._env:
                await self._start_locked()
                return
            entrypoint = await self._build()
            self._emit(ev.Restarted(reason=reason))
            await self._swap(await self.spares.take(), entrypoint)

    async def send(self, text: str) -> None:
        current = self._current
        if current is None or current.link is None or current.worker.exited.is_set():
            raise PreviewError("The agent is not running: restart the preview.")
        if current.call_ended:
            raise PreviewError("The call has ended: start a new conversation.")
        # A turn typed ahead (a paste, a quick typist, a script) would interrupt the
        # greeting before any of it was said, and the greeting was lost.
        await self.wait_for_greeting(GREETING_WAIT_S)
        try:
            await current.link.send(text)
        except (RuntimeError, TimeoutError) as exc:
            if current.worker.stopping and not current.call_ended:
                return  # swapped out by a reload or restart: its marker says so
            raise PreviewError(f"The agent did not answer: {exc}") from exc

    async def wait_for_greeting(self, timeout: float = GREETING_WAIT_S) -> None:
        """Until the agent has said its first words (or failed to), when it speaks first:
        a first turn sent sooner would interrupt the greeting before any of it is heard."""
        current = self._current
        if current is None or current.link is None or not self.config.greeting:
            return
        waits = {asyncio.ensure_future(current.greeted.wait()),
                 asyncio.ensure_future(current.link.dropped.wait()),
                 asyncio.ensure_future(current.worker.exited.wait())}
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()

    async def wait_for_call_end(self, timeout: float) -> bool:
        """True once the agent has hung up by itself (e.g. all data collected)."""
        current = self._current
        if current is None or current.link is None:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(current.link.dropped.wait(), timeout)
        if current.watcher is not None and current.link.dropped.is_set():
            await asyncio.wait({current.watcher}, timeout=timeout)
        return current.call_ended

    async def end_call(self) -> None:
        """Hang up as a caller would: the worker shuts down gracefully, so the agent's
        end-of-call handling (summary, POST) runs before it exits."""
        async with self._lock:
            current = self._current
            if current is None or current.worker.exited.is_set():
                return
            current.call_ended = True
            await current.worker.stop(grace=self._shutdown_grace())
            self._emit(ev.CallEnded(reason="ended by you"))

    async def chat_history(self) -> list[dict[str, str]]:
        current = self._current
        if current is None or current.link is None or current.call_ended:
            raise PreviewError("There is no conversation to read.")
        return await current.link.chat_history()

    async def generate_summary(self) -> str:
        """Summarise the conversation so far with the configured summary settings; the
        call goes on."""
        from runtime.preview.summary import summarise

        current = self._current
        if current is None or current.link is None or current.call_ended:
            raise PreviewError("There is no conversation to summarise.")
        text = await summarise(
            await current.link.chat_items(),
            self.config.summary,
            self._metadata(),
            self._credentials,
            results=dict(self.fields.values) or None,
        )
        self._emit(ev.SummaryReady(text=text))
        return text

    async def stop(self) -> None:
        async with self._lock:
            await self.spares.close()
            await self._retire_current(grace=self._shutdown_grace())
            if self.inbox is not None:
                await self.inbox.stop()
            if self._build_root is not None and self.options.build_dir is None:
                shutil.rmtree(self._build_root, ignore_errors=True)
            for stream in self._streams:
                stream.put_nowait(None)  # ends every events() iteration

    # -- internals ---------------------------------------------------------------------
    def _read_config(self) -> None:
        self.config = read_preview_config(self.config_path)
        self.fields = FieldTracker(self.config.fields)
        if self.inbox is not None:
            self.inbox.fields = self.config.fields

    def _local_secret_values(self) -> set[str]:
        from runtime.secrets import SecretsStore

        store = SecretsStore.beside(self.config_path)
        return set(store.resolve(self.config.referenced_secrets).values()) | set(
            store.values().values()
        )

    def _metadata(self) -> dict[str, Any]:
        if self.options.metadata is not None:
            return self.options.metadata
        return self.config.metadata_examples

    def _preview_env(self) -> dict[str, str]:
        env = {ENV_PREVIEW: "1", ENV_METADATA: json.dumps(self._metadata())}
        if self.inbox is not None and not self.options.real_endpoint:
            env[ENV_ENDPOINT] = self.inbox.url
        from runtime.secrets import SecretsStore

        env.update(SecretsStore.beside(self.config_path).values())
        return env

    async def _build(self) -> Path:
        assert self._build_root is not None
        self._generations += 1
        out_dir = self._build_root / f"build-{self._generations}"
        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.mkdir(parents=True)
        try:
            return await asyncio.to_thread(self._builder, self.config_path, out_dir)
        except Exception:
            shutil.rmtree(out_dir, ignore_errors=True)
            raise

    def _new_worker(self) -> WorkerProcess:
        return WorkerProcess(
            on_output=self._on_worker_output, secrets=self._secrets, cwd=self._build_root
        )

    def _on_worker_output(self, level: str, message: str) -> None:
        self._emit(ev.WorkerLog(level=level, message=message))
        report = undeliverable_report(message) if level == "ERROR" else None
        if report is not None and self.inbox is not None:
            self.inbox.keep_undeliverable(*report)

    def _shutdown_grace(self) -> float:
        """How long a stopping worker may take: the agent's own shutdown timeout (summary
        and end-of-call delivery with its retries), and a little more."""
        from runtime.agent.settings import DeliverySettings, shutdown_timeout_s

        summary = bool(self.config.summary.get("enabled", True))
        return shutdown_timeout_s(DeliverySettings(), summary=summary) + 2.0

    async def _launch(self, worker: WorkerProcess, entrypoint: Path) -> None:
        listener = await ConsoleListener().start()
        self.agent_state = "initializing"
        generation = _Generation(number=self._generations, worker=worker, listener=listener)
        self._current = generation
        await worker.activate(entrypoint, listener.address, self._env, self._secrets)
        accepting = asyncio.create_task(listener.accept(self._emit))
        exited = asyncio.create_task(worker.exited.wait())
        done, _ = await asyncio.wait(
            {accepting, exited}, timeout=START_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED
        )
        exited.cancel()
        if accepting not in done:
            accepting.cancel()
            await worker.stop(grace=0)
            message = "The agent did not start" + (
                f" (exit code {worker.returncode})" if worker.exited.is_set() else " in time"
            )
            self._emit(ev.WorkerError(message=f"{message}:\n{worker.tail()}"))
            raise PreviewError(f"{message}. Last worker output:\n{worker.tail()}")
        generation.link = accepting.result()
        generation.watcher = asyncio.create_task(self._watch(generation))
        self._emit(ev.Connected(generation=generation.number, project_dir=str(entrypoint.parent.parent)))
        self.spares.want(self.agent_state)  # the next launch's worker warms meanwhile

    async def _watch(self, generation: _Generation) -> None:
        """Report the agent hanging up and, whenever it happens, a crash."""
        assert generation.link is not None
        worker = generation.worker
        dropped = asyncio.create_task(generation.link.dropped.wait())
        exited = asyncio.create_task(worker.exited.wait())
        try:
            await asyncio.wait({dropped, exited}, return_when=asyncio.FIRST_COMPLETED)
            if not worker.exited.is_set():
                # The connection closed first: give a dying process a moment to be seen
                # as a crash rather than as a hang-up.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(exited), HANGUP_OR_CRASH_S)
            if not worker.exited.is_set() and not worker.stopping and not generation.call_ended:
                generation.call_ended = True
                self._emit(ev.CallEnded(reason="ended by the agent"))
            await exited  # the process outlives its job; it may still crash later
        finally:
            dropped.cancel()
            exited.cancel()
        if not worker.stopping:
            self._emit(
                ev.WorkerError(
                    message=f"The agent process exited unexpectedly (code {worker.returncode}):"
                    f"\n{worker.tail()}"
                )
            )
            self._emit(ev.WorkerExited(returncode=worker.returncode, expected=False))

    async def _swap(self, worker: WorkerProcess, entrypoint: Path) -> None:
        """Launch `worker` on `entrypoint` while the current one is stopped beside it: a
        killed process takes tens of milliseconds to be gone, which the new conversation
        need not wait for."""
        retiring = asyncio.ensure_future(self._retire(self._take_current(), grace=0))
        try:
            await self._launch(worker, entrypoint)
        finally:
            await retiring

    def _take_current(self) -> _Generation | None:
        """The current generation, now marked as being stopped (its exit is no crash)."""
        current, self._current = self._current, None
        if current is not None:
            current.worker.stopping = True
        return current

    async def _retire_current(self, grace: float) -> None:
        await self._retire(self._take_current(), grace)

    async def _retire(self, current: _Generation | None, grace: float) -> None:
        if current is None:
            return
        if current.link is not None:
            with contextlib.suppress(Exception):
                await current.link.aclose()
        await current.worker.stop(grace=grace)
        if current.watcher is not None:
            current.watcher.cancel()
        await current.listener.close()
        if current.worker.project_dir is not None and self.options.build_dir is None:
            shutil.rmtree(current.worker.project_dir, ignore_errors=True)
