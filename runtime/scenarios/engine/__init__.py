"""The scenario engine: runs the scenarios of `agent.tests.toml` against a generated
agent through the SDK's testing API, and checks what they expect.

The code generator copies this package into every generated project (as
`tests/scenario_engine/`), where the project's pytest module runs the same scenarios, so
it uses relative imports only and depends on nothing but livekit-agents (aiohttp for the
local end-of-call receiver comes with it). livekit.agents is imported when a run starts.

    model         the typed scenario file (defaults filled)
    agent_facts   what the scenarios may name in the agent: tools, fields, metadata
    agent_call    one text-only call of the generated agent (`new_call`, its Agent class)
    runner        scripted turns and simulated callers, with progress; `run_scenarios`
    expectations  the deterministic checks; judge / caller: the judged ones and the
                  simulated caller; tool_mocks: `mock_tools` from the file's mocks
    offline       the scripted model's part when no real model is used
    results / report   what a run found, and how it reads
"""
