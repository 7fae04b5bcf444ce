"""The scenario file: one declaration drives the typed model, validation (with line and
column, like the agent file) and the JSON Schema; bad files are refused precisely."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import tomllib
import typing
from pathlib import Path

import jsonschema
import pytest

from runtime.scenarios import declarations as decl
from runtime.scenarios.engine.agent_facts import DEFAULT_LLM, AgentFacts
from runtime.scenarios.engine.model import ScenarioFile
from runtime.scenarios.jsonschema import SCHEMA_FILE_NAME, json_schema, render_schema
from runtime.scenarios.validate import validate
from tests.config import test_declarations
from tests.config.test_declarations import dataclass_tree

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_TESTS = sorted(REPO.glob("examples/*/agent.tests.toml"))
STORE = AgentFacts.load(REPO / "examples/store-support/agent.toml")


def problems(text: str, agent: AgentFacts | None = STORE) -> list[str]:
    return [p.format("t.toml") for p in validate(text, agent)]


def test_typed_model_mirrors_the_declarations_exactly():
    assert set(dataclass_tree(ScenarioFile)) == {path for path, _ in decl.ROOT.walk()}


def test_the_typed_models_defaults_are_the_declared_ones():
    """The engine's model runs in generated projects without the declarations: its
    defaults are written out, and must be the declared ones."""
    defaults = {}

    def collect(cls, prefix=""):
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            path = prefix + f.name
            hint = hints[f.name]
            args = typing.get_args(hint)
            if dataclasses.is_dataclass(hint):
                collect(hint, path + ".")
            elif typing.get_origin(hint) is tuple and dataclasses.is_dataclass(args[0]):
                collect(args[0], path + "[].")
            elif f.default is not dataclasses.MISSING:
                defaults[path] = f.default

    collect(ScenarioFile)
    for path, spec in decl.ROOT.walk():
        if spec.has_default:
            assert defaults.get(path) == spec.default, path
    from runtime.config.declarations import ROOT as AGENT_FILE

    assert DEFAULT_LLM == AGENT_FILE.child("models").child("llm").default


def test_every_declaration_is_described():
    for path, spec in decl.ROOT.walk():
        assert spec.description.endswith((".", ")")), path


def test_committed_schema_is_not_stale():
    committed = (REPO / SCHEMA_FILE_NAME).read_text()
    assert committed == render_schema(), "run `agent-builder scenarios schema -o " + SCHEMA_FILE_NAME + "`"


@pytest.mark.parametrize("path", EXAMPLE_TESTS, ids=lambda p: p.parent.name)
def test_the_examples_are_valid_and_match_the_schema(path):
    agent = AgentFacts.load(path.with_name("agent.toml"))
    assert validate(path.read_text(), agent) == []
    data = tomllib.loads(path.read_text())
    jsonschema.validate(data, json_schema())
    tests = ScenarioFile.from_dict(data)
    assert tests.scenarios and all(s.name for s in tests.scenarios)


def test_the_typed_view_fills_defaults_and_knows_each_expectation():
    tests = ScenarioFile.from_dict(tomllib.loads((REPO / "examples/store-support/agent.tests.toml").read_text()))
    first, cancel, simulated = tests.scenarios
    assert first.kind == "scripted" and first.max_turns == 10 and tests.timeout_s == 60.0
    assert [e.kind for e in cancel.turns[0].expect] == ["tool_called", "tool_not_called", "intent"]
    assert simulated.simulated and simulated.max_turns == 8
    assert tests.models.agent == "" and tests.mocks[0].when == {"order_id": "10042"}


def test_not_toml_is_reported_at_its_line_and_column():
    assert problems('version = 1\n[[scenarios]]\nname = "x\n') == [
        "t.toml:3:10: error: not valid TOML: Illegal character '\\n'"
    ]


def test_shape_errors_point_at_the_key():
    text = """\
version = 1

[[scenarios]]
name = "A"
kind = "simulatd"

