"""`agent-builder new [FILE] [--example NAME]`: write a commented starter agent file."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default="agent.toml", help="file to create (default: ./agent.toml)"
    )
    parser.add_argument("--example", metavar="NAME", help="start from a bundled example instead")


def run(args: argparse.Namespace) -> int:
    from runtime.config.starters import StarterError, starter_text

    try:
        text = starter_text(args.example)
    except StarterError as exc:
        print(f"agent-builder new: {exc}", file=sys.stderr)
        return 2
    try:
        with open(args.file, "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"agent-builder new: {args.file} already exists; not overwriting it", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"agent-builder new: cannot write {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {args.file}; edit it with `agent-builder {args.file}`")
    return 0
