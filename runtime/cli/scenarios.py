"""`agent-builder scenarios validate|schema|export|import`: the scenario file
(agent.tests.toml) and LiveKit's scenarios.yaml.

    validate FILE [--json]           problems as file:line:col (exit 1 errors, 2 unreadable)
    schema [-o FILE]                 the JSON Schema of scenario files, for TOML editors
    export FILE [-o scenarios.yaml]  the simulated scenarios, for `lk agent simulate --scenarios`
    import SCENARIOS.yaml [FILE]     merge LiveKit scenarios into FILE (default ./agent.tests.toml)

FILE is a scenario file or the agent file beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser("validate", help="check a scenario file against itself and its agent")
    check.add_argument("file", help="the scenario file, or the agent file beside it")
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    schema = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    schema.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export = sub.add_parser("export", help="write the simulated scenarios as LiveKit's scenarios.yaml")
    export.add_argument("file", help="the scenario file, or the agent file beside it")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")
    export.add_argument("--force", action="store_true",
                        help="replace FILE even if it is not an earlier export")
    imp = sub.add_parser("import", help="merge a LiveKit scenarios.yaml into a scenario file")
    imp.add_argument("yaml", help="the scenarios.yaml (from `lk agent simulate` or the dashboard)")
    imp.add_argument(
        "file", nargs="?", default="agent.tests.toml",
        help="the scenario file to update or create, or the agent file (default: ./agent.tests.toml)",
    )


def run(args: argparse.Namespace) -> int:
    from runtime.scenarios.suite import SuiteError

    try:
        return {"validate": _validate, "schema": _schema, "export": _export, "import": _import}[
            args.action
        ](args)
    except SuiteError as exc:  # a scenario file that cannot be read: a FIFO, a folder, ...
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _paths(file: str) -> tuple[Path, Path, str]:
    """(scenario file, agent file, the `agent` key it declares) for either file given."""
    from runtime.scenarios.suite import (
        TESTS_SUFFIX,
        agent_path_for,
        read_tests_file,
        tests_path_for,
    )

    given = Path(file)
    if not given.name.endswith(TESTS_SUFFIX):
        return tests_path_for(given), given, ""
    declared = ""
    if given.exists():
        _, data = read_tests_file(given)
        value = (data or {}).get("agent", "")
        declared = value if isinstance(value, str) else ""
    return given, agent_path_for(given, declared), declared


def _agent_facts(agent_path: Path):
    import tomllib

    from runtime.config.errors import ConfigLoadError
    from runtime.config.textfile import read_text
    from runtime.scenarios.engine.agent_facts import AgentFacts

    try:
        return AgentFacts.from_text(read_text(agent_path)), ""
    except (ConfigLoadError, tomllib.TOMLDecodeError) as exc:
        return None, f"{agent_path}: {exc}"


def _validate(args: argparse.Namespace) -> int:
    import json

    from runtime.config.validate import ERROR, Problem, has_errors, is_unreadable
    from runtime.scenarios.suite import SuiteError, read_tests_file
    from runtime.scenarios.validate import validate

    tests_path, agent_path = Path(args.file), Path(args.file)
    try:
        tests_path, agent_path, _ = _paths(args.file)
        text, _ = read_tests_file(tests_path)
        agent, agent_note = _agent_facts(agent_path)
        problems = validate(text, agent)
        unreadable = is_unreadable(problems)
    except SuiteError as exc:
        problems, unreadable, agent_note = [Problem(ERROR, "", str(exc))], True, ""
    status = 2 if unreadable else 1 if has_errors(problems) else 0
    if args.json:
        print(json.dumps({
            "file": str(tests_path), "agent": str(agent_path), "agent_checked": not agent_note,
            "valid": status == 0, "problems": [p.to_dict() for p in problems],
        }, indent=2, ensure_ascii=False))
        return status
    if agent_note:
        print(f"note: names of tools and fields not checked: {agent_note}", file=sys.stderr)
    for problem in problems:
        print(problem.format(str(tests_path)))
    if status == 0:
        print(f"{tests_path}: ok" + (f" ({len(problems)} warning(s))" if problems else ""))
    return status


def _schema(args: argparse.Namespace) -> int:
    from runtime.cli.output_file import write_output
    from runtime.config.jsonschema import title_mark
    from runtime.printable import printable
    from runtime.scenarios.jsonschema import json_schema, render_schema

    text = render_schema()
    if not args.output:
        print(text, end="")
        return 0
    status = write_output("scenarios schema", args.output, text, force=args.force,
                          written_by=title_mark(json_schema()))
    if status == 0:
        print(f"wrote {printable(args.output)}", file=sys.stderr)
    return status


def _export(args: argparse.Namespace) -> int:
    from runtime.scenarios.livekit_yaml import export_group, render_yaml
    from runtime.scenarios.suite import SuiteError, prepare

    try:
        plan = prepare(args.file)
    except SuiteError as exc:
        for problem in exc.problems:
            print(problem.format(exc.file), file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    group = export_group(plan.tests, plan.agent)
    skipped = len(plan.tests.scenarios) - len(group.scenarios)
    text = render_yaml(group, source=plan.tests_path.name)
    if args.output:
        from runtime.cli.output_file import write_output
        from runtime.scenarios.livekit_yaml import EXPORT_MARK

        status = write_output("scenarios export", args.output, text, force=args.force,
                              written_by=EXPORT_MARK)
        if status:
            return status
        print(f"wrote {args.output}: {len(group.scenarios)} simulated scenario(s)", file=sys.stderr)
    else:
        print(text, end="")
    if skipped:
        print(f"note: {skipped} scripted scenario(s) not exported: lk agent simulate plays "
              "simulated callers only", file=sys.stderr)
    if not group.scenarios:
        print("note: no simulated scenarios to export", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from runtime.config.atomic_write import atomic_write
    from runtime.config.errors import ConfigLoadError, SaveError
    from runtime.config.textfile import read_text
    from runtime.config.validate import has_errors
    from runtime.scenarios.importer import merge_group
    from runtime.scenarios.livekit_yaml import ScenariosYamlError, parse_yaml
    from runtime.scenarios.suite import TESTS_SUFFIX
    from runtime.scenarios.validate import validate

    tests_path, agent_path, _ = _paths(args.file)
    try:
        group, warnings = parse_yaml(read_text(args.yaml), args.yaml)
        before = read_text(tests_path) if tests_path.exists() else None
    except ScenariosYamlError as exc:
        for problem in exc.problems:
            print(problem.format(args.yaml), file=sys.stderr)
        print(f"error: {args.yaml} cannot be imported; {tests_path} is unchanged", file=sys.stderr)
        return 2
    except ConfigLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in warnings:
        print(problem.format(args.yaml), file=sys.stderr)
    agent, agent_note = _agent_facts(agent_path)
    if agent is None:
        print(f"error: the agent file is needed to import: {agent_note}", file=sys.stderr)
        return 2
    default_agent = tests_path.name.removesuffix(TESTS_SUFFIX) + ".toml"
    beside = agent_path.name == default_agent and agent_path.parent == tests_path.parent
    agent_ref = "" if beside else os.path.relpath(agent_path, tests_path.parent)
    try:
        text, summary = merge_group(before, group, agent, tests_name=tests_path.name, agent_ref=agent_ref)
    except Exception as exc:  # noqa: BLE001 - a file tomlkit cannot edit: say so, change nothing
        print(f"error: cannot edit {tests_path}: {exc}", file=sys.stderr)
        return 2
    problems = validate(text, agent)
    if has_errors(problems):
        for problem in problems:
            print(problem.format(str(tests_path)), file=sys.stderr)
        print(f"error: the result would have errors; {tests_path} is unchanged", file=sys.stderr)
        return 1
    if text != before:
        bom = tests_path.exists() and tests_path.read_bytes().startswith(b"\xef\xbb\xbf")
        try:
            atomic_write(tests_path, (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        except SaveError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    for line in summary.lines():
        print(line)
    print(f"{'updated' if before is not None else 'wrote'} {tests_path}" if text != before
          else f"{tests_path}: already up to date")
    return 0