[[scenarios.turns]]
usr = "hi"
"""
    assert problems(text) == [
        ("t.toml:5:1: error: scenarios[0].kind: 'simulatd' is not one of: scripted, simulated; "
        "did you mean 'simulated'?"),
        "t.toml:7:1: error: scenarios[0].turns[0]: missing required key 'user' in [scenarios[0].turns[0]]",
        ("t.toml:8:1: error: scenarios[0].turns[0].usr: unknown key 'usr' in [scenarios[0].turns[0]]; "
        "did you mean 'user'?"),
    ]


def test_expectations_take_exactly_one_check_and_the_right_modifiers():
    text = """\
[[scenarios]]
name = "A"
[[scenarios.turns]]
user = "hi"
[[scenarios.turns.expect]]
tool_called = "lookup_order"
intent = "Greets"
[[scenarios.turns.expect]]
value = 3
[[scenarios.turns.expect]]
no_tool_called = false
[[scenarios.turns.expect]]
call_ended = true
arguments = { x = 1 }
[[scenarios.expect]]
reply_contains = "hello"
[[scenarios.expect]]
posted = "everything"
"""
    found = problems(text)
    assert found == [
        ("t.toml:7:1: error: scenarios[0].turns[0].expect[0].intent: one check per expectation: "
        "tool_called and intent need an [[...expect]] entry each"),
        "t.toml:8:1: error: scenarios[0].turns[0].expect[1]: an expectation needs one check: "
        + ", ".join(decl.EXPECTATION_KINDS),
        ("t.toml:11:1: error: scenarios[0].turns[0].expect[2].no_tool_called: no_tool_called = false "
        'checks nothing: write tool_called = "NAME" to require a call'),
        "t.toml:14:1: error: scenarios[0].turns[0].expect[3].arguments: arguments only go with tool_called",
        ("t.toml:16:1: error: scenarios[0].expect[0].reply_contains: reply_contains checks one turn's "
        "reply: put it under that turn, or judge the whole call with agent_expectations"),
        ("t.toml:18:1: error: scenarios[0].expect[1].posted: posted is a table of field name to "
        'expected result, like { appointment = { day = "Monday" } } ({} checks only that it was sent)'),
    ]


def test_keys_of_the_other_kind_of_scenario_are_refused():
    text = """\
[[scenarios]]
name = "Scripted"
instructions = "You are Ada"
[[scenarios.turns]]
user = "hi"

[[scenarios]]
name = "Simulated"
kind = "simulated"
instructions = "You are Ada"
[[scenarios.turns]]
user = "hi"
"""
    assert problems(text) == [
        ('t.toml:3:1: error: scenarios[0].instructions: instructions only applies to simulated '
        'scenarios; add kind = "simulated" to let a model play the caller'),
        ("t.toml:7:1: error: scenarios[1]: a simulated scenario needs agent_expectations: what the "
        "agent must achieve, for the judge"),
        ("t.toml:11:1: error: scenarios[1].turns: turns only apply to scripted scenarios: in a "
        "simulated one the caller model speaks"),
    ]


def test_names_are_checked_against_the_agent():
    text = """\
[[mocks]]
tool = "lookup_ordr"
result = "x"
[[mocks]]
tool = "end_call"
result = "x"
[[mocks]]
tool = "lookup_order"
when = { orderid = "1" }

[[scenarios]]
name = "A"
metadata = { store_nam = "X" }
[[scenarios.turns]]
user = "hi"
[[scenarios.turns.expect]]
tool_called = "search_orders"
arguments = { emial = "a@b.c" }
[[scenarios.turns.expect]]
field_collected = "appointment"

