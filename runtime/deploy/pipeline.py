"""`deploy`: from the agent file to LiveKit Cloud in one step, reported as a stream of events.

    deployment = Deployment("agent.toml", region="us-east")
    async for event in deployment.events():
        print(event.text)          # the TUI appends to its log instead
    deployment.returncode          # 0 when the agent is live

Order: find `lk`, load the config, refuse if a referenced secret has no value, generate
the project, then either `lk agent create` (first time; the `livekit.toml` it writes is
kept beside the config) or `lk agent update-secrets` followed by `lk agent deploy`.
Secrets go first so the new version starts with them. The secrets lk receives are a
private temporary file holding only what the agent needs, removed afterwards.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import tomllib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runtime.deploy import lk
from runtime.deploy.credentials import CREDENTIAL_NAMES
from runtime.deploy.events import DONE, ERROR, INFO, STEP, DeployEvent, LkRun
from runtime.dotenv_file import lk_can_carry, render, write_private_file
from runtime.files import UnreadableFile
from runtime.redaction import Redactor
from runtime.secrets import SecretsStore

LIVEKIT_TOML = "livekit.toml"

def kept_livekit_toml(config_path: str | os.PathLike[str]) -> Path:
    """Where the `livekit.toml` of a deployed agent is kept: beside its config."""
    from runtime.files import folder_of

    return folder_of(config_path) / LIVEKIT_TOML


def deployed_agent_id(livekit_toml: Path) -> str | None:
    """The `[agent] id` lk recorded, or None when the agent was never created."""
    from runtime.files import read_text

    try:
        data = tomllib.loads(read_text(livekit_toml))
    except (OSError, tomllib.TOMLDecodeError, RecursionError):
        return None
    agent = data.get("agent")
    agent_id = agent.get("id") if isinstance(agent, dict) else None
    return agent_id if isinstance(agent_id, str) and agent_id else None


def secrets_to_upload(
    store: SecretsStore, referenced: Sequence[str], environ: Mapping[str, str]
) -> dict[str, str]:
    """What the deployed agent gets: every secret the config uses (file or environment)
    and everything else in the secrets file, minus the LiveKit credentials, which the
    platform injects itself and lk refuses."""
    names = list(dict.fromkeys([*referenced, *store.names()]))
    names = [name for name in names if name not in CREDENTIAL_NAMES]
    return store.resolve(names, environ)


class _Stop(Exception):
    """Ends a deployment with a message for the person and an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class Deployment:
    def __init__(
        self,
        config_path: str | os.PathLike[str],
        *,
        region: str | None = None,
        project_dir: str | os.PathLike[str] | None = None,
        force: bool = False,
        dry_run: bool = False,
        store: SecretsStore | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.config_path = Path(config_path)
        self.region = region
        self.project_dir = Path(project_dir) if project_dir else None
        self.force = force
        self.dry_run = dry_run  # check and show the plan; write, send and run nothing
        self.store = store or SecretsStore.beside(config_path)
        self.environ = dict(os.environ if environ is None else environ)
        self.returncode: int | None = None
        self._current: LkRun | None = None

    async def cancel(self) -> None:
        """Stop the lk command that is running, if any."""
        if self._current is not None:
            await self._current.cancel()

    async def events(self) -> AsyncIterator[DeployEvent]:
        workdir = Path(tempfile.mkdtemp(prefix="agent-builder-deploy-"))  # mode 700
        try:
            async for event in self._run(workdir):
                yield event
        except _Stop as stop:
            self.returncode = stop.code
            yield DeployEvent(ERROR, str(stop))
        except UnreadableFile as exc:  # the secrets file it was given
            self.returncode = 2
            yield DeployEvent(ERROR, f"deploy stopped: {exc}")
        except OSError as exc:  # a file we write or copy (secrets, livekit.toml)
            self.returncode = 1
            yield DeployEvent(ERROR, f"deploy stopped: {exc}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if self.returncode is None:
            self.returncode = 0

    async def _run(self, workdir: Path) -> AsyncIterator[DeployEvent]:
        agent_name, uploads = self._preflight()

        yield DeployEvent(STEP, "Generate the project")
        # Rendering takes a moment: keep the TUI's event loop free meanwhile.
        if self.dry_run:
            plan = await asyncio.to_thread(self._plan)
            project_dir = plan.out_dir
            yield DeployEvent(INFO, f"{project_dir}: would {plan.summary()}")
        else:
            result = await asyncio.to_thread(self._generate)
            project_dir = Path(result.out_dir)
            changed = f"{len(result)} file(s) written" if len(result) else "already up to date"
            yield DeployEvent(INFO, f"{project_dir}: {changed}")
        yield DeployEvent(INFO, await asyncio.to_thread(self._locked, project_dir))

        secrets_file = workdir / "secrets.env"
        kept = kept_livekit_toml(self.config_path)
        first_time = deployed_agent_id(kept) is None
        if first_time:
            commands = [lk.create_agent(project_dir, self.region, secrets_file)]
        else:
            commands = [lk.deploy_agent(project_dir)]
            if uploads:  # lk refuses an update with no secrets
                commands.insert(0, lk.update_secrets(project_dir, secrets_file))
            if self.region:
                yield DeployEvent(INFO, "--region applies only when the agent is first created")
        if uploads:
            yield DeployEvent(INFO, f"Secrets for the agent: {', '.join(sorted(uploads))}")
        if self.dry_run:
            if not self._lk_found():
                yield DeployEvent(INFO, "lk is not on PATH: a real deploy would stop at once")
            for command in commands:
                yield DeployEvent(STEP, f"Would run in {command.cwd}: {command.display()}")
            yield DeployEvent(DONE, "Dry run: nothing was written, sent or deployed.")
            return

        write_private_file(secrets_file, render(uploads))
        if kept.exists():
            shutil.copyfile(kept, project_dir / LIVEKIT_TOML)
        redact = Redactor({**uploads, **self.store.resolve(CREDENTIAL_NAMES[1:], self.environ)})
        for command in commands:
            self._current = LkRun(command, self.environ, redact)
            async for event in self._current.events():
                yield event
            code, self._current = self._current.returncode, None
            if code != 0:
                self.returncode = code or 1
                return

        if first_time:
            self._keep_livekit_toml(project_dir / LIVEKIT_TOML, kept)
            yield DeployEvent(
                INFO, f"Kept {kept.name} beside {self.config_path.name} for the next deploy "
                "(it holds no secrets; commit it)"
            )
        yield DeployEvent(
            DONE, f"{agent_name} is deployed. Try it: agent-builder token {self.config_path}"
        )

    def _preflight(self) -> tuple[str, dict[str, str]]:
        """The agent's name and the secrets to send; _Stop when it cannot be deployed."""
        from runtime.config.errors import ConfigError
        from runtime.config.model import load_config

        if not self.dry_run and not self._lk_found():
            raise _Stop(lk.INSTALL_HELP, 127)  # before any work: without lk nothing ships
        try:
            config = load_config(self.config_path)
        except ConfigError as exc:
            raise _Stop(str(exc), 2) from None
        missing = self.store.missing(config.secret_names, self.environ)
        if missing:
            how = "".join(
                f"\n  agent-builder secrets set {name} {self.config_path}" for name in missing
            )
            raise _Stop(
                f"{len(missing)} secret(s) used by {self.config_path.name} have no value: "
                f"{', '.join(missing)}. Nothing was deployed. Set them with:{how}"
            )
        uploads = secrets_to_upload(self.store, config.secret_names, self.environ)
        unreadable = sorted(name for name, value in uploads.items() if not lk_can_carry(value))
        if unreadable:
            raise _Stop(
                f"the LiveKit CLI cannot read these values from a secrets file: "
                f"{', '.join(unreadable)} (a value with both quote kinds, a backslash or a "
                "line break must not end in a quote or a backslash). Nothing was deployed."
            )
        return config.agent.name, uploads

    def _generate(self) -> Any:
        from runtime.codegen import GenerationRefused, generate_project
        from runtime.config.errors import ConfigError

        try:
            return generate_project(self.config_path, self.project_dir, force=self.force)
        except GenerationRefused as exc:
            raise _Stop(f"{exc} (deploy with --force to replace them)") from None
        except (ConfigError, OSError) as exc:
            raise _Stop(f"generating the project failed: {exc}") from None

    def _locked(self, project_dir: Path) -> str:
        """The image is built with `uv sync --locked`: no current uv.lock, no deploy."""
        from runtime.codegen.lock import find_uv, how_to_lock, lock_project, lock_state

        if self.dry_run or find_uv(self.environ) is None:
            state = lock_state(project_dir)
            if state == "current":
                return "uv.lock is up to date"
            if self.dry_run:
                return f"uv.lock is {state}: a real deploy would write it with uv, or stop"
            problem = "missing" if state == "missing" else "out of date with pyproject.toml"
            raise _Stop(
                f"uv.lock is {problem} in {project_dir}, and the image is built from it "
                f"(uv sync --locked): {how_to_lock(project_dir)}, then deploy again. "
                "Nothing was deployed."
            )
        locked = lock_project(project_dir, environ=self.environ)
        if not locked.ok:
            raise _Stop(f"{locked.message}. Nothing was deployed.")
        return locked.message

    def _lk_found(self) -> bool:
        try:
            lk.find_lk(self.environ)
        except lk.LkNotFound:
            return False
        return True

    def _plan(self) -> Any:
        from runtime.codegen import plan_generation

        plan = plan_generation(self.config_path, self.project_dir)
        if plan.blocked and not self.force:
            names = ", ".join(change.path for change in plan.edited)
            raise _Stop(f"would not overwrite files edited since they were generated: {names} "
                        "(deploy with --force to replace them)")
        return plan

    def _keep_livekit_toml(self, created: Path, kept: Path) -> None:
        if deployed_agent_id(created) is None:
            raise _Stop(f"lk reported success but wrote no agent id to {created}")
        shutil.copyfile(created, kept)


@dataclass(frozen=True)
class DeploymentOverview:
    """What a deploy would do, for showing before it runs."""

    agent_name: str
    agent_id: str | None  # None: the first deploy creates the agent
    missing_secrets: list[str]
    uploaded_secrets: list[str]
    problem: str = ""  # set when the config cannot be loaded


def describe_deployment(
    config_path: str | os.PathLike[str],
    store: SecretsStore | None = None,
    environ: Mapping[str, str] | None = None,
) -> DeploymentOverview:
    from runtime.config.errors import ConfigError
    from runtime.config.model import load_config

    store = store or SecretsStore.beside(config_path)
    environ = os.environ if environ is None else environ
    agent_id = deployed_agent_id(kept_livekit_toml(config_path))
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        return DeploymentOverview("", agent_id, [], [], problem=str(exc))
    return DeploymentOverview(
        config.agent.name,
        agent_id,
        store.missing(config.secret_names, environ),
        sorted(secrets_to_upload(store, config.secret_names, environ)),
    )
