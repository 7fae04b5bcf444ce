"""The Tests tab by keyboard in a real terminal: reaching it, the scenario list, adding,
typing, renaming, deleting, undo and redo, saving both files, running one scenario
against the scripted model, stopping a run, and a failure's transcript.

Asserts are on the screen and on the bytes saved to agent.tests.toml."""

from __future__ import annotations

import asyncio
import textwrap
import threading
from pathlib import Path
from typing import Self

import pytest

from runtime.scenarios.engine.model import Scenario
from runtime.scenarios.engine.results import ScenarioRun
from runtime.scenarios.last_results import LastResults
from runtime.testing.scripted_llm import ScriptedLLM
from tests.scenarios.conftest import SHOP_AGENT, Roles, call
from tests.terminal.driver import Terminal, file_text

TESTS = textwrap.dedent("""\
    version = 1

    [[mocks]]
    tool = "lookup_order"
    result = { status = "shipped" }

    # Asks for an order by its number.
    [[scenarios]]
    name = "Order status"
    [[scenarios.turns]]
    user = "Where is order 123?"
    [[scenarios.turns.expect]]
    tool_called = "lookup_order"
    arguments = { order_id = "123" }

    # Says hello back.
    [[scenarios]]
    name = "Greets back"
    [[scenarios.turns]]
    user = "Hello there"
    [[scenarios.turns.expect]]
    reply_contains = "hello"
""")
ENV = {"LIVEKIT_API_KEY": "devkey", "LIVEKIT_API_SECRET": "devsecret-devsecret-devsecret-0000"}


class ModelThread:
    """The scripted model on a loop of its own: the test itself blocks while it waits
    for the screen, and the editor's test runs (other processes) call the model."""

    def __init__(self) -> None:
        self.roles = Roles()
        self.server = ScriptedLLM()
        self.server.default = lambda request: self.roles.reply(request)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(30)
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(30)
        self.loop.close()


@pytest.fixture
def model():
    with ModelThread() as running:
        yield running


@pytest.fixture
def project(tmp_path) -> Path:
    """The shop agent (its HTTP tool at a port nothing listens on: the tests mock it) and
    two scenarios with comments."""
    (tmp_path / "agent.toml").write_text(SHOP_AGENT.format(api="http://127.0.0.1:9"))
    (tmp_path / "agent.tests.toml").write_text(TESTS)
    return tmp_path


@pytest.fixture
def tests_tab(project, request):
    """`tests_tab(env=None, size=(100, 32))`: the editor on the Tests tab, reached the way
    F1 says (alt+7), focus on the scenario list."""
    started: list[Terminal] = []

    def start(env: dict | None = None, size=(100, 32)) -> Terminal:
        term = Terminal(project / "agent.toml", size=size, env=env).start()
        started.append(term)
        term.wait_ready()
        term.send("alt+7")
        term.wait_for(lambda: "Order status" in term.text and "Kind" in term.text,
                      what="the scenario list")
        return term

    yield start
    for term in started:
        term.close()


def scenario_text(project: Path) -> str:
    return file_text(project / "agent.tests.toml")


def save_scenarios(term: Terminal, project: Path) -> str:
    """ctrl+s: wait for agent.tests.toml to change and the tab to say nothing is unsaved."""
    before = scenario_text(project)
    term.send("ctrl+s")
    term.wait_for(lambda: scenario_text(project) != before, what="agent.tests.toml saved")
    term.wait_for(lambda: "unsaved" not in term.text, what="no unsaved mark")
    return scenario_text(project)


def field(term: Terminal, label: str) -> str:
    """The line of the form field labelled `label`, or "" while there is none."""
    return next((line for line in term.lines if label in line), "")


def row(term: Terminal, name: str) -> str:
    """The scenario list's row of `name` (its mark first), or ""."""
    return next((line for line in term.lines if name in line and line.strip()[:1] in "·✓✗!…"), "")


def test_f1_names_the_key_of_the_tests_tab_and_it_leads_there(tests_tab):
    term = tests_tab()
    term.send("f1")
    term.wait_for("Keys")
    term.wait_for("alt+7")  # the table scrolls; the tab key row is in its first screen
    term.send("escape")
    term.wait_gone("go to a tab")
    assert "2 scenarios; not run yet" in term.text


def test_the_list_shows_last_result_and_pass_rate(project, tests_tab):
    results = LastResults.beside(project / "agent.tests.toml")
    for passed in (True, False, True):
        run = ScenarioRun("Greets back", "scripted", status="passed" if passed else "failed", turns=1)
        results.record(run, Scenario(name="Greets back"))
    term = tests_tab()
    term.wait_for(lambda: "2/3 (67%)" in row(term, "Greets back"), what="the pass rate")
    assert "passed" in row(term, "Greets back") and "✓" in row(term, "Greets back")
    assert "not run yet" in row(term, "Order status")
    assert "last runs: 1 of 1 passed" in term.text


