"""The editor's way to run scenarios: `agent-builder test --json` in a process group of
its own, followed event by event, stopped cleanly mid-run, its results kept beside the
file for the Tests tab. Real subprocesses; the scripted model runs in this test."""

from __future__ import annotations

import asyncio
import os
import subprocess

import pytest

from runtime.scenarios import background_run as bg
from runtime.scenarios.engine.results import PASSED
from runtime.scenarios.last_results import LastResults, results_path
from tests.scenarios.conftest import call

pytestmark = pytest.mark.slow

QUICK_THEN_SLOW = """\
    version = 1

    [[mocks]]
    tool = "lookup_order"
    result = { status = "shipped" }

    [[scenarios]]
    name = "Quick"
    [[scenarios.turns]]
    user = "Where is order 123?"
    [[scenarios.turns.expect]]
    tool_called = "lookup_order"

    [[scenarios]]
    name = "Slow"
    [[scenarios.turns]]
    user = "take your time"
"""


async def collect(run: bg.BackgroundRun, until=None) -> list:
    events = []
    async for event in run.events():
        events.append(event)
        if until is not None and until(events):
            break
    return events


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_a_run_reports_its_progress_and_keeps_its_results_out_of_git(shop, roles, tmp_path):
    roles.agent = {"123": call("lookup_order", order_id="123"), "time": call("lookup_order", order_id="9")}
    shop.write_tests(QUICK_THEN_SLOW.replace("take your time", "no time"))
    subprocess.run(["git", "init", "-q", str(shop.folder)], check=True)  # noqa: ASYNC221 - before the run starts
    run = await bg.BackgroundRun.start(shop.tests_path)
    events = await asyncio.wait_for(collect(run), 120)
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["Planned", *(["ScenarioStarted", "TurnDone", "TurnDone", "ScenarioFinished"] * 2),
                     "SuiteFinished"], run.exit
    planned, started, greeting, turn, finished = events[:5]
    assert planned.scenarios == ["Quick", "Slow"] and started.scenario == "Quick"
    assert greeting.turn == 0 and [e.speaker for e in greeting.transcript] == ["agent"]
    assert turn.turn == 1 and [c.passed for c in turn.checks] == [True]
    assert [e.speaker for e in turn.transcript] == ["caller", "tool", "agent"]
    assert finished.run.status == PASSED and events[-1].passed is True
    assert run.exit.returncode == 0 and not run.exit.stopped
    # the results, for the Tests tab: outcome and the whole last run
    results = LastResults.beside(shop.tests_path)
    assert results.get("Quick").outcomes == [PASSED] and results.get("Quick").last.checks
    # ... beside the file, never committed by accident
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],  # noqa: ASYNC221
                            cwd=shop.folder, capture_output=True, text=True, check=True).stdout
    assert results_path(shop.tests_path).exists() and ".agent-builder" not in status


async def test_a_stop_mid_run_leaves_nothing_behind(shop, roles, scripted_llm, tmp_path):
    roles.agent = {"123": call("lookup_order", order_id="123")}
    scripted_llm.on("take your time", {"text": "...", "delay_s": 120})
    shop.write_tests(QUICK_THEN_SLOW)
    temp = tmp_path / "temp"
    temp.mkdir()
    run = await bg.BackgroundRun.start(shop.tests_path, env={"TMPDIR": str(temp)})

    def slow_is_waiting(events):  # the slow scenario greeted and is stuck in its turn
        return any(isinstance(e, bg.TurnDone) and e.scenario == "Slow" for e in events)

    events = await asyncio.wait_for(collect(run, until=slow_is_waiting), 120)
    assert any(isinstance(e, bg.ScenarioFinished) and e.run.scenario == "Quick" for e in events)
    assert list(temp.glob("agent-builder-tests-*")), "the run builds its project there"
    exited = await asyncio.wait_for(run.stop(), 30)
    assert exited.stopped and exited.returncode == 143, exited.stderr  # stopped, not killed
    assert not group_alive(run.pid)
    assert list(temp.glob("agent-builder-tests-*")) == []  # its build folder went with it
    # what finished before the stop is kept; the stopped run is not a failure
    results = LastResults.beside(shop.tests_path)
    assert results.get("Quick").outcomes == [PASSED] and results.get("Slow") is None


