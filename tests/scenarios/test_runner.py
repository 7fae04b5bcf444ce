"""Scenarios run against the real generated agent, in process: the SDK's session, the
generated tools and data collection, mocks through `mock_tools`, the POST into a local
inbox. Only the model is scripted (agent, caller and judge, see conftest.Roles)."""

from __future__ import annotations

from runtime.scenarios.engine.results import ERROR, FAILED, PASSED
from runtime.scenarios.suite import prepare, run_suite
from tests.scenarios.conftest import call, violations

ORDER_STATUS = """\
    version = 1

    [[scenarios]]
    name = "Order status"

    [[scenarios.mocks]]
    tool = "lookup_order"
    when = { order_id = "123" }
    result = { status = "shipped" }

    [[scenarios.turns]]
    user = "Where is my order 123?"

    [[scenarios.turns.expect]]
    tool_called = "lookup_order"
    arguments = { order_id = "123" }

    [[scenarios.turns.expect]]
    reply_contains = "shipped"

    [[scenarios.turns.expect]]
    intent = "Says that the order has shipped"

    [[scenarios.turns]]
    user = "Great, bye"

    [[scenarios.turns.expect]]
    call_ended = true

    [[scenarios.expect]]
    posted = {}
"""


async def run(project, names=None, repeat=1):
    return await run_suite(prepare(project.tests_path, names, repeat))


async def test_a_passing_scripted_scenario(shop, roles, scripted_llm, api):
    roles.agent = {"123": call("lookup_order", order_id="123"), "bye": call("end_call")}
    shop.write_tests(ORDER_STATUS)
    [result] = await run(shop)
    assert result.status == PASSED, result.checks
    assert [c.turn for c in result.checks] == [1, 1, 1, 2, None]
    assert result.ended_by == "agent" and result.turns == 2
    # the mock answered: the tool's real API received nothing, the model got the result
    assert api.received == []  # the POST went to the local inbox too
    tool_outputs = [o for r in scripted_llm.requests for o in r.tool_outputs()]
    assert '{"status": "shipped"}' in tool_outputs
    # the judge saw the reply it judged
    judged = [r for r in scripted_llm.requests if "check_intent" in r.tool_names]
    assert len(judged) == 1 and "Done: your order has shipped." in judged[0].last_user_text
    assert violations(scripted_llm) == []
    speakers = [(e.turn, e.speaker) for e in result.transcript]
    assert speakers[0] == (0, "agent")  # the greeting
    assert (1, "tool") in speakers and (2, "caller") in speakers


async def test_a_failing_scripted_scenario_says_which_expectation_where_and_what_happened(
    shop, roles
):
    # the agent looks the wrong order up, and the judge is not convinced
    roles.agent = {"123": call("lookup_order", order_id="124")}
    roles.judge = lambda text: (False, "The reply does not say that the order shipped.")
    shop.write_tests(
        """\
        version = 1

        [[mocks]]
        tool = "lookup_order"
        result = "not found"

        [[scenarios]]
        name = "Order status"

        [[scenarios.turns]]
        user = "Where is my order 123?"

        [[scenarios.turns.expect]]
        tool_called = "lookup_order"
        arguments = { order_id = "123" }

        [[scenarios.turns.expect]]
        intent = "Says that the order has shipped"
        """
    )
    [result] = await run(shop)
    assert result.status == FAILED
    first, second = result.failures
    assert first.turn == 1
    assert first.expectation == 'calls lookup_order with {"order_id": "123"}'
    assert first.detail == 'it called lookup_order(order_id="124")'
    assert second.detail == "The reply does not say that the order shipped."


async def test_an_http_tool_without_a_mock_never_reaches_its_api(shop, roles, api):
    roles.agent = {"123": call("lookup_order", order_id="123")}
    shop.write_tests(
        """\
        version = 1

        [[scenarios]]
        name = "Unmocked"

        [[scenarios.mocks]]
        tool = "lookup_order"
        when = { order_id = "999" }
        result = "only for 999"

        [[scenarios.turns]]
        user = "Where is my order 123?"
        """
    )
    [result] = await run(shop)
    assert api.received == []
    [failure] = result.failures
    assert failure.turn == 1 and failure.expectation == "uses only mocked tools"
    assert 'lookup_order(order_id="123"), which no mock covers' in failure.detail


