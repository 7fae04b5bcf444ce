"""Every name validation accepts gives working generated code (or is refused with a reason).

Tools and parameters are named like what generated code uses (the functions a tool
calls, its settings constant, Python keywords, the agent's own attributes). The file
must validate, or be refused with a problem at the name; once generated, `src/agent.py`
is imported in a process of its own, and every configured tool is called the way the
SDK calls it: the HTTP tools reach a real server with each argument under its
configured name, the client tools answer their preview response. Nothing here depends
on how the template spells things, only on the project's call state and Agent class.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap

from runtime.codegen import generate_project
from runtime.config.validate import validate

# Names a generated module or method may itself use; each must still work as a name.
NAMES = [
    "call_http_tool", "call_client_tool", "arguments", "context", "self", "cls", "LOOKUP",
    "SETTINGS", "AGENT_NAME", "INSTRUCTIONS", "FIELDS", "Agent", "RunContext", "CallState",
    "Field", "Annotated", "BaseModel", "str", "int", "print", "super", "None", "True",
    "class", "def", "lambda", "match", "case", "_", "__init__", "model_config", "on_enter",
    "session", "tools", "new_call", "server", "entrypoint", "prewarm", "cli", "logger",
    "json", "function_tool", "greet", "Mapping", "silero", "TOOL", "LOOKUP_",
]
TOOL_NAMES = ["call_http_tool", "session", "__init__", "new_call", "SETTINGS", "tools", "prewarm"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def agent_file(port: int) -> str:
    """One tool per name (so one odd name cannot hide another behind a fallback), a
    parameter named like the tool's own settings constant, and tools named oddly."""
    tools = [(f"t{i}", [name, "plain"]) for i, name in enumerate(NAMES)]
    tools += [("lookup", ["LOOKUP", "query"]), ("show", ["SHOW"]), ("ask", ["call_client_tool"])]
    tools += [(name, ["value"]) for name in TOOL_NAMES]
    parts = ['[agent]\nname = "names"\ninstructions = "Be brief."\n']
    for index, (tool, params) in enumerate(tools):
        kind = "client" if index % 4 == 3 or tool in ("show", "ask") else "http"
        parts.append(f'\n[[tools.{kind}]]\nname = "{tool}"\ndescription = "Tool {tool}"\n')
        if kind == "http":
            parts.append(f'url = "http://127.0.0.1:{port}/t/{tool}"\n')
        else:
            parts.append(f"preview_response = 'answer of {tool}'\n")
        for param in params:
            parts.append(f'[[tools.{kind}.parameters]]\nname = "{param}"\n')
    return "".join(parts)


HARNESS = textwrap.dedent('''
    import asyncio, importlib.util, json, sys, threading
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from urllib.parse import parse_qs, urlsplit

    project, port, expected = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    sys.path.insert(0, project + "/src")
    seen = {}

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            seen[parts.path] = {k: v[0] for k, v in parse_qs(parts.query).items()}
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", port), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    spec = importlib.util.spec_from_file_location("generated_agent", project + "/src/agent.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from types import SimpleNamespace
    from livekit.agents import Agent, RunContext, llm
    from livekit.agents.llm.utils import prepare_function_arguments

    [agent_class] = [c for c in vars(module).values() if isinstance(c, type)
                     and issubclass(c, Agent) and c.__module__ == module.__name__]
    # The call state its entrypoint makes from the job, made without one.
    call = module.CallState(fields=getattr(module, "FIELDS", ()),
                            call_ending=getattr(module, "CALL_ENDING", None), metadata="{}")
    agent = agent_class(call)
    tools = {}
    for tool in agent.tools:
        if llm.tool_context.is_function_tool(tool):
            tools[tool.info.name] = tool
        elif llm.tool_context.is_raw_function_tool(tool):
            tools[tool.info.name] = tool

    async def main():
        report = {}
        for name, (kind, params) in expected.items():
            tool = tools.get(name)
            if tool is None:
                report[name] = {"missing": sorted(tools)}
                continue
            arguments = {p: f"v-{p}" for p in params}
            # What the SDK hands a tool: a RunContext whose session's userdata is the call.
            context = RunContext(
                session=SimpleNamespace(userdata=call, _global_run_state=None),
                speech_handle=SimpleNamespace(num_steps=1),
                function_call=llm.FunctionCall(call_id="1", name=name, arguments=json.dumps(arguments)),
            )
            args, kwargs = prepare_function_arguments(fnc=tool, json_arguments=arguments, call_ctx=context)
            try:
                result = await tool(*args, **kwargs)
            except Exception as exc:
                report[name] = {"error": f"{type(exc).__name__}: {exc}"}
                continue
            report[name] = {"result": result, "seen": seen.get(f"/t/{name}")}
        print(json.dumps(report))

    asyncio.run(main())
''')


def test_adversarial_names_validate_and_the_generated_tools_work(tmp_path):
    port = _free_port()
    text = agent_file(port)
    (tmp_path / "agent.toml").write_text(text)
    problems = [p for p in validate(text) if p.severity == "error"]
    refused = {p.path for p in problems}
    assert all(p.path.endswith(".name") and p.message for p in problems), problems
    expected = {}
    data = __import__("tomllib").loads(text)
    for kind in ("http", "client"):
        for index, tool in enumerate(data["tools"].get(kind, [])):
            params = [p["name"] for p in tool.get("parameters", [])]
            assert f"tools.{kind}[{index}].name" not in refused
            expected[tool["name"]] = (kind, params)
    if refused:  # refused with a reason: nothing more to run
        return
    generate_project(tmp_path / "agent.toml", tmp_path / "project")
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, str(tmp_path / "project"), str(port), json.dumps(expected)],
        capture_output=True, text=True, timeout=180, check=False, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    broken = {}
    for name, (kind, params) in expected.items():
        got = report[name]
        if kind == "http":
            if got.get("seen") != {p: f"v-{p}" for p in params}:
                broken[name] = got
        elif got.get("result") != f"answer of {name}":
            broken[name] = got
    assert not broken, json.dumps(broken, indent=1)


def test_the_longest_names_validation_accepts_are_tool_names_the_api_takes():
    """A data field becomes the tool `record_<name>`: the API refuses tool names over 64
    characters, so a field name must leave room for the prefix."""
    from runtime.agent.data_collection import record_tool_name
    from runtime.agent.settings import DataField
    from runtime.testing.openai_contract import _TOOL_NAME

    taken = []
    for size in range(50, 70):
        name = "f" * size
        text = (f'[agent]\nname = "long"\n[[data_collection.fields]]\nname = "{name}"\n'
                f'description = "d"\n[[tools.client]]\nname = "{"t" * size}"\ndescription = "d"\n')
        refused = {p.path for p in validate(text) if p.severity == "error"}
        if "data_collection.fields[0].name" not in refused:
            taken.append(record_tool_name(DataField(name=name, description="d")))
        if "tools.client[0].name" not in refused:
            taken.append("t" * size)
    assert taken and all(_TOOL_NAME.fullmatch(name) for name in taken), max(taken, key=len)