async def test_a_run_that_ignores_sigterm_is_killed_after_the_grace(shop, roles, scripted_llm):
    scripted_llm.on("take your time", {"text": "...", "delay_s": 120})
    shop.write_tests(QUICK_THEN_SLOW)
    run = await bg.BackgroundRun.start(shop.tests_path, scenarios=["Slow"])
    await asyncio.wait_for(collect(run, until=lambda ev: isinstance(ev[-1], bg.TurnDone)), 120)
    os.kill(run.pid, 19)  # SIGSTOP: it cannot act on SIGTERM any more
    exited = await asyncio.wait_for(run.stop(grace=0.5), 30)
    assert exited.stopped and exited.returncode == -9 and not group_alive(run.pid)


async def test_a_file_with_errors_is_refused_with_its_problems(shop, scripted_llm):
    shop.write_tests('version = 1\n[[scenarios]]\nname = "A"\n[[scenarios.turns]]\nuser = "hi"\n'
                     '[[scenarios.turns.expect]]\ntool_called = "lookup_ordr"\n')
    run = await bg.BackgroundRun.start(shop.tests_path)
    [refused] = await asyncio.wait_for(collect(run), 60)
    assert isinstance(refused, bg.Refused) and refused.file.endswith("agent.tests.toml")
    [problem] = refused.problems
    assert (problem["line"], problem["col"]) == (7, 1) and "did you mean 'lookup_order'" in problem["message"]
    assert run.exit.returncode == 2


async def test_kept_results_never_hold_a_secret(shop, roles, scripted_llm):
    (shop.folder / ".env.local").write_text("SHOP_TOKEN=tok-4f9a8b7c6d5e\n")
    roles.otherwise = "You said tok-4f9a8b7c6d5e, noted."
    shop.write_tests("""\
        version = 1
        [[scenarios]]
        name = "Says a secret"
        [[scenarios.turns]]
        user = "my token is tok-4f9a8b7c6d5e"
        [[scenarios.turns.expect]]
        reply_contains = "tok-4f9a8b7c6d5e"
        """)
    run = await bg.BackgroundRun.start(shop.tests_path)
    events = await asyncio.wait_for(collect(run), 120)
    finished = next(e for e in events if isinstance(e, bg.ScenarioFinished))
    # the check saw the real reply inside the run; everything leaving the process is masked
    assert finished.run.status == PASSED
    text = results_path(shop.tests_path).read_text()
    assert "tok-4f9a8b7c6d5e" not in text and "****" in text
    assert all("tok-4f9a8b7c6d5e" not in e.text for e in finished.run.transcript)


def _record_many(tests_path: str, name: str, count: int) -> None:
    from pathlib import Path

    from runtime.scenarios.engine.model import Scenario
    from runtime.scenarios.engine.results import ScenarioRun
    from runtime.scenarios.last_results import LastResults

    for _ in range(count):
        LastResults.beside(Path(tests_path)).record(ScenarioRun(name, "scripted"), Scenario(name=name))


def test_two_runs_recording_at_once_lose_nothing(tmp_path):
    import multiprocessing

    tests_path = tmp_path / "agent.tests.toml"
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_record_many, args=(str(tests_path), name, 15)) for name in "AB"]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    results = LastResults.beside(tests_path)
    assert [len(results.get(n).outcomes) for n in "AB"] == [15, 15]


def test_a_damaged_results_file_is_started_over(tmp_path):
    from runtime.scenarios.engine.model import Scenario
    from runtime.scenarios.engine.results import ScenarioRun

    tests_path = tmp_path / "agent.tests.toml"
    path = results_path(tests_path)
    path.parent.mkdir(parents=True)
    for damage in ("{not json", '{"format": 99, "scenarios": {}}', '{"format": 1, "scenarios": {"A": 3}}', "[]"):
        path.write_text(damage)
        assert LastResults.beside(tests_path).records == {}
    LastResults.beside(tests_path).record(ScenarioRun("A", "scripted"), Scenario(name="A"))
    assert LastResults.beside(tests_path).get("A").outcomes == [PASSED]
