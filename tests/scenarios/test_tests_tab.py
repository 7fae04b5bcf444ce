"""The Tests tab through Pilot: the scenarios with their last result and pass rate, runs
followed turn by turn in a real `agent-builder test` process, a stop, a failure's
transcript with its turn marked, and Save as test from the real preview."""

from __future__ import annotations

import asyncio
import os

import pytest
from textual.css.query import NoMatches
from textual.widgets import Button, DataTable, Input, Static

from runtime.preview import events as ev
from runtime.scenarios.engine.model import Scenario
from runtime.scenarios.engine.results import Check, ScenarioRun, TranscriptEntry
from runtime.scenarios.last_results import LastResults
from tests.preview.conftest import EventLog
from tests.scenarios.conftest import call
from tests.scenarios.test_cli import TWO_SCENARIOS as TWO
from tui.app import AgentBuilderApp
from tui.tabs.tests import TestsTab
from tui.tests.run_view import RunView


async def wait_until(pilot, condition, timeout: float = 120.0) -> None:
    """Let the app work until `condition()` holds (runs take real processes and time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not _holds(condition):
        assert loop.time() < deadline, "the app never got there"
        await pilot.pause(0.05)


def _holds(condition) -> bool:
    try:
        return bool(condition())
    except NoMatches:  # a form being rebuilt (a hand edit taken in): not there yet
        return False


def cells(app) -> list[list[str]]:
    table = app.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_tests_tab(pilot, app) -> TestsTab:
    await app.action_show_tab("tests")
    await wait_until(pilot, lambda: bool(app.query(TestsTab)), 10)
    await pilot.pause()
    return app.query_one(TestsTab)


def problems_text(app) -> str:
    """The scenario problems listed (its title names the file), one line each."""
    from textual.content import Content

    panel = app.query_one("#tests-problems")
    rows = [Content.from_markup(str(panel.get_option_at_index(i).prompt)).plain
            for i in range(panel.option_count)]
    return "\n".join([str(panel.border_title), *rows]) if rows else ""


def status(app) -> str:
    return str(app.query_one("#tests-status", Static).render())


def failed_run(name: str) -> ScenarioRun:
    run = ScenarioRun(name, "scripted", status="passed", turns=1)
    run.transcript = [TranscriptEntry(0, "agent", "Welcome!"), TranscriptEntry(1, "caller", "Where is 123?"),
                      TranscriptEntry(1, "tool", 'lookup_order(order_id="124") -> not found', True),
                      TranscriptEntry(1, "agent", "I could not find it.")]
    run.add(Check('calls lookup_order with {"order_id": "123"}', False, 1,
                  'it called lookup_order(order_id="124")'))
    return run


async def test_the_tab_lists_each_scenario_with_its_last_result_and_pass_rate(shop):
    shop.write_tests(TWO)
    results = LastResults.beside(shop.tests_path)
    order = Scenario(name="Order status")  # the digest differs: it shows as edited since
    for passed in (True, True, False):
        results.record(ScenarioRun("Order status", "scripted") if passed else failed_run("Order status"), order)
    app = AgentBuilderApp(shop.agent_path, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tests_tab(pilot, app)
        rows = cells(app)
        assert [r[1] for r in rows] == ["Order status", "Greets back"]
        assert rows[0][2].startswith("failed at turn 1 just now") and rows[0][2].endswith("edited since")
        assert rows[0][3:] == ["2/3 (67%)", "1 turn"]
        assert rows[1][2:] == ["not run yet", "", "1 turn"]
        assert status(app) == "2 scenarios; last runs: 0 of 1 passed"
        # the last run's transcript, the failing turn marked and its reason shown
        view = app.query_one(RunView)
        [failing] = view.query(".-failing")
        text = str(failing.render())
        assert text.startswith("Turn 1  ✗ failed here\n")
        assert '✗ calls lookup_order with {"order_id": "123"}' in text
        assert 'instead: it called lookup_order(order_id="124")' in text


async def test_a_missing_or_broken_file_says_what_to_do(shop):
    app = AgentBuilderApp(shop.agent_path, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await open_tests_tab(pilot, app)
        assert status(app).startswith("No scenarios yet. In the preview, talk to the agent and choose Save as test")
        assert app.query_one("#tests-run-all", Button).disabled
        shop.tests_path.write_text('version = 1\n[[scenarios]]\nname = "A"\n[[scenarios.turns]]\nuser = "hi"\n'
                                   '[[scenarios.turns.expect]]\ntool_caled = "x"\n')
        tab.reload()
        await pilot.pause()
        problems = problems_text(app)
        assert problems.startswith("agent.tests.toml: Problems (1 error, 0 warnings)\n"), problems
        assert "✖   L7  scenarios[0].turns[0].expect[0].tool_caled" in problems
        assert app.query_one("#tests-run-all", Button).disabled


@pytest.mark.slow
async def test_run_all_shows_progress_then_results_and_the_failure(shop, roles, scripted_llm):
    roles.agent = {"123": call("lookup_order", order_id="124")}
    roles.otherwise = "Good day."
    shop.write_tests(TWO)
    app = AgentBuilderApp(shop.agent_path, watch_interval=None)
    seen: set[str] = set()
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await open_tests_tab(pilot, app)
        refresh_row = tab._refresh_row

        def recorded(index):  # every progress state is shown through its row: seen there
            seen.update(f"{n}: {s}" for n, s in tab.progress.items())
            refresh_row(index)

        tab._refresh_row = recorded  # sampling while waiting missed short states under load
        app.query_one(DataTable).focus()
        await pilot.press("f5")

        def progressed() -> bool:
            seen.update(f"{n}: {s}" for n, s in tab.progress.items())
            return tab.running is None and len(seen) > 0

        await wait_until(pilot, progressed)
        assert {"Order status: queued", "Order status: running", "Order status: running, turn 1 done",
                "Greets back: queued"} <= seen
        rows = cells(app)
        assert all("✗" in r[0] for r in rows)
        assert rows[0][2].startswith("failed at turn 1") and rows[0][3] == "0/1 (0%)"
        assert status(app) == "2 scenarios; last runs: 0 of 2 passed"
        [failing] = app.query_one(RunView).query(".-failing")
        assert 'instead: it called lookup_order(order_id="124")' in str(failing.render())
        # enter on a row runs just that one
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: tab.running is None and cells(app)[1][3] == "0/2 (0%)")
        assert cells(app)[0][3] == "0/1 (0%)"
        # a pass-rate run (the palette's): the scenario several times, now right
        roles.agent = {"123": call("lookup_order", order_id="123")}
        tab.run_scenarios(["Order status"], repeat=3)
        await wait_until(pilot, lambda: tab.running is None and cells(app)[0][3] == "3/4 (75%)")


@pytest.mark.slow
async def test_a_run_is_stopped_from_the_tab_and_leaves_nothing_behind(shop, roles, scripted_llm):
    scripted_llm.on("Hello there", {"text": "...", "delay_s": 120})
    shop.write_tests(TWO)
    app = AgentBuilderApp(shop.agent_path, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await open_tests_tab(pilot, app)
        await pilot.click("#tests-run-all")
        await wait_until(pilot, lambda: tab.progress.get("Greets back") == "running, greeting done")
        pid = tab.running.pid
        assert not app.query_one("#tests-stop", Button).disabled
        await pilot.click("#tests-stop")
        await wait_until(pilot, lambda: tab.running is None, 30)
        assert status(app) == "Stopped after 1 of 2; Greets back did not finish"
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)
        assert cells(app)[1][2] == "not run yet"  # a stopped run is no result


@pytest.mark.slow
async def test_save_as_test_from_the_preview_then_run_it_green(shop, roles, scripted_llm, api):
    roles.agent = {"123": call("lookup_order", order_id="123")}
    roles.after_tool = "It has shipped."
    app = AgentBuilderApp(shop.agent_path, watch_interval=None)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("f7")
        await wait_until(pilot, lambda: bool(app.query("PreviewPanel")), 10)
        panel = app.query_one("PreviewPanel")
        log = EventLog(panel.session)
        await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.role == "agent", timeout=60)
        box = app.query_one("#preview-input", Input)
        box.focus()
        await pilot.press(*"Where is order 123?", "enter")
        await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.text == "It has shipped.", timeout=60)

        await pilot.click("#preview-save-test")
        await wait_until(pilot, lambda: app.screen.query("#save-test-name"), 10)
        name = app.screen.query_one("#save-test-name", Input)
        assert name.value == "From the preview: Where is order 123?"
        await pilot.press("enter")
        await wait_until(pilot, lambda: shop.tests_path.exists(), 10)
        assert 'tool_called = "lookup_order"' in shop.tests_path.read_text()

        tab = await open_tests_tab(pilot, app)
        assert [r[1] for r in cells(app)] == ["From the preview: Where is order 123?"]
        calls_before = len(api.received)
        await pilot.click("#tests-run-all")
        await wait_until(pilot, lambda: tab.running is None and cells(app)[0][3] == "1/1 (100%)")
        assert api.received[calls_before:] == []  # the saved test replays the API's answer


async def test_hand_edits_and_runs_from_a_terminal_show_up_by_themselves(shop):
    shop.write_tests(TWO)
    app = AgentBuilderApp(shop.agent_path, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tests_tab(pilot, app)
        assert len(cells(app)) == 2
        shop.tests_path.write_text(shop.tests_path.read_text().replace('"Greets back"', '"Says hello"'))
        await wait_until(pilot, lambda: [r[1] for r in cells(app)] == ["Order status", "Says hello"], 10)
        LastResults.beside(shop.tests_path).record(ScenarioRun("Says hello", "scripted"), Scenario(name="Says hello"))
        await wait_until(pilot, lambda: cells(app)[1][3] == "1/1 (100%)", 10)


@pytest.mark.slow
async def test_without_credentials_the_tab_says_what_to_set(shop, monkeypatch):
    for name in ("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_INFERENCE_API_KEY", "LIVEKIT_INFERENCE_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    shop.write_tests(TWO)
    app = AgentBuilderApp(shop.agent_path, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await open_tests_tab(pilot, app)
        await pilot.click("#tests-run-all")
        await wait_until(pilot, lambda: tab.running is None and "Not run" in status(app), 60)
        assert "The tests need LIVEKIT_API_KEY and LIVEKIT_API_SECRET" in status(app)
        assert [r[2] for r in cells(app)] == ["not run yet", "not run yet"]