async def test_a_mock_error_reaches_the_model_and_live_true_calls_the_real_api(shop, roles, api):
    roles.agent = {"123": call("lookup_order", order_id="123"), "555": call("lookup_order", order_id="555")}
    shop.write_tests(
        """\
        version = 1

        [[scenarios]]
        name = "Error mock"
        [[scenarios.mocks]]
        tool = "lookup_order"
        error = "the order service is down"
        [[scenarios.turns]]
        user = "Where is order 123?"
        [[scenarios.turns.expect]]
        tool_called = "lookup_order"

        [[scenarios]]
        name = "Live tool"
        [[scenarios.mocks]]
        tool = "lookup_order"
        live = true
        [[scenarios.turns]]
        user = "Where is order 555?"
        """
    )
    error_run, live_run = await run(shop)
    assert error_run.passed and live_run.passed, (error_run.checks, live_run.checks)
    [tool_line] = [e for e in error_run.transcript if e.speaker == "tool"]
    assert tool_line.is_error and "the order service is down" in tool_line.text
    assert [r.path for r in api.received if r.path.startswith("/orders")] == ["/orders/555"]


async def test_client_tools_answer_their_preview_response(shop, roles):
    roles.agent = {"screen": call("show_order", order_id="7")}
    shop.write_tests(
        """\
        version = 1
        [[scenarios]]
        name = "Client tool"
        [[scenarios.turns]]
        user = "Put it on my screen"
        [[scenarios.turns.expect]]
        tool_called = "show_order"
        arguments = { order_id = "7" }
        """
    )
    [result] = await run(shop)
    assert result.passed, result.checks
    assert '{"shown": true}' in next(e.text for e in result.transcript if e.speaker == "tool")


async def test_data_collection_fields_and_the_posted_results(intake, roles, api):
    roles.agent = {
        "monday": call("record_appointment", day="Monday", time="09:30"),
        "cough": call("record_symptoms", symptoms="a cough"),
    }
    roles.after_tool = "Noted."
    intake.write_tests(
        """\
        version = 1

        [[scenarios]]
        name = "Books Monday"
        [[scenarios.turns]]
        user = "Monday at 9:30 please"
        [[scenarios.turns.expect]]
        field_collected = "appointment"
        value = { day = "Monday" }
        [[scenarios.turns.expect]]
        call_ended = false
        [[scenarios.turns]]
        user = "I have a cough"
        [[scenarios.turns.expect]]
        field_collected = "symptoms"
        value = "a cough"
        [[scenarios.turns.expect]]
        call_ended = true
        [[scenarios.turns.expect]]
        posted = { appointment = { day = "Monday", time = "09:30" }, symptoms = [{ symptoms = "a cough" }] }

        [[scenarios]]
        name = "Wrong day"
        [[scenarios.turns]]
        user = "Monday at 9:30 please"
        [[scenarios.expect]]
        posted = { appointment = { day = "Tuesday" } }
        """
    )
    booked, wrong = await run(intake)
    assert booked.passed, booked.checks
    assert booked.ended_by == "agent"
    [failure] = wrong.failures
    assert failure.turn is None
    assert failure.detail == "the POST's results had {\"appointment\": {\"day\": \"Monday\", \"time\": \"09:30\"}}"
    # the real endpoint was never called: the POST went to the local inbox
    assert not any(r.path == "/call-ended" for r in api.received)


