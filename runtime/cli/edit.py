"""`agent-builder [edit] [FILE]`: open the Textual editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

DEFAULT_FILE = "agent.toml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default=DEFAULT_FILE,
                        help=f"agent file (default: ./{DEFAULT_FILE})")


def plain_file(argv: list[str]) -> str | None:
    """The file of a plain `edit [FILE]` command line (no options), or None.

    Such a line opens the editor without building the argument parser: argparse and its
    imports were about one percent of the editor's first paint, for a line with nothing
    to parse. Anything else (an option, --help, more words) goes through argparse."""
    if argv[:1] != ["edit"] or len(argv) > 2:
        return None
    if len(argv) == 1:
        return DEFAULT_FILE
    return None if argv[1].startswith("-") else argv[1]


def run(args: argparse.Namespace) -> int:
    return open_editor(args.file)


def check_file(file: str) -> str | None:
    """Why the editor cannot open `file`, in one line, or None. A missing file is fine
    (the editor offers to create it) and so is broken TOML (it opens the raw view);
    a FIFO, a directory, an unreadable, huge or non-UTF-8 file is not."""
    import os

    if not os.path.lexists(file):
        return None
    from runtime.files import UnreadableFile, read_text

    try:
        read_text(file)
    except FileNotFoundError:
        return f"{file}: a symlink to nothing"
    except UnreadableFile as exc:
        return str(exc)
    return None


def open_editor(file: str) -> int:
    import gc

    # Start-up allocates a few hundred thousand objects that live as long as the process:
    # collecting while it runs frees nothing, and took about 3% of the first paint. The
    # app turns the collector back on after its first frame (`tui.collector.after_first_frame`).
    problem = check_file(file)
    if problem is not None:
        import sys

        from runtime.printable import printable

        print(f"agent-builder: cannot open {printable(problem)}", file=sys.stderr)
        return 2
    gc.disable()
    try:
        from tui.app import run_app  # Textual is imported only here
    except ImportError:
        print(f"The editor is not available yet; validate the file with `agent-builder validate {file}`.")
        return 2
    return run_app(file)
