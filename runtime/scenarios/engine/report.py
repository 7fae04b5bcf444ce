"""The readable report of a test run: per scenario pass or fail, and for a failure the
expectation, the turn and what happened instead, with that turn's transcript.

With `--repeat` each scenario shows its pass rate and its most common failure.
"""

from __future__ import annotations

from collections import Counter

from .results import ERROR, FAILED, Check, ScenarioRun, ScenarioStats, group_runs

_LABELS = {"passed": "PASS", FAILED: "FAIL", ERROR: "ERROR"}


def where(check: Check) -> str:
    if check.turn is None:
        return "after the call"
    return "greeting" if check.turn == 0 else f"turn {check.turn}"


def failure_lines(run: ScenarioRun, indent: str = "      ") -> list[str]:
    """What went wrong in one run, then the transcript of the first failing turn."""
    if run.status == ERROR:
        lines = [f"{indent}error: {run.error}"]
    else:
        lines = []
        for check in run.failures:
            lines.append(f"{indent}{where(check)}: expected: {check.expectation}")
            if check.detail:
                lines.append(f"{indent}  {'judge' if check.judged else 'instead'}: {check.detail}")
    first = next((c.turn for c in run.failures if c.turn is not None), None)
    if first is None and run.status == ERROR:
        first = run.turns or None
    if first is not None:
        entries = [e for e in run.transcript if e.turn == first]
        if entries:
            lines.append(f"{indent}{'greeting' if first == 0 else f'turn {first}'} went:")
            lines += [f"{indent}  {e.speaker}: {e.text}" for e in entries]
    return lines


def run_line(run: ScenarioRun, width: int) -> str:
    turns = f"{run.turns} turn{'s' if run.turns != 1 else ''}"
    ended = f", ended by {run.ended_by}" if run.ended_by and run.kind == "simulated" else ""
    return (
        f"{_LABELS[run.status]:<5} {run.scenario:<{width}}  {turns}{ended}, {run.duration_s:.1f} s"
    )


def stats_line(stats: ScenarioStats, width: int) -> str:
    rate = f"{stats.passed}/{stats.total}"
    return f"{rate:>7} {stats.rate:>5.0%}  {stats.scenario:<{width}}"


def most_common_failure(stats: ScenarioStats) -> tuple[str, int] | None:
    reasons: Counter[str] = Counter()
    for run in stats.runs:
        if run.status == ERROR:
            reasons[f"error: {run.error}"] += 1
        elif run.failures:
            check = run.failures[0]
            reasons[f"{where(check)}: expected: {check.expectation}"] += 1
    return reasons.most_common(1)[0] if reasons else None


def summary_line(runs: list[ScenarioRun], repeat: int) -> str:
    stats = group_runs(runs)
    if repeat > 1:
        steady = sum(s.all_passed for s in stats)
        passed = sum(s.passed for s in stats)
        total = sum(s.total for s in stats)
        return (
            f"{steady} of {len(stats)} scenarios passed every run; "
            f"{passed} of {total} runs passed ({passed / total:.0%})"
            if total
            else "nothing ran"
        )
    failed = sum(r.status == FAILED for r in runs)
    errors = sum(r.status == ERROR for r in runs)
    passed = len(runs) - failed - errors
    extra = ", ".join(
        p for p in (f"{failed} failed" if failed else "", f"{errors} errors" if errors else "") if p
    )
    return f"{passed} of {len(runs)} passed" + (f" ({extra})" if extra else "")


def render_report(runs: list[ScenarioRun], repeat: int) -> str:
    """The whole report (the CLI prints runs as they finish, then `render_summary`)."""
    width = max((len(r.scenario) for r in runs), default=10)
    lines = []
    for run in runs:
        lines.append(run_line(run, width))
        if not run.passed:
            lines += failure_lines(run)
    lines.append(render_summary(runs, repeat))
    return "\n".join(lines)


def render_summary(runs: list[ScenarioRun], repeat: int) -> str:
    lines = [""]
    if repeat > 1:
        stats = group_runs(runs)
        width = max((len(s.scenario) for s in stats), default=10)
        lines.append("pass rates:")
        for s in stats:
            lines.append(stats_line(s, width))
            common = most_common_failure(s)
            if common is not None and not s.all_passed:
                reason, count = common
                lines.append(f"{'':>15}most common ({count} of {s.total}): {reason}")
    lines.append(summary_line(runs, repeat))
    return "\n".join(lines)
