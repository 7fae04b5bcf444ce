"""`agent-builder test FILE [--scenario NAME] [--repeat N] [--junit PATH] [--json]`: run
the agent's scenarios (agent.tests.toml) against the generated agent.

FILE is the scenario file or the agent file beside it. The agent, the simulated caller
and the judge use LiveKit Inference (models from the file's [models], else defaults).

Each finished run is also kept beside FILE (`.agent-builder/test-results/`, ignored by
git) for the editor's Tests tab, unless --no-record.

Exit status: 0 every run passed; 1 a run failed or could not finish; 2 nothing ran (a
file is unreadable or has errors, an unknown --scenario, no LiveKit credentials); 143
stopped by SIGTERM (the runs finished until then are kept).
"""

from __future__ import annotations

import argparse
import sys


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the scenario file (agent.tests.toml) or the agent file")
    parser.add_argument(
        "--scenario", "-s", metavar="NAME", action="append",
        help="run only this scenario (repeat the option for several)",
    )
    parser.add_argument(
        "--repeat", "-n", metavar="N", type=_count, default=1,
        help="run each scenario N times and report its pass rate",
    )
    parser.add_argument("--junit", metavar="PATH", help="also write a JUnit XML report to PATH")
    parser.add_argument(
        "--json", action="store_true",
        help="print JSON lines (one per started and finished run, then a summary)",
    )
    parser.add_argument("--verbose", action="store_true", help="show the agent's log warnings")
    parser.add_argument(
        "--no-record", action="store_true",
        help="do not keep the results for the editor (.agent-builder/test-results/ beside FILE)",
    )


def run(args: argparse.Namespace) -> int:
    from runtime.scenarios.suite import SuiteError, load_credentials, prepare

    try:
        plan = prepare(args.file, args.scenario, args.repeat)
        credentials = load_credentials(plan)
        _check_writable(args.junit)
    except SuiteError as exc:
        _print_suite_error(exc, args.json)
        return 2
    import asyncio
    import os

    from runtime.scenarios.cli_output import TestOutput

    os.environ.update(credentials)  # the models read them when they are built
    output = TestOutput(plan, json_lines=args.json, secrets=set(credentials.values()),
                        record=not args.no_record)
    output.begin()
    _quiet_logs(args.verbose)
    from runtime.scenarios.suite import run_suite

    try:
        runs = asyncio.run(_until_terminated(run_suite(plan, progress=output)))
    except SuiteError as exc:
        _print_suite_error(exc, args.json)
        return 2
    except asyncio.CancelledError:
        return STOPPED
    output.end(runs)
    if args.junit:
        from runtime.config.errors import SaveError

        try:
            output.write_junit(args.junit, runs)
        except SaveError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return 0 if runs and all(run.passed for run in runs) else 1


STOPPED = 128 + 15  # as a process ended by SIGTERM


async def _until_terminated(work):
    """Run `work`; SIGTERM (the editor's stop button) cancels it, so that its clean-up
    runs (the build folder, the receiver, the session) before the process exits."""
    import asyncio
    import signal

    task = asyncio.ensure_future(work)
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    return await task


def _check_writable(junit: str | None) -> None:
    """Refuse a report path that cannot be written before the runs spend model calls,
    and one that holds a file other than an earlier report (the agent file, say)."""
    from runtime.files import UnreadableFile, check_output
    from runtime.scenarios.junit import REPORT_MARK
    from runtime.scenarios.suite import SuiteError

    if not junit:
        return
    try:
        check_output(junit, written_by=REPORT_MARK)
    except FileExistsError:
        raise SuiteError(f"--junit {junit}: the file exists and is not a JUnit report of "
                         "agent-builder; not replacing it (give another path)") from None
    except UnreadableFile as exc:
        raise SuiteError(f"--junit {exc}") from None


def _print_suite_error(exc, json_lines: bool) -> None:
    if json_lines:
        import json

        problems = [p.to_dict() for p in exc.problems]
        print(json.dumps({"type": "error", "message": str(exc), "file": exc.file,
                          "problems": problems}, ensure_ascii=False))
        return
    if exc.problems:
        for problem in exc.problems:
            print(problem.format(exc.file), file=sys.stderr)
    print(f"error: {exc}", file=sys.stderr)


def _quiet_logs(verbose: bool) -> None:
    """The SDK and the agent log to stderr; a test report shows only what failed, unless
    --verbose asks for the agent's warnings too."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING if verbose else logging.CRITICAL)
