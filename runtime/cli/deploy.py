"""`agent-builder deploy [FILE] [--region R]`: generate the project and ship it with `lk`.

The first deploy runs `lk agent create` and keeps the `livekit.toml` it writes beside
the agent file; later ones push secrets with `lk agent update-secrets`, then run
`lk agent deploy`. lk's output is shown as it comes.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from runtime.deploy.cli_support import add_config_argument, add_secrets_file_argument
    from runtime.deploy.lk import REGIONS

    add_config_argument(parser)
    parser.add_argument(
        "--region",
        help=f"LiveKit Cloud region for a new agent, e.g. {', '.join(REGIONS)} (default: nearest)",
    )
    parser.add_argument(
        "-o", "--out", metavar="DIR",
        help="project folder (default: a folder named after the agent, beside FILE)",
    )
    parser.add_argument(
        "--force", action="store_true",
        help="overwrite project files edited since they were generated",
    )
    parser.add_argument(
        "--dry-run", action="store_true",
        help="check and show what would happen (files, lk commands, secrets); change nothing",
    )
    add_secrets_file_argument(parser)


def run(args: argparse.Namespace) -> int:
    from runtime.deploy.cli_support import run_command

    return run_command(_deploy, args)


def _deploy(args: argparse.Namespace) -> int:
    import asyncio

    from runtime.deploy.cli_support import print_event, store_for
    from runtime.deploy.pipeline import Deployment
    from runtime.files import check_folder

    if args.out:
        check_folder(args.out)  # before any step starts: one line, not a stopped deploy
    deployment = Deployment(
        args.file, region=args.region, project_dir=args.out, force=args.force,
        dry_run=args.dry_run, store=store_for(args),
    )

    async def follow() -> int:
        async for event in deployment.events():
            print_event(event)
        return deployment.returncode or 0

    return asyncio.run(follow())
