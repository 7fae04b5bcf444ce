"""`agent-builder dispatch [FILE] --room R [--metadata JSON]`: send the deployed agent to a room.

Creates an explicit dispatch with the LiveKit API. Metadata defaults to the examples
declared under [metadata], which the agent reads as `{{metadata.KEY}}`.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from runtime.deploy.cli_support import add_config_argument, add_secrets_file_argument

    add_config_argument(parser)
    parser.add_argument("--room", required=True, help="room to send the agent to")
    parser.add_argument(
        "--metadata", metavar="JSON", help="job metadata (default: the [metadata] examples)"
    )
    add_secrets_file_argument(parser)


def run(args: argparse.Namespace) -> int:
    from runtime.deploy.cli_support import run_command

    return run_command(_dispatch, args)


def _dispatch(args: argparse.Namespace) -> int:
    import asyncio

    from runtime.deploy.cli_support import CommandFailed, api_call_errors, store_for
    from runtime.deploy.dispatch import create_dispatch, dispatch_target

    if not args.room.strip():
        raise CommandFailed("--room must not be empty", code=2)
    target = dispatch_target(args.file, store_for(args), args.metadata)
    with api_call_errors(target.credentials, "dispatch"):
        result = asyncio.run(
            create_dispatch(target.credentials, target.agent_name, args.room, target.metadata)
        )
    print(f"Dispatched {result.agent_name} to room {result.room} (dispatch {result.dispatch_id})")
    print(f"Metadata: {result.metadata or '{}'}")
    print(f"Join it yourself: agent-builder token {args.file} --room {result.room}")
    return 0
