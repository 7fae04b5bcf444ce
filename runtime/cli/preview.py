"""`agent-builder preview FILE`: talk to the agent in the terminal.

Interactive by default (a plain-text chat; saving the file reloads the agent). With
`--script TURNS` each line of TURNS is one user turn; the transcript, tool calls, fields
and the end-of-call POST are printed as JSON lines, and the exit code is 1 if the worker
failed. With `--live-check`, one turn (the script's first, or a greeting) goes through
LiveKit Inference and one line says PASS (exit 0) or FAIL (exit 1); without credentials
it says SKIPPED and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the agent file (agent.toml)")
    parser.add_argument(
        "--script", metavar="TURNS", help="a text file, one user turn per line ('-' reads stdin)"
    )
    parser.add_argument(
        "--metadata", metavar="JSON", help="mock job metadata (default: the [metadata] examples)"
    )
    parser.add_argument(
        "--real-endpoint",
        action="store_true",
        help="send the end-of-call POST to the configured endpoint instead of the local inbox",
    )
    parser.add_argument("--verbose", action="store_true", help="show every worker log line")
    parser.add_argument(
        "--live-check",
        action="store_true",
        help="one real turn through LiveKit Inference, then PASS or FAIL (skipped without credentials)",
    )


def _read_turns(source: str) -> list[str]:
    from runtime.files import read_text

    text = sys.stdin.read() if source == "-" else read_text(source)
    # Blank lines and '#' comments are not turns.
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def run(args: argparse.Namespace) -> int:
    # The worker process takes longest to get going (it imports the SDK): it starts before
    # anything else is imported or checked, and is ended if the checks fail.
    from runtime.preview.launcher import start_process

    try:
        started = start_process()
    except OSError as exc:  # the interpreter cannot be run (permissions, a broken venv)
        started, failed = None, exc
    handed_over = False
    try:
        checked = _check(args)
        if isinstance(checked, int):
            return checked
        if started is None:
            print(f"error: cannot start the preview worker: {failed.strerror or failed}",
                  file=sys.stderr)
            return 2
        metadata, turns = checked

        import asyncio

        from runtime.preview.chat import run_chat, run_script
        from runtime.preview.session import PreviewOptions, PreviewSession

        options = PreviewOptions(
            metadata=metadata,
            real_endpoint=args.real_endpoint,
            warm_spare=turns is None and not args.live_check,
        )
        session = PreviewSession(Path(args.file), options)
        session.spares.add_started(started)  # the session ends it with its other workers
        handed_over = True
        if args.live_check:
            from runtime.preview.live_check import run_live_check

            first = turns[0] if turns else None
            return asyncio.run(run_live_check(session, first, sys.stdout, llm=_llm(args.file)))
        if turns is not None:
            return asyncio.run(run_script(session, turns, sys.stdout))
        return asyncio.run(run_chat(session, args.verbose, sys.stdout))
    finally:
        if not handed_over and started is not None:
            _end(started)


def _check(args: argparse.Namespace) -> int | tuple[dict | None, list[str] | None]:
    """(metadata, turns), or the exit code after saying what is wrong."""
    from runtime.preview.config_view import read_preview_config
    from runtime.preview.credentials import MissingCredentials, load_credentials
    from runtime.preview.errors import PreviewError
    from runtime.printable import printable

    try:
        metadata = json.loads(args.metadata) if args.metadata else None
        if metadata is not None and not isinstance(metadata, dict):
            raise ValueError("it must be a JSON object")
    except (ValueError, RecursionError) as exc:
        print(f"error: --metadata is not a JSON object: {printable(exc)}", file=sys.stderr)
        return 2
    try:
        read_preview_config(Path(args.file))
        load_credentials(Path(args.file))
    except MissingCredentials as exc:
        if args.live_check:
            from runtime.preview.live_check import skipped_line

            reason = printable(str(exc).splitlines()[0])
            print(skipped_line(f"no LiveKit credentials. {reason}"), flush=True)
            return 0
        print(f"error: {printable(exc, keep_lines=True)}", file=sys.stderr)
        return 2
    except (PreviewError, OSError) as exc:
        print(f"error: {printable(exc, keep_lines=True)}", file=sys.stderr)
        return 2
    try:
        turns = _read_turns(args.script) if args.script else None
    except FileNotFoundError:
        print(f"error: cannot read the script {printable(args.script)}: it does not exist",
              file=sys.stderr)
        return 2
    except PreviewError as exc:
        print(f"error: {printable(exc, keep_lines=True)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot read the script {printable(args.script)}: "
              f"{printable(exc.strerror or exc)}", file=sys.stderr)
        return 2
    return metadata, turns


def _llm(path: str) -> str:
    from runtime.config.model import load_config

    return load_config(Path(path)).models.llm


def _end(process) -> None:
    import os
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