def test_add_type_rename_delete_undo_redo_and_save_by_keyboard(project, tests_tab):
    before = scenario_text(project)
    term = tests_tab()
    # a: a new scripted scenario, its name field focused; a burst of keys renames it.
    term.send("a")
    term.wait_for("New scenario 1")
    term.send("end", *["backspace"] * len("New scenario 1"))
    term.type("Refund asked")
    term.wait_for(lambda: "·  Refund asked" in term.text, what="the list showing the typed name")
    term.wait_for(lambda: "unsaved" in term.text)
    text = save_scenarios(term, project)
    assert text.startswith(before)  # nothing else in the file moved
    assert text[len(before):] == '\n[[scenarios]]\nname = "Refund asked"\n'
    # Back on the list, rename the first one with r and a burst of keys.
    term.send("escape")
    term.wait_for(lambda: "del Delete" in term.lines[-1], what="focus back on the list")
    term.send("up", "up", "r")
    term.wait_for(lambda: "Order status" in field(term, "Name *"), what="its form, name focused")
    term.send("end", *"!!")
    term.wait_for("·  Order status!!", what="the rename in the list")
    term.send("escape")
    term.wait_for(lambda: "del Delete" in term.lines[-1], what="focus back on the list")
    # x deletes the selected (the second): its comment goes with it.
    term.send("down", "x")
    term.wait_gone("Greets back")
    text = save_scenarios(term, project)
    assert text == before.replace('"Order status"', '"Order status!!"').replace(
        '\n# Says hello back.\n[[scenarios]]\nname = "Greets back"\n[[scenarios.turns]]\n'
        'user = "Hello there"\n[[scenarios.turns.expect]]\nreply_contains = "hello"\n', ""
    ) + '\n[[scenarios]]\nname = "Refund asked"\n'
    # ctrl+z undoes the delete, ctrl+y does it again; ctrl+s saves what is shown.
    term.send("ctrl+z")
    term.wait_for("Greets back")
    term.wait_notified("Undid")
    term.send("ctrl+y")
    term.wait_gone("Greets back")
    term.send("ctrl+z")
    term.wait_for("Greets back")
    saved = save_scenarios(term, project)
    assert saved == before.replace('"Order status"', '"Order status!!"') + \
        '\n[[scenarios]]\nname = "Refund asked"\n'


def test_ctrl_s_on_the_tests_tab_saves_both_files(project, tests_tab):
    term = tests_tab()
    term.send("f3")  # to Variables & secrets, then back: edit the agent on its first tab
    term.send("alt+1")
    term.wait_for("Agent name")
    term.send("end", *"-two")
    term.wait_for("shop-two")
    term.send("alt+7")
    term.wait_for("Kind")
    term.send("a")
    term.wait_for("New scenario 1")
    agent_before = file_text(project / "agent.toml")
    term.send("ctrl+s")
    term.wait_for(lambda: 'name = "New scenario 1"' in scenario_text(project), what="the tests saved")
    term.wait_for(lambda: 'name = "shop-two"' in file_text(project / "agent.toml"),
                  what="the agent saved")
    assert file_text(project / "agent.toml") == agent_before.replace('"shop"', '"shop-two"')
    term.wait_for(lambda: "unsaved" not in term.text, what="nothing unsaved")


@pytest.mark.slow
def test_run_one_see_progress_then_the_failure_marked(project, tests_tab, model):
    model.roles.agent = {"123": call("lookup_order", order_id="124")}
    term = tests_tab(env={**ENV, "LIVEKIT_INFERENCE_URL": model.server.base_url}, size=(110, 40))
    term.send("enter")  # runs the selected scenario (the first)
    term.wait_for(lambda: "…" in row(term, "Order status"), what="the run's progress")
    term.wait_for(lambda: "failed at turn 1" in row(term, "Order status"), 120, what="the result")
    assert "0/1 (0%)" in row(term, "Order status") and "✗" in row(term, "Order status")
    assert "not run yet" in row(term, "Greets back")
    term.wait_for("✗ failed here")
    assert "Turn 1" in term.line_with("✗ failed here")
    term.wait_for('it called lookup_order(order_id="124")')


@pytest.mark.slow
def test_a_running_scenario_is_stopped_with_f5(project, tests_tab, model):
    model.roles.greeting = "Welcome!"
    model.server.on("Hello there", {"text": "...", "delay_s": 120})
    term = tests_tab(env={**ENV, "LIVEKIT_INFERENCE_URL": model.server.base_url}, size=(110, 40))
    term.send("down", "enter")
    # The progress in full: the column widens for it.
    term.wait_for(lambda: "running, greeting done" in row(term, "Greets back"), 60,
                  what="the run under way")
    assert "Welcome!" in term.text  # the live transcript
    term.send("f5")
    term.wait_for("Stopped after 0 of 1; Greets back did not finish", 60)
    # A stopped run is no result (the list is reloaded after the status is shown).
    term.wait_for(lambda: "not run yet" in row(term, "Greets back"), what="no result kept")


def test_f1_on_a_scenario_field_explains_that_field(tests_tab):
    term = tests_tab()
    term.send("e")  # the selected scenario's form, its name focused
    term.wait_for(lambda: "Order status" in field(term, "Name *"), what="the form")
    term.send("f1")
    term.wait_for("What the scenario tests; unique in the file")  # the scenario name's own description
    assert "scenarios[0].name" in term.text
    assert "Not a key of" not in term.text
    term.send("escape")
    term.wait_gone("What the scenario tests; unique in the file")


def test_enter_on_a_scenario_problem_goes_to_its_field(project, tests_tab):
    (project / "agent.tests.toml").write_text(TESTS.replace('name = "Greets back"', 'name = ""'))
    term = tests_tab()
    term.wait_for("scenarios[1].name")
    term.send("f8")  # on the Tests tab: its problems (the agent file has none)
    term.send("enter")
    term.wait_for(lambda: "Name *" in term.text and "·  (unnamed 2)" in term.text, what="its form")
    term.type("Says hi")  # focus is in the name field of the second scenario
    term.wait_for("·  Says hi")
    term.wait_gone("scenarios[1].name")
    assert "Order status" in row(term, "Order status")
