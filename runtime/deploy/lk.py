"""The exact `lk` (LiveKit CLI) command lines this project runs, and how it finds `lk`.

Agents are created, deployed and observed with `lk agent ...`, the way LiveKit users
already work; this module only decides the argv and the folder to run it in.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LK_ENV_OVERRIDE = "AGENT_BUILDER_LK"  # an explicit path to `lk`, ahead of PATH
REGIONS = ("us-east", "eu-central", "ap-south")
LOG_TYPES = ("deploy", "build")

INSTALL_HELP = """\
The LiveKit CLI (`lk`) was not found on PATH.
Install it:
  macOS:    brew install livekit-cli
  Linux:    curl -sSL https://get.livekit.io/cli | bash
  Windows:  winget install LiveKit.LiveKitCLI
Then sign in to LiveKit Cloud once with `lk cloud auth`, and run this command again."""

AUTH_HINT = (
    "If lk says you are not signed in or no project is selected, run `lk cloud auth` "
    "(or `lk project list` to check the default project)."
)


class LkNotFound(RuntimeError):
    def __init__(self, message: str = INSTALL_HELP) -> None:
        super().__init__(message)


def find_lk(environ: Mapping[str, str] | None = None) -> str:
    """The path of the `lk` executable, or LkNotFound with install instructions."""
    environ = os.environ if environ is None else environ
    explicit = environ.get(LK_ENV_OVERRIDE)
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise LkNotFound(f"{LK_ENV_OVERRIDE} is set to {explicit}, which is not an executable file.")
    found = shutil.which("lk", path=environ.get("PATH"))
    if not found:
        raise LkNotFound()
    return found


@dataclass(frozen=True)
class LkCommand:
    """One `lk` invocation: arguments after `lk`, and the folder it runs in."""

    args: tuple[str, ...]
    cwd: Path
    title: str  # what the step does, for people

    def argv(self, lk_path: str) -> list[str]:
        return [lk_path, *self.args]

    def display(self) -> str:
        return " ".join(["lk", *self.args])


def create_agent(project_dir: Path, region: str | None, secrets_file: Path) -> LkCommand:
    args = ["agent", "create"]
    if region:
        args += ["--region", region]
    args += ["--secrets-file", str(secrets_file), "--yes"]
    return LkCommand(tuple(args), project_dir, "Create the agent in LiveKit Cloud")


def deploy_agent(project_dir: Path) -> LkCommand:
    return LkCommand(("agent", "deploy", "--yes"), project_dir, "Deploy a new version")


def update_secrets(project_dir: Path, secrets_file: Path) -> LkCommand:
    return LkCommand(
        ("agent", "update-secrets", "--secrets-file", str(secrets_file), "--yes"),
        project_dir,
        "Update the agent's secrets",
    )


def agent_status(config_dir: Path) -> LkCommand:
    return LkCommand(("agent", "status"), config_dir, "Agent status")


def agent_logs(config_dir: Path, log_type: str = "deploy") -> LkCommand:
    if log_type not in LOG_TYPES:
        raise ValueError(f"log type must be one of {', '.join(LOG_TYPES)}, not {log_type!r}")
    return LkCommand(("agent", "logs", "--log-type", log_type), config_dir, f"Agent {log_type} logs")

