"""LiveKit's scenarios.yaml both ways: what `lk agent simulate --scenarios` reads
(livekit-cli's scenariosFile: name, scenarios[label, instructions, agent_expectations,
tags, userdata], plus the ids LiveKit Cloud assigns), exported from agent.tests.toml and
imported back into it without losing what only our file holds."""

from __future__ import annotations

import tomllib
import uuid

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.scenarios.engine.agent_facts import AgentFacts
from runtime.scenarios.engine.model import ScenarioFile
from runtime.scenarios.importer import merge_group
from runtime.scenarios.livekit_yaml import (
    LiveKitGroup,
    LiveKitScenario,
    ScenariosYamlError,
    export_group,
    parse_yaml,
    render_yaml,
)
from runtime.scenarios.validate import validate

AGENT = AgentFacts.from_data(
    {
        "agent": {"name": "front-desk"},
        "metadata": {"caller_name": {"example": "Ada"}, "clinic": {"example": "Riverside"}},
    }
)

# Shaped like the files LiveKit's dashboard and `lk agent simulate` write: comments, a
# group id, folded and literal blocks, quoted and bare tag values, nested userdata.
DOWNLOADED = """\
# Scenarios for the front desk (downloaded with "Turn into a test")
id: SCNG_9nF2kQwPbXtR
name: Front desk regression
scenarios:
- id: SCN_4mTvH7yLdKpZ
  label: Books a cleaning for Monday
  instructions: |
    PERSONA: Grace, a returning patient. Brisk but polite.
    OPENING LINE: "Hi - I need a cleaning, Monday if you can."
    FACTS (only when asked):
    - date of birth: 1906-12-09
  agent_expectations: >
    Books a cleaning on Monday and reads the time back
    before ending the call.
  tags:
    feature: booking
    difficulty: '2'
    priority: 3
  userdata:
    caller_name: Grace
    expected_state:
    - |
      INSERT INTO visits (day) VALUES ('Monday')
    seen_on: 2026-06-08

- label: Asks for the opening hours
  instructions: Ask when the clinic opens on Saturday.
  agent_expectations: Gives Saturday's hours, or says it does not know them.
"""


def toml_of(group: LiveKitGroup, before: str | None = None) -> str:
    text, _ = merge_group(before, group, AGENT)
    assert [p for p in validate(text, AGENT) if p.severity == "error"] == []
    return text


def exported(text: str) -> LiveKitGroup:
    return export_group(ScenarioFile.from_dict(tomllib.loads(text)), AGENT)


def test_a_downloaded_file_imports_as_simulated_scenarios():
    group, warnings = parse_yaml(DOWNLOADED)
    assert warnings == []
    assert group.id == "SCNG_9nF2kQwPbXtR" and group.name == "Front desk regression"
    booking, _hours = group.scenarios
    assert booking.id == "SCN_4mTvH7yLdKpZ"
    assert booking.agent_expectations == (
        "Books a cleaning on Monday and reads the time back before ending the call.\n"
    )
    assert booking.tags == {"feature": "booking", "difficulty": "2", "priority": "3"}
    assert booking.userdata["seen_on"] == "2026-06-08"  # as JSON carries it: text
    text = toml_of(group)
    scenarios = ScenarioFile.from_dict(tomllib.loads(text)).scenarios
    assert [s.kind for s in scenarios] == ["simulated", "simulated"]
    assert scenarios[0].name == "Books a cleaning for Monday"
    assert scenarios[0].livekit_id == "SCN_4mTvH7yLdKpZ"
    assert scenarios[0].metadata["caller_name"] == "Grace"
    # userdata the agent's examples give anyway is not repeated in the file
    assert "caller_name" not in ScenarioFile.from_dict(tomllib.loads(text)).scenarios[1].metadata


