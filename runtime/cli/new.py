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
    from runtime.config.starter import StarterError, write_starter
    from runtime.files import UnreadableFile, check_output
    from runtime.printable import printable

    shown = printable(args.file)
    try:
        check_output(args.file)
        write_starter(args.file, args.example)
    except StarterError as exc:
        print(f"agent-builder new: {printable(exc)}", file=sys.stderr)
        return 2
    except FileExistsError:
        print(f"agent-builder new: {shown} already exists; not overwriting it", file=sys.stderr)
        return 1
    except UnreadableFile as exc:
        print(f"agent-builder new: {printable(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"agent-builder new: cannot write {shown}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {shown}; edit it with `agent-builder {shown}`")
    return 0
