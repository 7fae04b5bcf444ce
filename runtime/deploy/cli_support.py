"""What the secrets/deploy/status/logs/dispatch/token commands share: arguments, the
secrets store they point at, turning fixable errors into a message and an exit code, and
printing deploy events."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from runtime.secrets import SecretsStore

if TYPE_CHECKING:
    from runtime.deploy.credentials import LiveKitCredentials
    from runtime.deploy.events import DeployEvent
    from runtime.deploy.lk import LkCommand

DEFAULT_CONFIG = "agent.toml"


class CommandFailed(Exception):
    """A message for the person at the terminal, and the exit code to end with."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default=DEFAULT_CONFIG, help=f"agent file (default: ./{DEFAULT_CONFIG})"
    )


def add_secrets_file_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--secrets-file",
        metavar="PATH",
        help="dotenv file of secrets (default: .env.local beside the agent file)",
    )


def store_for(args: argparse.Namespace) -> SecretsStore:
    if getattr(args, "secrets_file", None):
        return SecretsStore(Path(args.secrets_file))
    return SecretsStore.beside(args.file)


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as short as it can be while still pointing at the same file from here."""
    from runtime.printable import printable

    path = Path(path)
    try:
        return printable(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a symlink loop on the way
        return printable(path)


def error(message: str) -> None:
    from runtime.printable import printable

    print(f"error: {printable(message, keep_lines=True)}", file=sys.stderr)


def run_command(body: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command body, turning the errors a person can fix into a message and exit code."""
    from runtime.config.errors import ConfigError
    from runtime.deploy.credentials import CredentialsError
    from runtime.deploy.dispatch import MetadataError
    from runtime.dotenv_file import DotenvError

    try:
        return body(args)
    except CommandFailed as failure:
        error(str(failure))
        return failure.code
    except (ConfigError, CredentialsError, MetadataError, DotenvError) as exc:
        error(str(exc))
        return 2
    except OSError as exc:  # a file it was given or must write: a FIFO, a folder, no access
        error(str(exc) if exc.filename is None else f"{exc.filename}: {exc.strerror}")
        return 2


@contextlib.contextmanager
def api_call_errors(credentials: LiveKitCredentials, what: str) -> Iterator[None]:
    """Explain a refused or unreachable LiveKit API call in one line."""
    import aiohttp
    from livekit import api

    try:
        yield
    except api.TwirpError as exc:
        raise CommandFailed(
            f"the LiveKit API refused the {what} ({exc.code}, HTTP {exc.status}): {exc.message}"
        ) from None
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise CommandFailed(
            f"cannot reach the LiveKit API at {credentials.http_url}: {exc or type(exc).__name__}"
        ) from None


def print_event(event: DeployEvent) -> None:
    from runtime.deploy.events import DONE, ERROR, OUTPUT, STEP

    if event.kind == ERROR:
        error(event.text)
    elif event.kind == STEP:
        print(f"==> {event.text}", flush=True)
    elif event.kind in (OUTPUT, DONE):
        print(event.text, flush=True)
    else:
        print(f"    {event.text}", flush=True)


async def stream_lk(command: LkCommand) -> int:
    """Run one `lk` command, printing its output as it comes; returns its exit code."""
    from runtime.deploy.events import LkRun

    run = LkRun(command)
    async for event in run.events():
        print_event(event)
    return run.returncode or 0


def require_deployed(config_path: str | os.PathLike[str]) -> Path:
    """The folder holding the kept livekit.toml of a deployed agent (the agent file
    must be readable: a command given a FIFO or a folder says so)."""
    from runtime.config.textfile import read_text
    from runtime.deploy.pipeline import deployed_agent_id, kept_livekit_toml

    read_text(config_path)
    kept = kept_livekit_toml(config_path)
    if deployed_agent_id(kept) is None:
        raise CommandFailed(
            f"{display_path(config_path)} has not been deployed yet (no agent id in "
            f"{display_path(kept)}); run `agent-builder deploy {config_path}` first"
        )
    return kept.parent
