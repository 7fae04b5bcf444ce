"""`agent-builder generate [FILE] [-o DIR] [--force] [--dry-run] [--diff] [--no-lock]`:
write the deployable LiveKit agent project generated from an agent file, then its
`uv.lock` with `uv lock` when uv is installed (the image is built from it).

Exit status: 0 written (or, with --dry-run, nothing blocks writing); 1 files edited by a
person would be overwritten (their diff is shown; --force overwrites); 2 the agent file
cannot be read or has errors, or the project cannot be written. A lock that cannot be
written (no uv, no network) is a warning, not a failure: `deploy` asks for it.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default="agent.toml", help="agent file (default: ./agent.toml)"
    )
    parser.add_argument(
        "-o", "--out", metavar="DIR",
        help="project directory (default: a folder named after the agent, beside FILE)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite files edited since they were generated"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="write nothing; list what would change"
    )
    parser.add_argument(
        "--diff", action="store_true", help="also print the unified diff of every change"
    )
    parser.add_argument(
        "--no-lock", action="store_true",
        help="do not run `uv lock` (the project then needs one before it is deployed)",
    )


_VERBS = {"create": "create", "update": "update", "remove": "remove", "edited": "EDITED"}


def run(args: argparse.Namespace) -> int:
    from runtime.codegen import GenerationRefused, apply_plan, plan_generation
    from runtime.config.errors import ConfigError
    from runtime.files import UnreadableFile
    from runtime.printable import printable

    try:
        plan = plan_generation(args.file, args.out)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except UnreadableFile as exc:  # the project folder, or a file in it (the agent file's is a ConfigError)
        print(f"error: cannot write the project: {printable(exc)}", file=sys.stderr)
        return 2
    for change in plan.changes:
        if change.status != "unchanged":
            print(f"{_VERBS[change.status]:>7}  {change.path}")
    if args.diff:
        sys.stdout.write(plan.diff())
    if plan.blocked and not args.force:
        error = GenerationRefused(plan)
        if not args.diff:
            sys.stderr.write(plan.diff("edited"))
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"{plan.out_dir}: {plan.summary()} (dry run, nothing written)")
        return 0
    try:
        apply_plan(plan, force=args.force)
    except OSError as exc:
        print(f"error: cannot write the project in {plan.out_dir}: {exc}", file=sys.stderr)
        return 2
    print(f"{plan.out_dir}: {plan.summary()}")
    if not args.no_lock:
        from runtime.codegen.lock import lock_project

        locked = lock_project(plan.out_dir)
        print(f"{plan.out_dir}: {locked.message}", file=sys.stdout if locked.ok else sys.stderr)
    return 0
