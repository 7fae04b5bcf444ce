"""Input nobody planned for: any shape of scenario file is either refused with problems or
typed without surprises, and any YAML is either refused or imports into a valid file."""

from __future__ import annotations

import datetime
import tomllib

import tomlkit
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtime.config.validate import has_errors
from runtime.scenarios import declarations as decl
from runtime.scenarios.engine.agent_facts import AgentFacts
from runtime.scenarios.engine.model import ScenarioFile
from runtime.scenarios.importer import merge_group
from runtime.scenarios.livekit_yaml import ScenariosYamlError, export_group, parse_yaml
from runtime.scenarios.validate import check_tests_data, validate

AGENT = AgentFacts.from_data(
    {
        "agent": {"name": "a"},
        "tools": {"http": [{"name": "lookup_order", "parameters": [{"name": "order_id"}]}]},
        "data_collection": {"enabled": True, "fields": [{"name": "day", "type": "string"}]},
        "metadata": {"user": {"example": "Ada"}},
    }
)

KEYS = sorted({path.rsplit(".", 1)[-1].replace("[]", "") for path, _ in decl.ROOT.walk()}
              | {"lookup_order", "order_id", "day", "record_day", "end_call", "x"})
SCALARS = (
    st.text(max_size=12) | st.sampled_from(["scripted", "simulated", "lookup_order", "day", ""])
    | st.integers(-5, 200) | st.floats(allow_nan=True) | st.booleans()
    | st.dates() | st.just(datetime.time(9, 30))
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    max_leaves=25,
)
FILES = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6) | st.fixed_dictionaries(
    {"scenarios": st.lists(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8), max_size=3)},
    optional={"mocks": st.lists(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4), max_size=2)},
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_any_file_shape_is_refused_with_problems_or_typed_cleanly(data):
    findings = check_tests_data(data, AGENT)
    if any(severity == "error" for severity, _, _ in findings):
        return
    tests = ScenarioFile.from_dict(data)
    for scenario in tests.scenarios:
        for expectation in [*scenario.expect, *(e for t in scenario.turns for e in t.expect)]:
            assert expectation.kind in decl.EXPECTATION_KINDS
        assert scenario.simulated == (scenario.kind == "simulated")
    export_group(tests, AGENT)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_problems_always_have_a_place_in_the_text(data):
    try:
        text = tomlkit.dumps(data)
        tomllib.loads(text)
    except Exception:  # noqa: BLE001 - shapes TOML cannot write are not files anyone has
        return
    for problem in validate(text, AGENT):
        assert problem.line >= 1 and problem.col >= 1, problem


YAML_KEYS = st.sampled_from(["name", "id", "scenarios", "label", "instructions",
                             "agent_expectations", "tags", "userdata", "turns", "x"])
YAML_VALUES = st.recursive(
    st.none() | st.text(max_size=10) | st.integers() | st.floats() | st.booleans() | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(YAML_KEYS | st.text(max_size=4), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAML_VALUES | st.fixed_dictionaries({"scenarios": st.lists(YAML_VALUES, max_size=3)}))
def test_any_yaml_is_refused_or_imports_into_a_valid_file(document):
    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        group, _ = parse_yaml(text)
    except ScenariosYamlError as refused:
        assert refused.problems and all(p.line >= 1 for p in refused.problems)
        return
    merged, _ = merge_group(None, group, AGENT)
    assert not has_errors(validate(merged, AGENT)), merged


# -- valid files, built from what the README documents -----------------------------------
NONBLANK = st.text(min_size=1, max_size=30).filter(str.strip)
JSON_VALUES = st.recursive(
    st.text(max_size=10) | st.integers(-1000, 1000) | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
AFTER_CALL_CHECKS = [
    st.fixed_dictionaries({"tool_called": st.just("lookup_order")},
                          optional={"arguments": st.fixed_dictionaries({"order_id": JSON_VALUES})}),
    st.fixed_dictionaries({"tool_not_called": st.sampled_from(["lookup_order", "record_day"])}),
    st.just({"no_tool_called": True}),
    st.fixed_dictionaries({"field_collected": st.just("day")}, optional={"value": JSON_VALUES}),
    st.fixed_dictionaries({"call_ended": st.booleans()}),
    st.fixed_dictionaries({"posted": st.dictionaries(st.just("day"), JSON_VALUES, max_size=1)}),
]
TURN_CHECKS = [
    *AFTER_CALL_CHECKS,
    st.fixed_dictionaries({"reply_contains": NONBLANK}),
    st.fixed_dictionaries({"intent": NONBLANK}),
]
MOCK = st.fixed_dictionaries(
    {"tool": st.just("lookup_order")},
    optional={"when": st.fixed_dictionaries({"order_id": JSON_VALUES})},
).flatmap(lambda m: st.one_of(
    st.fixed_dictionaries({"result": JSON_VALUES}), st.fixed_dictionaries({"error": NONBLANK}),
    *([] if "when" in m else [st.just({"live": True})]),
).map(lambda answer: {**m, **answer}))
COMMON = {
    "tags": st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=2),
    "metadata": st.dictionaries(st.sampled_from(["user"]), JSON_VALUES, max_size=1),
    "expect": st.lists(st.one_of(AFTER_CALL_CHECKS), max_size=3),
    "mocks": st.lists(MOCK, max_size=2),
    "livekit_id": st.text(max_size=8),
}
SCRIPTED = st.fixed_dictionaries(
    {"turns": st.lists(st.fixed_dictionaries(
        {"user": NONBLANK}, optional={"expect": st.lists(st.one_of(TURN_CHECKS), max_size=3)}
    ), min_size=1, max_size=3)},
    optional={"kind": st.just("scripted"), "agent_expectations": NONBLANK, **COMMON},
)
SIMULATED = st.fixed_dictionaries(
    {"kind": st.just("simulated"), "instructions": NONBLANK, "agent_expectations": NONBLANK},
    optional={"max_turns": st.integers(1, 100), "turn_limit": st.sampled_from(["fail", "judge"]),
              **COMMON},
)
VALID_FILES = st.tuples(
    st.lists(NONBLANK, min_size=1, max_size=4, unique=True),
    st.lists(SCRIPTED | SIMULATED, min_size=4, max_size=4),
    st.fixed_dictionaries({}, optional={
        "models": st.fixed_dictionaries({}, optional={"judge": NONBLANK, "caller": NONBLANK}),
        "timeout_s": st.integers(1, 600), "name": st.text(max_size=20),
        "mocks": st.lists(MOCK.filter(lambda m: "when" in m), max_size=2),
    }),
).map(lambda t: {**t[2], "scenarios": [{"name": n, **s} for n, s in zip(t[0], t[1], strict=False)]})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VALID_FILES)
def test_every_documented_shape_is_accepted_typed_and_exported(data):
    text = tomlkit.dumps(data)
    assert [p.format("t") for p in validate(text, AGENT) if p.severity == "error"] == []
    tests = ScenarioFile.from_dict(tomllib.loads(text))
    for scenario, raw in zip(tests.scenarios, data["scenarios"], strict=True):
        assert scenario.simulated == (raw.get("kind") == "simulated")
        kinds = [e.kind for t in scenario.turns for e in t.expect]
        assert kinds == [next(iter(set(e) & set(decl.EXPECTATION_KINDS)))
                         for t in raw.get("turns", []) for e in t.get("expect", [])]
    group = export_group(tests, AGENT)
    assert len(group.scenarios) == sum(s.simulated for s in tests.scenarios)


