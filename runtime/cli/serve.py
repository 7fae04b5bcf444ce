"""`agent-builder serve [FILE]`: the same editor, in a browser (textual-serve).

Each browser tab runs its own `agent-builder edit FILE` process on this machine, so the
file stays the source of truth exactly as in the terminal.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="agent.toml", help="agent file (default: ./agent.toml)")
    parser.add_argument("--host", default="localhost", help="interface to listen on (default: localhost)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--public-url", help="URL the browser reaches the server at, behind a proxy")


def editor_command(file: str) -> str:
    """The shell command each browser session runs."""
    import shlex
    import sys
    from pathlib import Path

    return shlex.join([sys.executable, "-m", "runtime.cli", "edit", str(Path(file).resolve())])


def run(args: argparse.Namespace) -> int:
    import sys

    from runtime.cli.edit import check_file
    from runtime.printable import printable

    problem = check_file(args.file)
    if problem is not None:
        print(f"agent-builder serve: cannot open {printable(problem)}", file=sys.stderr)
        return 2
    from textual_serve.server import Server

    server = Server(
        editor_command(args.file),
        host=args.host,
        port=args.port,
        title=f"agent-builder — {args.file}",
        public_url=args.public_url,
    )
    server.serve()
    return 0
