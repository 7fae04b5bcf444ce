"""`agent-builder validate FILE [--json]`: check an agent file.

Exit status: 0 no errors (warnings allowed), 1 errors, 2 the file cannot be read as TOML.
"""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="agent file to check")
    parser.add_argument("--json", action="store_true", help="print the problems as JSON")


def run(args: argparse.Namespace) -> int:
    from runtime.config.errors import ConfigLoadError
    from runtime.config.textfile import read_text
    from runtime.config.validate import ERROR, Problem, has_errors, is_unreadable, validate
    from runtime.printable import json_safe, printable

    try:
        problems = validate(read_text(args.file))
        unreadable = is_unreadable(problems)
    except ConfigLoadError as exc:
        problems = [Problem(ERROR, "", exc.message, exc.line, exc.col)]
        unreadable = True
    status = 2 if unreadable else 1 if has_errors(problems) else 0
    if args.json:
        report = {
            "file": args.file,
            "readable": status != 2,
            "valid": status == 0,
            "problems": [p.to_dict() for p in problems],
        }
        print(json_safe(json.dumps(report, indent=2, ensure_ascii=False)))
        return status
    for problem in problems:
        print(problem.format(args.file))
    if status == 0:
        warnings = f" ({len(problems)} warning(s))" if problems else ""
        print(f"{printable(args.file)}: ok{warnings}")
    return status
