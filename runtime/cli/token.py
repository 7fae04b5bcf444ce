"""`agent-builder token [FILE]`: a join token for a test user, with the agent dispatch inside.

Joining the room with it dispatches the agent (with the [metadata] examples unless
--metadata is given). Open it in LiveKit's hosted agents playground to talk to the agent.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from runtime.deploy.cli_support import add_config_argument, add_secrets_file_argument

    add_config_argument(parser)
    parser.add_argument("--room", help="room name (default: a new random one)")
    parser.add_argument("--identity", default="test-user", help="the test user's identity")
    parser.add_argument(
        "--metadata", metavar="JSON", help="job metadata (default: the [metadata] examples)"
    )
    parser.add_argument("--ttl-minutes", type=int, default=360, help="token lifetime (default 360)")
    parser.add_argument("--json", action="store_true", help="print url, room, identity and token as JSON")
    add_secrets_file_argument(parser)


def run(args: argparse.Namespace) -> int:
    from runtime.deploy.cli_support import run_command

    return run_command(_token, args)


def _token(args: argparse.Namespace) -> int:
    import datetime
    import json

    from runtime.deploy.cli_support import CommandFailed, store_for
    from runtime.deploy.dispatch import (
        dispatch_target,
        join_token,
        playground_instructions,
        random_room_name,
    )

    if args.ttl_minutes <= 0:
        raise CommandFailed("--ttl-minutes must be a positive number of minutes", code=2)
    target = dispatch_target(args.file, store_for(args), args.metadata)
    room = args.room or random_room_name(target.agent_name)
    token = join_token(
        target.credentials, target.agent_name, room, target.metadata, identity=args.identity,
        ttl=datetime.timedelta(minutes=args.ttl_minutes),
    )
    if args.json:
        print(json.dumps({
            "url": target.credentials.ws_url, "room": room, "identity": args.identity,
            "agent_name": target.agent_name, "metadata": target.metadata, "token": token,
        }))
        return 0
    print(f"Room {room}: joining as {args.identity} dispatches {target.agent_name}")
    print(f"Metadata: {target.metadata}")
    print(playground_instructions(target.credentials, token), end="")
    return 0