async def test_a_simulated_caller_reaching_its_goal(shop, roles, scripted_llm):
    roles.agent = {"123": call("lookup_order", order_id="123")}
    roles.caller_lines = ["Hi, where is my order 123?"]
    shop.write_tests(
        """\
        version = 1
        [[mocks]]
        tool = "lookup_order"
        result = { status = "shipped" }

        [[scenarios]]
        name = "Ada asks about her order"
        kind = "simulated"
        instructions = "You are Ada. You want to know where order 123 is."
        agent_expectations = "Tells Ada that order 123 has shipped."
        max_turns = 5
        [[scenarios.expect]]
        tool_called = "lookup_order"
        """
    )
    [result] = await run(shop)
    assert result.passed, result.checks
    assert result.ended_by == "caller" and result.turns == 1
    assert [e.speaker for e in result.transcript] == ["agent", "caller", "tool", "agent", "caller"]
    caller_requests = [r for r in scripted_llm.requests if "hang_up" in r.tool_names]
    assert "You are Ada" in caller_requests[0].system_prompt
    # the caller hears the agent as the other party
    assert caller_requests[0].messages[-1] == {"role": "user", "content": "Welcome! How can I help?"}
    verdicts = [r for r in scripted_llm.requests if "submit_verdict" in r.tool_names]
    assert "Tells Ada that order 123 has shipped." in verdicts[0].last_user_text
    assert "lookup_order" in verdicts[0].last_user_text  # the judge sees the tool calls


async def test_a_simulated_caller_hitting_the_turn_limit(shop, roles, scripted_llm):
    roles.caller_lines = ["Hello?"]
    roles.caller_hangs_up = False
    shop.write_tests(
        """\
        version = 1
        [[scenarios]]
        name = "Endless caller"
        kind = "simulated"
        instructions = "You never stop talking."
        agent_expectations = "Helps the caller."
        max_turns = 3

        [[scenarios]]
        name = "Endless caller, judged"
        kind = "simulated"
        instructions = "You never stop talking."
        agent_expectations = "Helps the caller."
        max_turns = 2
        turn_limit = "judge"
        """
    )
    limited, judged = await run(shop)
    assert limited.status == FAILED and limited.ended_by == "turn limit" and limited.turns == 3
    [failure] = limited.failures
    assert failure.expectation == "the call ends within the turn limit"
    assert failure.detail == "still going after 3 caller turns"
    assert judged.passed and judged.turns == 2
    verdicts = [r for r in scripted_llm.requests if "submit_verdict" in r.tool_names]
    assert len(verdicts) == 1  # the failed one spent no judge call
    assert "stopped after 2 caller turns" in verdicts[0].last_user_text


async def test_an_agent_that_hangs_up_early_fails_the_turns_it_never_heard(shop, roles):
    roles.agent = {"hello": call("end_call")}
    shop.write_tests(
        """\
        version = 1
        [[scenarios]]
        name = "Hangs up"
        [[scenarios.turns]]
        user = "hello"
        [[scenarios.turns]]
        user = "are you there?"
        """
    )
    [result] = await run(shop)
    [failure] = result.failures
    assert failure.turn == 2 and failure.expectation == 'hears "are you there?"'
    assert failure.detail == "the agent had already ended the call after turn 1"


async def test_a_model_error_is_the_runs_error_not_a_crash(shop, roles, scripted_llm):
    scripted_llm.on("boom", {"status": 400, "error": "model refused"})
    shop.write_tests(
        """\
        version = 1
        [[scenarios]]
        name = "Model fails"
        [[scenarios.turns]]
        user = "boom"
        [[scenarios]]
        name = "Still runs"
        [[scenarios.turns]]
        user = "hi"
        """
    )
    failed, after = await run(shop)
    assert failed.status == ERROR and "model refused" in failed.error
    assert after.status == PASSED


