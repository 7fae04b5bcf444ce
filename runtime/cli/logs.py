"""`agent-builder logs [FILE] [--log-type deploy|build]`: follow the deployed agent's logs."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from runtime.deploy.cli_support import add_config_argument
    from runtime.deploy.lk import LOG_TYPES

    add_config_argument(parser)
    parser.add_argument(
        "--log-type", choices=LOG_TYPES, default="deploy",
        help="runtime logs (deploy, the default) or the image build's (build)",
    )


def run(args: argparse.Namespace) -> int:
    from runtime.deploy.cli_support import run_command

    return run_command(_logs, args)


def _logs(args: argparse.Namespace) -> int:
    import asyncio

    from runtime.deploy import lk
    from runtime.deploy.cli_support import require_deployed, stream_lk

    return asyncio.run(stream_lk(lk.agent_logs(require_deployed(args.file), args.log_type)))