def test_round_trip_yaml_to_toml_to_yaml():
    group, _ = parse_yaml(DOWNLOADED)
    again = exported(toml_of(group))
    assert again.id == group.id and again.name == group.name
    for before, after in zip(group.scenarios, again.scenarios, strict=True):
        # the export gives lk the complete job metadata: the agent's examples, then the scenario's
        assert after.userdata == {"caller_name": "Ada", "clinic": "Riverside", **before.userdata}
        assert (after.label, after.instructions, after.agent_expectations, after.tags, after.id) == (
            before.label, before.instructions, before.agent_expectations, before.tags, before.id
        )
    # and what we write, LiveKit's own YAML reader takes field for field
    rendered = yaml.safe_load(render_yaml(again))
    assert set(rendered) == {"id", "name", "scenarios"}
    assert set(rendered["scenarios"][0]) == {
        "id", "label", "instructions", "agent_expectations", "tags", "userdata"
    }
    assert all(isinstance(v, str) for v in rendered["scenarios"][0]["tags"].values())


def test_round_trip_toml_to_yaml_to_toml_is_the_same_file():
    text = toml_of(parse_yaml(DOWNLOADED)[0])
    group, warnings = parse_yaml(render_yaml(exported(text)))
    assert warnings == []
    again, summary = merge_group(None, group, AGENT)
    assert again == text
    merged, summary = merge_group(text, group, AGENT)
    assert merged == text and summary.unchanged == [s.label for s in group.scenarios]


def test_reimport_changes_only_livekits_keys_and_keeps_the_rest():
    before = """\
version = 1
# our own notes survive

[[scenarios]]
name = "Books a cleaning for Monday"
kind = "simulated"
instructions = "old persona"
agent_expectations = "old expectations"
max_turns = 6                   # a comment on our own key
[[scenarios.expect]]
field_collected = "appointment"

[[scenarios]]
name = "Asks for the opening hours"
[[scenarios.turns]]
user = "When do you open?"
"""
    group, _ = parse_yaml(DOWNLOADED)
    after, summary = merge_group(before, group, AGENT)
    assert summary.updated == ["Books a cleaning for Monday"]
    # a scripted scenario of the same name is not overwritten: the import is added beside it
    assert summary.renamed == [("Asks for the opening hours", "Asks for the opening hours (simulated)")]
    assert "# our own notes survive" in after and "max_turns = 6                   # a comment" in after
    data = ScenarioFile.from_dict(tomllib.loads(after))
    booking, scripted, added = data.scenarios
    assert booking.max_turns == 6 and booking.expect[0].field_collected == "appointment"
    assert booking.instructions.startswith("PERSONA: Grace") and booking.livekit_id == "SCN_4mTvH7yLdKpZ"
    assert scripted.turns[0].user == "When do you open?"
    assert added.simulated and added.name == "Asks for the opening hours (simulated)"
    assert data.livekit_id == "SCNG_9nF2kQwPbXtR" and data.name == "Front desk regression"


def test_a_scenario_is_matched_by_its_livekit_id_even_when_renamed():
    group, _ = parse_yaml(DOWNLOADED)
    text = toml_of(group)
    group.scenarios[0].label = "Books a Monday cleaning"  # renamed in the dashboard
    after, summary = merge_group(text, group, AGENT)
    assert summary.added == [] and summary.updated == ["Books a Monday cleaning"]
    names = [s.name for s in ScenarioFile.from_dict(tomllib.loads(after)).scenarios]
    assert names == ["Books a Monday cleaning", "Asks for the opening hours"]


