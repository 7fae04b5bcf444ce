"""`agent-builder test` and `agent-builder scenarios` as a user and a CI run them: real
subprocesses, the scripted model (agent, caller, judge) served from this test."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.scenarios.conftest import call
from tests.scenarios.test_livekit_yaml import DOWNLOADED

TWO_SCENARIOS = """\
    version = 1

    [[mocks]]
    tool = "lookup_order"
    result = { status = "shipped" }

    [[scenarios]]
    name = "Order status"
    [[scenarios.turns]]
    user = "Where is order 123?"
    [[scenarios.turns.expect]]
    tool_called = "lookup_order"
    arguments = { order_id = "123" }

    [[scenarios]]
    name = "Greets back"
    [[scenarios.turns]]
    user = "Hello there"
    [[scenarios.turns.expect]]
    reply_contains = "hello"
"""

BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith("LIVEKIT_")}


def cli(*args, cwd, env=None, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *args],
        check=False, capture_output=True, text=True, cwd=cwd, timeout=timeout,
        env={**BASE_ENV, **(env or {})},
    )


async def cli_async(*args, cwd, llm, timeout=120) -> tuple[int, str, str]:
    """The command against the scripted model, which runs in this test's event loop."""
    env = {
        **BASE_ENV,
        "LIVEKIT_API_KEY": "devkey",
        "LIVEKIT_API_SECRET": "devsecret-devsecret-devsecret-0000",
        "LIVEKIT_INFERENCE_URL": llm.base_url,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "runtime.cli", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=cwd, env=env,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode, out.decode(), err.decode()


def test_missing_credentials_say_what_to_set(shop):
    shop.write_tests(TWO_SCENARIOS)
    proc = cli("test", "agent.tests.toml", cwd=shop.folder)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "The tests need LIVEKIT_API_KEY and LIVEKIT_API_SECRET" in proc.stderr
    assert str(shop.folder / ".env.local") in proc.stderr


def test_a_bad_scenario_file_is_refused_with_line_and_column(shop):
    shop.write_tests('version = 1\n[[scenarios]]\nname = "A"\nkind = "scripted"\nmax_turns = 3\n'
                     '[[scenarios.turns]]\nuser = "hi"\n[[scenarios.turns.expect]]\ntool_caled = "x"\n')
    proc = cli("test", "agent.toml", cwd=shop.folder, env={"LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": "s"})
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[:2] == [
        ("agent.tests.toml:5:1: error: scenarios[0].max_turns: max_turns only applies to simulated "
        'scenarios; add kind = "simulated" to let a model play the caller'),
        ("agent.tests.toml:9:1: error: scenarios[0].turns[0].expect[0].tool_caled: unknown key "
        "'tool_caled' in [scenarios[0].turns[0].expect[0]]; did you mean 'tool_called'?"),
    ]
    proc = cli("scenarios", "validate", "agent.tests.toml", "--json", cwd=shop.folder)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["agent_checked"] is True
    assert [(p["line"], p["col"]) for p in report["problems"]][:2] == [(5, 1), (9, 1)]


@pytest.mark.slow
async def test_a_failing_run_reports_why_exits_1_and_writes_junit(shop, roles, scripted_llm):
    roles.agent = {"123": call("lookup_order", order_id="124")}
    roles.otherwise = "Good day to you."
    shop.write_tests(TWO_SCENARIOS)
    junit = shop.folder / "report.xml"
    code, out, err = await cli_async("test", "agent.tests.toml", "--junit", str(junit),
                                     cwd=shop.folder, llm=scripted_llm)
    assert code == 1, err
    assert "FAIL  Order status" in out and "PASS" not in out
    assert ('      turn 1: expected: calls lookup_order with {"order_id": "123"}\n'
            '        instead: it called lookup_order(order_id="124")') in out
    assert '        instead: it said: "Good day to you."' in out
    assert "0 of 2 passed (2 failed)" in out
    suite = ET.parse(junit).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "2", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["Order status", "Greets back"]
    failure = cases[0].find("failure")
    assert failure.get("message") == (
        'turn 1: expected: calls lookup_order with {"order_id": "123"}; '
        'instead: it called lookup_order(order_id="124")'
    )
    assert "[turn 1] caller: Where is order 123?" in cases[0].find("system-out").text


@pytest.mark.slow
async def test_repeat_gives_each_scenario_its_pass_rate(shop, roles, scripted_llm):
    # a model that gets it right every other time
    answers = iter([call("lookup_order", order_id="123"), call("lookup_order", order_id="9")] * 3)
    roles.agent = {"123": None}
    original = roles.reply

    def flaky(request):
        if request.last_user_text == "Where is order 123?" and request.last_message.get("role") == "user":
            return next(answers)
        return original(request)

    scripted_llm.default = flaky
    shop.write_tests(TWO_SCENARIOS)
    code, out, err = await cli_async("test", "agent.tests.toml", "--scenario", "order status",
                                     "--repeat", "4", "--json", cwd=shop.folder, llm=scripted_llm)
    assert code == 1, err
    records = [json.loads(line) for line in out.splitlines()]
    # progress: each run starts, its greeting and its one turn are done, it finishes
    assert [r["type"] for r in records] == ["plan"] + ["start", "turn", "turn", "run"] * 4 + ["summary"]
    greeting, turn = records[2], records[3]
    assert (greeting["turn"], [e["speaker"] for e in greeting["transcript"]]) == (0, ["agent"])
    assert turn["turn"] == 1 and turn["transcript"][0] == {
        "turn": 1, "speaker": "caller", "text": "Where is order 123?", "is_error": False}
    assert [c["expectation"] for c in turn["checks"]] == ['calls lookup_order with {"order_id": "123"}']
    runs = [r for r in records if r["type"] == "run"]
    assert [r["status"] for r in runs] == ["passed", "failed", "passed", "failed"]
    assert [r["attempt"] for r in runs] == [1, 2, 3, 4]
    assert records[-1]["scenarios"] == [
        {"scenario": "Order status", "passed": 2, "total": 4, "rate": 0.5}
    ]
    code, out, _ = await cli_async("test", "agent.tests.toml", "-s", "Order status", "-n", "2",
                                   cwd=shop.folder, llm=scripted_llm)
    assert "pass rates:" in out and "1/2   50%  Order status" in out
    assert 'most common (1 of 2): turn 1: expected: calls lookup_order with {"order_id": "123"}' in out


def test_an_unknown_scenario_name_is_refused(shop):
    shop.write_tests(TWO_SCENARIOS)
    proc = cli("test", "agent.tests.toml", "--scenario", "Order stat", cwd=shop.folder,
               env={"LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": "s"})
    assert proc.returncode == 2
    assert "no scenario named 'Order stat'" in proc.stderr and "did you mean 'Order status'?" in proc.stderr


def test_import_then_export_through_the_command_line(shop):
    (shop.folder / "scenarios.yaml").write_text(DOWNLOADED)
    proc = cli("scenarios", "import", "scenarios.yaml", cwd=shop.folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "added: Books a cleaning for Monday", "added: Asks for the opening hours",
        f"wrote {shop.tests_path.name}",
    ]
    assert cli("scenarios", "validate", "agent.tests.toml", cwd=shop.folder).returncode == 0
    proc = cli("scenarios", "export", "agent.toml", "-o", "out.yaml", cwd=shop.folder)
    assert proc.returncode == 0, proc.stderr
    exported = (shop.folder / "out.yaml").read_text()
    assert "id: SCNG_9nF2kQwPbXtR" in exported and "label: Books a cleaning for Monday" in exported
    again = cli("scenarios", "import", "out.yaml", "agent.tests.toml", cwd=shop.folder)
    assert again.returncode == 0 and again.stdout.splitlines()[-1] == "agent.tests.toml: already up to date"


def test_a_broken_yaml_changes_nothing(shop):
    shop.write_tests(TWO_SCENARIOS)
    before = shop.tests_path.read_bytes()
    (shop.folder / "bad.yaml").write_text("scenarios:\n- label: a\n  tags: [x]\n")
    proc = cli("scenarios", "import", "bad.yaml", "agent.tests.toml", cwd=shop.folder)
    assert proc.returncode == 2
    assert "bad.yaml:3:3: error: scenarios[0].tags:" in proc.stderr
    assert shop.tests_path.read_bytes() == before


def test_the_scenario_commands_and_a_refused_test_import_neither_textual_nor_the_sdk(shop):
    from tests.deploy.test_headless_imports import PROBE

    (shop.folder / "scenarios.yaml").write_text(DOWNLOADED)
    for argv in (
        ["scenarios", "import", "scenarios.yaml"],
        ["scenarios", "validate", "agent.tests.toml"],
        ["scenarios", "export", "agent.toml", "-o", "out.yaml"],
        ["scenarios", "schema"],
        ["test", "agent.tests.toml", "--scenario", "nope"],  # refused before anything runs
    ):
        done = subprocess.run([sys.executable, "-c", PROBE, *argv], check=False,
                              capture_output=True, text=True, cwd=shop.folder, env=BASE_ENV)
        assert "IMPORTED []" in done.stderr, (argv, done.stderr)
