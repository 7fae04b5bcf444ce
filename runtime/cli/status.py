"""`agent-builder status [FILE]`: `lk agent status` for the deployed agent."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from runtime.deploy.cli_support import add_config_argument

    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    from runtime.deploy.cli_support import run_command

    return run_command(_status, args)


def _status(args: argparse.Namespace) -> int:
    import asyncio

    from runtime.deploy import lk
    from runtime.deploy.cli_support import require_deployed, stream_lk

    return asyncio.run(stream_lk(lk.agent_status(require_deployed(args.file))))
