"""`agent-builder [edit] [FILE]`: open the Textual editor."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="agent.toml", help="agent file (default: ./agent.toml)")


def run(args: argparse.Namespace) -> int:
    try:
        from tui.app import run_app  # Textual is imported only here
    except ImportError:
        print(f"The editor is not available yet; validate the file with `agent-builder validate {args.file}`.")
        return 2
    return run_app(args.file)
