"""JUnit XML of a test run, the report format CI systems read.

One <testsuite> for the scenario file and one <testcase> per run (with `--repeat`, the
run number is in the name); a failed expectation is a <failure>, a run that could not
finish an <error>, and the transcript is the case's <system-out>. Each scenario's pass
rate is a property of the suite.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

from runtime.scenarios.engine.report import failure_lines, where
from runtime.scenarios.engine.results import ERROR, FAILED, ScenarioRun, group_runs

# What XML 1.0 cannot hold even escaped: a model's stray control character would make
# the whole file unreadable to the CI.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# How every report opens (after the XML declaration): a file holding it may be replaced.
REPORT_MARK = '<testsuites name="agent-builder"'


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def case_name(run: ScenarioRun, repeat: int) -> str:
    return f"{run.scenario} (run {run.attempt} of {repeat})" if repeat > 1 else run.scenario


def render_junit(runs: list[ScenarioRun], *, suite: str, repeat: int) -> str:
    failures = sum(r.status == FAILED for r in runs)
    errors = sum(r.status == ERROR for r in runs)
    total_time = sum(r.duration_s for r in runs)
    root = ET.Element(
        "testsuites",
        name="agent-builder",
        tests=str(len(runs)),
        failures=str(failures),
        errors=str(errors),
        time=f"{total_time:.3f}",
    )
    element = ET.SubElement(
        root,
        "testsuite",
        name=_clean(suite),
        tests=str(len(runs)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time=f"{total_time:.3f}",
        timestamp=datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
    )
    properties = ET.SubElement(element, "properties")
    for stats in group_runs(runs):
        ET.SubElement(
            properties,
            "property",
            name=_clean(f"pass_rate: {stats.scenario}"),
            value=f"{stats.passed}/{stats.total}",
        )
    for run in runs:
        case = ET.SubElement(
            element,
            "testcase",
            classname=f"{suite}.{run.kind}",
            name=_clean(case_name(run, repeat)),
            time=f"{run.duration_s:.3f}",
        )
        details = "\n".join(line.strip("\n") for line in failure_lines(run, indent=""))
        if run.status == ERROR:
            ET.SubElement(case, "error", message=_clean(run.error), type="error").text = _clean(details)
        elif run.status == FAILED:
            first = run.failures[0]
            message = f"{where(first)}: expected: {first.expectation}"
            if first.detail:
                message += f"; {'judge' if first.judged else 'instead'}: {first.detail}"
            ET.SubElement(
                case, "failure", message=_clean(message), type="expectation"
            ).text = _clean(details)
        transcript = "\n".join(
            f"[{'greeting' if e.turn == 0 else f'turn {e.turn}'}] {e.speaker}: {e.text}"
            for e in run.transcript
        )
        ET.SubElement(case, "system-out").text = _clean(transcript)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
