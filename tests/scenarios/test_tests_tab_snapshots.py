"""Screenshots of the Tests tab at 80x24 (SSH) and 120x40, like the other tabs: three
scenarios, one of them failed at its second turn and selected."""

from __future__ import annotations

import textwrap

import pytest

from runtime.scenarios.engine.model import ScenarioFile
from runtime.scenarios.engine.results import Check, ScenarioRun, TranscriptEntry
from runtime.scenarios.last_results import LastResults
from tests.tui.conftest import agent_file, make_app  # noqa: F401 - agent_file is a fixture

SCENARIOS = textwrap.dedent("""\
    version = 1

    [[mocks]]
    tool = "lookup_order"
    result = { status = "shipped" }

    [[scenarios]]
    name = "Books a Monday appointment"
    [[scenarios.turns]]
    user = "Hi, I'd like to come in on Monday at 9:30."
    [[scenarios.turns.expect]]
    field_collected = "appointment"
    value = { day = "Monday", time = "09:30" }

    [[scenarios]]
    name = "Where is my order"
    [[scenarios.turns]]
    user = "Hello"
    [[scenarios.turns]]
    user = "Where is order 123?"
    [[scenarios.turns.expect]]
    tool_called = "lookup_order"
    arguments = { order_id = "123" }

    [[scenarios]]
    name = "Impatient caller"
    kind = "simulated"
    instructions = "You are in a hurry and want a Monday appointment."
    agent_expectations = "Books Monday without wasting the caller's time."
""")


def failed_at_turn_two() -> ScenarioRun:
    run = ScenarioRun("Where is my order", "scripted", turns=2, duration_s=3.2, ended_by="script")
    run.transcript = [
        TranscriptEntry(0, "agent", "Welcome to the front desk! How can I help?"),
        TranscriptEntry(1, "caller", "Hello"),
        TranscriptEntry(1, "agent", "Hello! What can I do for you?"),
        TranscriptEntry(2, "caller", "Where is order 123?"),
        TranscriptEntry(2, "tool", 'lookup_order(order_id="132") -> {"status": "unknown"}'),
        TranscriptEntry(2, "agent", "I could not find order 132."),
    ]
    run.add(Check('calls lookup_order with {"order_id": "123"}', False, 2,
                  'it called lookup_order(order_id="132")'))
    return run


@pytest.fixture
def tests_beside(agent_file):  # noqa: F811 - the fixture imported above
    tests_path = agent_file.with_name("agent.tests.toml")
    tests_path.write_text(SCENARIOS)
    tests = ScenarioFile.from_dict(__import__("tomllib").loads(SCENARIOS))
    results = LastResults.beside(tests_path)
    booked, order, _ = tests.scenarios
    for _ in range(3):
        results.record(ScenarioRun(booked.name, "scripted", turns=1, duration_s=1.4), booked)
    results.record(ScenarioRun(order.name, "scripted", turns=2), order)
    results.record(failed_at_turn_two(), order)
    return agent_file


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_tests_tab(snap_compare, tests_beside, size):
    async def show_failure(pilot):
        await pilot.app.action_show_tab("tests")
        await pilot.pause()
        table = pilot.app.query_one("#tests-table")
        table.move_cursor(row=1)
        await pilot.pause()
        pilot.app.screen.set_focus(None)
        await pilot.pause()

    assert snap_compare(make_app(tests_beside), terminal_size=size, run_before=show_failure)