def test_scripted_scenarios_are_not_exported():
    text = """\
[[scenarios]]
name = "Scripted"
[[scenarios.turns]]
user = "hi"
[[scenarios]]
name = "Simulated"
kind = "simulated"
instructions = "You are Ada."
agent_expectations = "Greets Ada."
metadata = { caller_name = "Grace" }
"""
    group = exported(text)
    assert [s.label for s in group.scenarios] == ["Simulated"]
    assert group.name == "front-desk" and group.id == ""
    assert group.scenarios[0].userdata == {"caller_name": "Grace", "clinic": "Riverside"}
    assert "id:" not in render_yaml(group)  # no ids until LiveKit Cloud gives some


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("name: x\nscenarios:\n  - label: a\n   instructions: b\n", (4, 4), "not valid YAML"),
        ("- just\n- a list\n", (1, 1), "a scenarios.yaml is a mapping"),
        ("scenarios:\n- label: a\n  tags:\n    nested: {x: 1}\n", (4, 5), "a tag's value is text"),
        ("scenarios:\n- label: a\n  instructions: [1, 2]\n", (3, 3), "`instructions` is text"),
        ("scenarios:\n- label: a\n  userdata: 7\n", (3, 3), "`userdata` is a mapping"),
        ("scenarios: 3\n", (1, 1), "`scenarios` is a list"),
        ("a: 1\n---\nb: 2\n", (2, 1), "not valid YAML"),
    ],
)
def test_a_broken_file_is_refused_at_its_line_and_column(text, where, message):
    with pytest.raises(ScenariosYamlError) as caught:
        parse_yaml(text, "s.yaml")
    [problem] = [p for p in caught.value.problems if message in p.message]
    assert (problem.line, problem.col) == where and problem.severity == "error"


def test_what_lk_ignores_or_toml_cannot_hold_is_a_warning():
    group, warnings = parse_yaml(
        "name: g\nfoo: 1\nscenarios:\n- label: a\n  instructions: i\n  agent_expectations: e\n"
        "  turns: 3\n  userdata:\n    gone: null\n    kept: [1, null]\n"
        "- label: a\n  instructions: i\n  agent_expectations: e\n"
        "- instructions: i\n  agent_expectations: e\n"
    )
    assert [(w.path, w.line, w.col) for w in warnings] == [
        ("foo", 2, 1), ("scenarios[0].turns", 7, 3), ("scenarios[0].userdata.gone", 9, 5),
        ("scenarios[0].userdata.kept[1]", 10, 15), ("scenarios[1].label", 11, 3),
        ("scenarios[2]", 14, 3),
    ]
    assert [s.label for s in group.scenarios] == ["a", "a (2)", "Scenario 3"]
    assert group.scenarios[0].userdata == {"kept": [1]}


def test_a_scenario_without_instructions_or_expectations_is_refused():
    with pytest.raises(ScenariosYamlError) as caught:
        parse_yaml("scenarios:\n- label: a\n  instructions: ''\n")
    assert [(p.path, p.line, p.message) for p in caught.value.problems] == [
        ("scenarios[0].instructions", 3, "no instructions: the simulated caller plays them"),
        ("scenarios[0]", 2, "no agent_expectations: the judge checks them"),
    ]


# -- property: any text survives both ways ---------------------------------------------
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029"),
    max_size=80,
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
).filter(lambda v: True)


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value if v is not None]
    return value


@st.composite
def groups(draw):
    labels = draw(st.lists(_TEXT.map(str.strip).filter(bool), min_size=1, max_size=3, unique=True))
    scenarios = [
        LiveKitScenario(
            label=label,
            instructions=draw(_TEXT.filter(str.strip)),
            agent_expectations=draw(_TEXT.filter(str.strip)),
            tags=draw(st.dictionaries(_TEXT, _TEXT, max_size=3)),
            userdata=_without_nulls(draw(st.dictionaries(_TEXT, _JSON, max_size=3))),
            id=draw(st.sampled_from(["", f"SCN_{uuid.uuid4().hex[:8]}"])),
        )
        for label in labels
    ]
    return LiveKitGroup(name=draw(_TEXT), scenarios=scenarios, id=draw(st.sampled_from(["", "SCNG_x"])))


NO_METADATA = AgentFacts.from_data({"agent": {"name": "a"}})


@settings(max_examples=150, deadline=None)
@given(groups())
def test_any_group_survives_yaml_and_toml(group):
    parsed, _ = parse_yaml(render_yaml(group))
    assert parsed == group
    text, _ = merge_group(None, group, NO_METADATA)
    again = export_group(ScenarioFile.from_dict(tomllib.loads(text)), NO_METADATA)
    assert again.scenarios == group.scenarios
    assert again.id == group.id
    assert again.name == (group.name or "a")