# -- save as test: any conversation, any file it lands in --------------------------------
JSON_SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20) | st.floats(
    allow_nan=False, allow_infinity=False)
JSON = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10)
LINES = st.text(max_size=80)  # any text a person or a model says: quotes, newlines, NUL…
TOOLS = st.sampled_from(sorted(AGENT.tools))


@st.composite
def conversations(draw):
    from runtime.preview import events as ev

    events = [ev.Transcript(role="agent", text=draw(LINES))]
    for turn in range(draw(st.integers(1, 4))):
        events.append(ev.Transcript(role="user", text=draw(LINES)))
        for n in range(draw(st.integers(0, 2))):
            name = draw(TOOLS)
            arguments = draw(st.dictionaries(st.sampled_from(["order_id", "day", "query", "x"]), JSON, max_size=3))
            import json as _json

            output = draw(LINES | JSON.map(_json.dumps))
            call_id = f"{turn}-{n}"
            events.append(ev.ToolCall(call_id=call_id, name=name, arguments=_json.dumps(arguments)))
            events.append(ev.ToolCall(call_id=call_id, name=name, arguments=_json.dumps(arguments),
                                      output=output, is_error=draw(st.booleans())))
        if draw(st.booleans()):
            events.append(ev.FieldCollected(name="day", value={"day": draw(JSON)}))
        events.append(ev.Transcript(role="agent", text=draw(LINES)))
    if draw(st.booleans()):
        events.append(ev.CallEnded(reason="ended by the agent"))
        events.append(ev.InboxPost(path="/", headers={}, body={"results": {"day": {"day": draw(JSON)}}},
                                   problems=[]))
    return events


EXISTING = st.sampled_from([
    None, "", "version = 1\n", ("# mine\r\nversion = 1\r\n\r\n[[scenarios]]\r\nname = \"A\"\r\n"
                                 "[[scenarios.turns]]\r\nuser = \"hi\"\r\n"), "\ufeffversion = 1\n[models]\njudge = \"x\"  # kept\n",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations(), EXISTING, st.text(max_size=30))
def test_any_conversation_saves_as_a_scenario_that_reads_back(events, existing, name):
    from pathlib import Path

    from runtime.scenarios.conversation import PreviewConversation
    from runtime.scenarios.save_as_test import SaveAsTestError, append_conversation

    conversation = PreviewConversation(metadata={"user": "Ada", "other": [1, None]})
    for event in events:
        conversation.observe(event)
    try:
        text, saved = append_conversation(existing, conversation, AGENT, name=name,
                                          tests_path=Path("agent.tests.toml"), agent_path=Path("agent.toml"))
    except SaveAsTestError as exc:
        blank = not any(t.user.strip() for t in conversation.turns)
        assert ("already exists" in str(exc) and " ".join(name.split()) == "A") or (
            blank and "no turns" in str(exc)), exc
        return
    data = tomllib.loads(text)
    if existing:  # what was there stays: its values and its comments
        before = tomllib.loads(existing.removeprefix("\ufeff"))
        assert {k: v for k, v in data.items() if k != "scenarios"} == {
            k: v for k, v in before.items() if k != "scenarios"}
        assert data["scenarios"][:saved.index] == before.get("scenarios", [])
        assert all(c in text for c in ("# mine", "# kept") if c in existing)
    scenario = data["scenarios"][saved.index]
    assert scenario["name"] == saved.name and (not name.split() or saved.name == " ".join(name.split()))
    said = [t.user for t in conversation.turns if t.user.strip()]
    plain = [u.replace("\r\n", "\n").replace("\r", "\n") for u in said]
    assert [t["user"] for t in scenario["turns"]] == plain
    problems = [p for p in validate(text, AGENT) if p.severity == "error"
                and p.path.startswith(f"scenarios[{saved.index}]")]
    assert problems == [], problems