async def test_the_caller_speaks_first_when_the_agent_does_not_greet(shop, roles, scripted_llm):
    shop.agent_path.write_text(
        shop.agent_path.read_text().replace("enabled = true", "enabled = false")
    )
    roles.caller_lines = ["Hello, anyone there?"]
    shop.write_tests(
        """\
        version = 1
        [models]
        agent = "openai/gpt-4.1-nano"
        [[scenarios]]
        name = "Silent agent"
        kind = "simulated"
        instructions = "You are Ada."
        agent_expectations = "Answers Ada."
        """
    )
    [result] = await run(shop)
    assert result.passed, result.checks
    assert [e.speaker for e in result.transcript] == ["caller", "agent", "caller"]
    first_caller = next(r for r in scripted_llm.requests if "hang_up" in r.tool_names)
    assert "Say your first line" in first_caller.messages[-1]["content"]
    agent_requests = [r for r in scripted_llm.requests if not r.tool_names or "end_call" in r.tool_names]
    assert {r.model for r in agent_requests} == {"openai/gpt-4.1-nano"}  # the file's agent model


async def test_posted_means_the_post_arrived_not_that_the_agent_built_one(shop, roles):
    shop.agent_path.write_text(
        shop.agent_path.read_text().replace('endpoint_url = "', 'endpoint_url = ""\n# was: "')
    )
    shop.write_tests(
        """\
        version = 1
        [[scenarios]]
        name = "No endpoint"
        [[scenarios.turns]]
        user = "hi"
        [[scenarios.expect]]
        posted = {}
        """
    )
    plan = prepare(shop.tests_path)
    assert [p.message for _, p in plan.warnings if "endpoint_url" in p.message] == [
        "the agent has no call_ending.endpoint_url, so it posts nothing at the end of the call"
    ]
    [result] = await run_suite(plan)
    [failure] = result.failures
    assert failure.expectation == "posts the end-of-call report"
    assert failure.detail == "nothing was posted (the agent has no endpoint_url, or the POST failed)"


async def test_an_agent_that_does_not_answer_in_time_is_an_error_and_the_next_scenario_runs(
    shop, roles, scripted_llm
):
    scripted_llm.on("slow", {"text": "finally", "delay_s": 10})
    shop.write_tests(
        """\
        version = 1
        timeout_s = 1
        [[scenarios]]
        name = "Too slow"
        [[scenarios.turns]]
        user = "slow please"
        [[scenarios]]
        name = "Quick"
        [[scenarios.turns]]
        user = "hi"
        """
    )
    slow, quick = await run(shop)
    assert slow.status == ERROR and slow.error == "the agent did not answer turn 1 within 1 s"
    assert slow.duration_s < 8  # the stuck reply was cut off, not waited for
    assert quick.status == PASSED


async def test_the_clinic_examples_scenarios_pass_with_a_model_that_behaves(roles, scripted_llm):
    from pathlib import Path

    roles.agent = {
        "grace hopper": call("record_patient", full_name="Grace Hopper", date_of_birth="1906-12-09"),
        "monday": call("record_appointment", day="Monday", time="09:30"),
        "chest pain": {"text": "Please hang up and call emergency services now."},
        "max chen": call("record_patient", full_name="Max Chen", date_of_birth="2017-04-02"),
        "cough": call("record_symptoms", symptoms="cough"),
        "tuesday": call("record_appointment", day="Tuesday", time="15:00"),
    }
    roles.after_tool = "Thank you."
    roles.caller_lines = ["It's for my son Max Chen, born 2017-04-02.", "He has a cough.",
                          "Tuesday afternoon?"]
    example = Path(__file__).resolve().parents[2] / "examples/clinic-front-desk/agent.tests.toml"
    runs = await run_suite(prepare(example))
    assert [(r.scenario, r.status) for r in runs] == [
        ("Books a first visit", PASSED),
        ("Sends emergencies to emergency services", PASSED),
        ("Anxious caller books for their child", PASSED),
    ], [r.failures or r.error for r in runs]
    # the summary was written (the example enables it) and the reasoning model got its effort
    summaries = [r for r in scripted_llm.requests if r.last_user_text.startswith("Transcript:")]
    assert summaries and {r.reasoning_effort for r in summaries} == {"low"}
    assert violations(scripted_llm) == []


