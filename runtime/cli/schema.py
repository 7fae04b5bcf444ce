"""`agent-builder schema [-o FILE] [--force]`: print the JSON Schema of agent.toml.

With `-o` it writes FILE, and never replaces an existing file unless `--force` says so
(a stray `-o agent.toml` must not turn the agent into JSON).
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from runtime.config.jsonschema import render_schema

    text = render_schema()
    if not args.output:
        print(text, end="")
        return 0
    from pathlib import Path

    from runtime.config.atomic_write import atomic_write
    from runtime.config.errors import SaveError
    from runtime.files import UnreadableFile, check_output
    from runtime.printable import printable

    shown = printable(args.output)
    try:
        check_output(args.output, force=args.force)
        atomic_write(Path(args.output), text.encode("utf-8"))
    except FileExistsError:
        print(f"agent-builder schema: {shown} already exists; not replacing it "
              "(--force replaces it)", file=sys.stderr)
        return 1
    except (UnreadableFile, SaveError) as exc:
        print(f"agent-builder schema: {printable(exc)}", file=sys.stderr)
        return 2
    print(f"wrote {shown}")
    return 0