[[scenarios]]
name = "A"
[[scenarios.turns]]
user = "hi"
"""
    assert problems(text) == [
        "t.toml:2:1: error: mocks[0].tool: the agent has no tool 'lookup_ordr'; did you mean 'lookup_order'?",
        ("t.toml:5:1: error: mocks[1].tool: 'end_call' is built into the agent (data collection or "
        "ending the call) and always runs for real; mock HTTP and client tools"),
        ("t.toml:7:1: error: mocks[2]: a mock says what the tool returns: result = ..., "
        'error = "..." or live = true (the real tool runs)'),
        ("t.toml:9:10: error: mocks[2].when.orderid: 'lookup_order' has no parameter 'orderid'; "
        "did you mean 'order_id'?"),
        ("t.toml:13:14: warning: scenarios[0].metadata.store_nam: the agent declares no "
        "[metadata.store_nam] (it is passed along anyway); did you mean 'store_name'?"),
        ("t.toml:18:15: error: scenarios[0].turns[0].expect[0].arguments.emial: 'search_orders' has "
        "no parameter 'emial'; did you mean 'email'?"),
        ("t.toml:20:1: error: scenarios[0].turns[0].expect[1].field_collected: the agent collects no "
        "data, so there is no field 'appointment' (turn data_collection on and declare the field)"),
        "t.toml:23:1: error: scenarios[1].name: the name 'A' is already used by scenarios[0]",
    ]


def test_without_the_agent_only_the_file_itself_is_checked():
    assert problems('[[scenarios]]\nname = "A"\n[[scenarios.turns]]\nuser = "hi"\n'
                    '[[scenarios.turns.expect]]\ntool_called = "anything"\n', agent=None) == []


def test_free_form_values_must_have_a_json_form():
    text = """\
[[scenarios]]
name = "A"
metadata = { when = 2026-06-08, score = inf, fine = [1, { a = "b" }] }
[[scenarios.turns]]
user = "hi"
"""
    found = problems(text, agent=None)
    assert found == [
        ("t.toml:3:14: error: scenarios[0].metadata.when: expected text, a finite number, "
        "true/false, a list or a table, found the date or time 2026-06-08"),
        ("t.toml:3:33: error: scenarios[0].metadata.score: expected text, a finite number, "
        "true/false, a list or a table, found the number inf"),
    ]


def test_a_mock_that_can_never_answer_is_flagged():
    text = """\
[[mocks]]
tool = "lookup_order"
result = "every call"
[[mocks]]
tool = "lookup_order"
when = { order_id = "1" }
result = "never used"
"""
    assert problems(text) == [
        ("t.toml:4:1: warning: mocks[1]: never used: the mock at mocks[0] answers every call of "
        "'lookup_order' first")
    ]


taplo = test_declarations.taplo  # the agent file's fixture: skips when taplo is missing


def test_taplo_checks_scenario_files_through_their_schema_directive(taplo, tmp_path):
    for path in EXAMPLE_TESTS:
        proc = subprocess.run([taplo, "lint", str(path)], check=False, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    (tmp_path / SCHEMA_FILE_NAME).write_text(render_schema())
    bad = tmp_path / "agent.tests.toml"
    bad.write_text(f"#:schema ./{SCHEMA_FILE_NAME}\n[[scenarios]]\nname = \"A\"\nkind = \"typo\"\n")
    proc = subprocess.run([taplo, "lint", str(bad)], check=False, capture_output=True, text=True)
    assert proc.returncode != 0 and "typo" in proc.stderr


def test_the_schema_leaves_free_form_values_free():
    schema = json.dumps(json_schema())
    expect = json_schema()["properties"]["scenarios"]["items"]["properties"]["turns"]["items"][
        "properties"]["expect"]["items"]["properties"]
    assert "type" not in expect["value"] and expect["arguments"]["type"] == "object"
    assert '"additionalProperties": false' in schema


def test_the_readme_example_is_a_valid_scenario_file():
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Testing the agent", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    assert validate(example, STORE) == []
    tests = ScenarioFile.from_dict(tomllib.loads(example))
    assert [s.kind for s in tests.scenarios] == ["scripted", "simulated"]
    checks = section.split("| Check | Passes when |", 1)[1].split("\n\n", 1)[0]
    documented = {line.split("`")[1].split(" ")[0] for line in checks.splitlines()[2:]}
    documented |= {"no_tool_called"}  # shares a row with tool_not_called
    assert documented == set(decl.EXPECTATION_KINDS)