async def test_a_test_model_without_reasoning_gets_no_reasoning_effort(tmp_path, roles, scripted_llm):
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples/clinic-front-desk/agent.toml"
    (tmp_path / "agent.toml").write_text(example.read_text())
    (tmp_path / "agent.tests.toml").write_text(
        '[models]\nagent = "openai/gpt-4.1-mini"\n'
        '[[scenarios]]\nname = "Hello"\n[[scenarios.turns]]\nuser = "hello"\n'
    )
    [result] = await run_suite(prepare(tmp_path / "agent.tests.toml"))
    assert result.passed, result.failures or result.error
    agent_turns = [r for r in scripted_llm.requests if any(n.startswith("record_") for n in r.tool_names)]
    assert agent_turns and {(r.model, r.reasoning_effort) for r in agent_turns} == {
        ("openai/gpt-4.1-mini", None)  # the agent file's "minimal" would be refused by this model
    }


def with_mcp(project, url: str) -> None:
    project.agent_path.write_text(project.agent_path.read_text() + (
        f'\n[[tools.mcp]]\nname = "weather"\nurl = "{url}"\ntransport = "streamable-http"\n'))


MCP_MOCKED = """\
    version = 1
    [[scenarios]]
    name = "Weather"
    [[scenarios.mocks]]
    tool = "forecast"
    when = { city = "Paris" }
    result = "Paris: rain all week"
    [[scenarios.turns]]
    user = "Weather in Paris?"
    [[scenarios.turns.expect]]
    tool_called = "forecast"
    arguments = { city = "Paris" }
"""


async def test_an_mcp_tool_is_mocked_by_name(shop, roles, scripted_llm):
    from tests.agent.mcp_peer import running_mcp

    roles.agent = {"paris": call("forecast", city="Paris", days=1)}
    shop.write_tests(MCP_MOCKED)
    async with running_mcp("streamable-http") as mcp:
        with_mcp(shop, mcp.url)
        [result] = await run(shop)
    assert result.passed, (result.checks, result.error)
    [tool] = [e for e in result.transcript if e.speaker == "tool"]
    assert tool.text.endswith("-> Paris: rain all week")  # the mock, not the server's "sunny"
    offered = [r for r in scripted_llm.requests if "forecast" in r.tool_names]
    assert offered and violations(scripted_llm) == []  # the server's real schema was offered


async def test_a_mocked_mcp_tool_of_an_unreachable_server_gets_a_stand_in(shop, roles, scripted_llm):
    import socket

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/mcp"
    with_mcp(shop, url)
    roles.agent = {"paris": call("forecast", city="Paris")}
    shop.write_tests(MCP_MOCKED)
    [result] = await run(shop)
    assert result.passed, (result.checks, result.error)
    asked = [r for r in scripted_llm.requests if "forecast" in r.tool_names]
    assert asked and violations(scripted_llm) == []
    [schema] = [t for t in asked[-1].body["tools"] if t["function"]["name"] == "forecast"]
    assert schema["function"]["parameters"]["properties"] == {"city": {"type": "string"}}


async def test_an_intent_judges_the_whole_turn_when_the_agent_said_several_things(shop, roles, scripted_llm):
    roles.agent = {"123": {"text": "One moment, let me look.", **call("lookup_order", order_id="123")}}
    roles.after_tool = "It has shipped."
    roles.judge = lambda text: ("One moment" in text and "It has shipped." in text, "both seen")
    shop.write_tests("""\
        version = 1
        [[mocks]]
        tool = "lookup_order"
        result = { status = "shipped" }
        [[scenarios]]
        name = "Two replies"
        [[scenarios.turns]]
        user = "Where is order 123?"
        [[scenarios.turns.expect]]
        intent = "Says that the order has shipped"
        """)
    [result] = await run(shop)
    assert result.passed, result.checks
    [judged] = [r for r in scripted_llm.requests if "submit_verdict" in r.tool_names]
    assert "Says that the order has shipped" in judged.last_user_text
    assert "Caller: Where is order 123?" in judged.last_user_text
    assert violations(scripted_llm) == []
