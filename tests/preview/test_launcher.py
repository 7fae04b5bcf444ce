"""The worker launcher's start-up tricks must not change what the agent runs with.

It imports with the garbage collector off and imports the project ahead of the SDK's
console: the agent's code must still run once per process, with the collector on, both
on a cold start and on a warm spare taking over after a save.
"""

from __future__ import annotations

import pytest

from runtime.preview import events as ev
from runtime.preview.session import PreviewOptions, PreviewSession
from tests.preview.handwritten import build_handwritten

pytestmark = pytest.mark.slow

REPORTING = """
import gc
import os
print("imported the agent module in", os.getpid(), flush=True)
"""
REPORT_IN_JOB = """
    print("in the job: collector on", gc.isenabled(), "local models",
          os.environ.get("LIVEKIT_AGENTS_PRELOAD_LOCAL_INFERENCE"), flush=True)
"""


def build_reporting(config_path, out_dir):
    entrypoint = build_handwritten(config_path, out_dir)
    source = entrypoint.read_text()
    marker = "    metadata = json.loads("
    source = REPORTING + source.replace(marker, REPORT_IN_JOB + marker, 1)
    entrypoint.write_text(source)
    return entrypoint


def said(text):
    return lambda e: isinstance(e, ev.WorkerLog) and text in e.message


async def test_the_agent_runs_once_per_process_with_the_collector_on(
    simple_agent_file, scripted_llm, event_log, process_watch
):
    scripted_llm.default = {"text": "Hello."}
    session = PreviewSession(simple_agent_file, PreviewOptions(warm_spare=True),
                             builder=build_reporting)
    log = event_log(session)
    try:
        await session.start()  # cold: the project was waiting before the SDK was imported
        process_watch.record(session)
        job = await log.wait_for(said("in the job:"))
        assert "collector on True" in job.message
        assert "local models 0" in job.message  # the text-only preview loads none
        assert await session.spares.warm()
        process_watch.record(session)
        simple_agent_file.write_text(simple_agent_file.read_text().replace("desk.", "desk!"))
        assert await session.reload()  # the warm spare takes the new project
        after = log.events.index(await log.wait_for(lambda e: isinstance(e, ev.Restarted)))
        job = await log.wait_for(said("in the job:"), after=after)
        assert "collector on True" in job.message
        imports = [e.message.split()[-1] for e in log.of(ev.WorkerLog)
                   if "imported the agent module in" in e.message]
        assert len(imports) == 2 and len(set(imports)) == 2  # once in each of two processes
    finally:
        process_watch.record(session)
        await session.stop()


WARM_CHECK = """
import ast, importlib.util, json, sys
from runtime.preview import launcher
launcher._warm_up()
missing = []
for node in ast.walk(ast.parse(open(sys.argv[1]).read())):
    if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("livekit"):
        wanted = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in wanted:
            try:
                is_module = importlib.util.find_spec(name) is not None
            except (ImportError, ValueError):
                is_module = False
            if is_module and name not in sys.modules:
                missing.append(name)
print(json.dumps(missing))
"""


def test_a_warm_spare_has_loaded_what_the_generated_agent_imports(simple_agent_file, tmp_path):
    # What the project imports and the spare did not is paid after a save, on the way to
    # the new conversation (the noise filter's import alone starts the SDK's native client).
    import json
    import subprocess
    import sys

    from runtime.codegen import generate_project

    generate_project(simple_agent_file, tmp_path / "out", force=True)
    # stdin stays open with nothing on it, as a spare's does until it is activated
    check = subprocess.Popen([sys.executable, "-c", WARM_CHECK, str(tmp_path / "out" / "src" / "agent.py")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        answer = check.stdout.readline()
    finally:
        check.stdin.close()
        check.wait(60)
    assert check.returncode == 0
    assert json.loads(answer) == []
