"""The `agent-builder` command.

Headless commands must never import Textual or livekit.agents. Each subcommand lives in
its own module under this package, which may import only the standard library at module
level (argument declarations); heavy imports happen inside its `run()`.

`agent-builder` and `agent-builder FILE` open the editor: anything that is not a known
subcommand or an option is taken as the file to edit.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from runtime import __version__

if TYPE_CHECKING:
    import argparse

# (subcommand, module under runtime.cli, one-line help). Order is the order of --help.
COMMANDS: list[tuple[str, str, str]] = [
    ("edit", "edit", "open the editor on an agent file (the default)"),
    ("serve", "serve", "open the editor in a browser (textual-serve)"),
    ("new", "new", "write a commented starter agent file"),
    ("validate", "validate", "check an agent file; exit 1 on errors, 2 if unreadable"),
    ("schema", "schema", "print the JSON Schema of agent files (for TOML editors)"),
    ("preview", "preview", "talk to the agent in the terminal (--script for CI)"),
    ("test", "test", "run the agent's scenarios (agent.tests.toml); exit 1 if one fails"),
    ("scenarios", "scenarios", "check, export or import scenarios (LiveKit's scenarios.yaml)"),
    ("generate", "generate", "write the deployable LiveKit agent project (src/agent.py, Dockerfile, ...)"),
    ("secrets", "secrets", "list, set or unset local secrets (.env.local by default)"),
    ("deploy", "deploy", "generate the project and deploy it to LiveKit Cloud with lk"),
    ("status", "status", "show the deployed agent's status (lk agent status)"),
    ("logs", "logs", "follow the deployed agent's logs (lk agent logs)"),
    ("dispatch", "dispatch", "send the deployed agent to a room, with job metadata"),
    ("token", "token", "print a join token that dispatches the agent, for the playground"),
]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` the one subcommand about to run: declaring
    the others imports their modules, which the editor's start-up should not wait for."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="agent-builder",
        description="Build LiveKit voice agents in a TOML file, from the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"agent-builder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name, help_text in COMMANDS:
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"runtime.cli.{module_name}")
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


_NAMES = frozenset(name for name, _, _ in COMMANDS)
_SCREEN_COMMANDS = frozenset({"edit", "serve"})  # the editor owns its screen


def _mask_secrets_in_output(args: argparse.Namespace) -> None:
    """Whatever a command prints, a secret it knows of is masked in it (all its forms)."""
    from runtime.redaction import RedactingWriter, Redactor
    from runtime.secrets import known_secrets

    redact = Redactor(known_secrets(getattr(args, "file", None), getattr(args, "secrets_file", None)))
    if redact:
        sys.stdout = RedactingWriter(sys.stdout, redact)
        sys.stderr = RedactingWriter(sys.stderr, redact)


def _with_default_command(argv: list[str]) -> list[str]:
    if not argv or (argv[0] not in _NAMES and not argv[0].startswith("-")):
        return ["edit", *argv]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    args_list = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    try:
        if args_list[0] == "edit":
            from runtime.cli import edit

            file = edit.plain_file(args_list)  # the editor's usual start skips argparse
            if file is not None:
                return int(edit.open_editor(file) or 0)
        parser = build_parser(only=args_list[0] if args_list[0] in _NAMES else None)
        args = parser.parse_args(args_list)
        if args.command not in _SCREEN_COMMANDS:
            _mask_secrets_in_output(args)
        try:
            return int(args._module.run(args) or 0)
        finally:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `agent-builder ... | head`: the reader has what it wanted
        _silence_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - the last word: one line, never a traceback
        return _unexpected(exc)


def _unexpected(exc: BaseException) -> int:
    import os

    from runtime.files import UnreadableFile
    from runtime.printable import printable

    if isinstance(exc, UnreadableFile):
        print(f"agent-builder: {printable(exc)}", file=sys.stderr)
        return 2
    if os.environ.get("AGENT_BUILDER_DEBUG"):
        raise exc
    what = printable(f"{type(exc).__name__}: {exc}")[:300]
    print(f"agent-builder: internal error ({what}); run with AGENT_BUILDER_DEBUG=1 to see "
          "where, and please report it", file=sys.stderr)
    return 70


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
