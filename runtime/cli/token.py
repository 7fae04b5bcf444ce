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

    from runtime.deploy.cli_support import (
        CommandFailed,
        load_agent,
        load_credentials_or_fail,
        store_for,
    )
    from runtime.deploy.dispatch import (
        join_token,
        metadata_for,
        playground_instructions,
        random_room_name,
    )

    if args.ttl_minutes <= 0:
        raise CommandFailed("--ttl-minutes must be a positive number of minutes", code=2)
    config = load_agent(args.file)
    metadata = metadata_for(config, args.metadata)
    credentials = load_credentials_or_fail(store_for(args))
    room = args.room or random_room_name(config.agent.name)
    token = join_token(
        credentials, config.agent.name, room, metadata, identity=args.identity,
        ttl=datetime.timedelta(minutes=args.ttl_minutes),
    )
    if args.json:
        print(json.dumps({"url": credentials.ws_url, "room": room, "identity": args.identity,
                          "agent_name": config.agent.name, "metadata": metadata, "token": token}))
        return 0
    print(f"Room {room}: joining as {args.identity} dispatches {config.agent.name}")
    print(f"Metadata: {metadata}")
    print(playground_instructions(credentials, token), end="")
    return 0
