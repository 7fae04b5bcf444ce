"""`agent-builder schema [-o FILE] [--force]`: print the JSON Schema of agent.toml.

With `-o` it writes FILE, and never replaces an existing file it did not write unless
`--force` says so (a stray `-o agent.toml` must not turn the agent into JSON); a schema
it wrote before is updated.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from runtime.config.jsonschema import render_schema, title_mark

    text = render_schema()
    if not args.output:
        print(text, end="")
        return 0
    from runtime.cli.output_file import write_output
    from runtime.printable import printable

    status = write_output("schema", args.output, text, force=args.force, written_by=title_mark())
    if status == 0:
        print(f"wrote {printable(args.output)}")
    return status
