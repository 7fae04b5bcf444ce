"""`agent-builder preview` as a user runs it: a real subprocess, no TTY."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ENV_WITHOUT_CREDENTIALS = {
    k: v for k, v in os.environ.items() if k not in ("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET")
}


def run_cli(*args, env=None, cwd=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", "preview", *args],
        check=False,
        capture_output=True,
        text=True,
        env={**(env or ENV_WITHOUT_CREDENTIALS), "CI": "true"},
        cwd=cwd,
        timeout=timeout,
    )


def test_missing_credentials_say_what_to_set_instead_of_a_traceback(simple_agent_file):
    proc = run_cli(str(simple_agent_file), "--script", "-")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "LIVEKIT_API_KEY and LIVEKIT_API_SECRET" in proc.stderr
    assert str(simple_agent_file.parent / ".env.local") in proc.stderr


def test_bad_metadata_and_unreadable_files_are_clear_errors(simple_agent_file, tmp_path):
    proc = run_cli(str(simple_agent_file), "--metadata", "[1, 2]")
    assert proc.returncode == 2 and "--metadata is not a JSON object" in proc.stderr
    proc = run_cli(str(tmp_path / "missing.toml"))
    assert proc.returncode == 2 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr


def launchers_started_in(folder):
    """Worker launchers whose working folder is `folder` (the CLI starts them there)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["cmdline", "cwd"]):
        if "runtime.preview.launcher" in (proc.info["cmdline"] or []) and proc.info["cwd"] == str(folder):
            found.append(proc)
    return found


def test_a_preview_refused_by_its_checks_leaves_no_worker_behind(simple_agent_file, tmp_path):
    # The worker is started before the checks, so that a good start loses no time.
    for args in ((str(simple_agent_file),), (str(simple_agent_file), "--metadata", "[1]"),
                 (str(tmp_path / "missing.toml"),)):
        assert run_cli(*args, cwd=tmp_path).returncode == 2
    assert launchers_started_in(tmp_path) == []


# Runs the command line as its entry point does, and at exit writes the names of every
# module the process loaded to the file named first (what the preview's side imported).
_RECORDING_MODULES = (
    "import atexit, sys\n"
    "record = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(record, 'w').write('\\n'.join(sorted(sys.modules))))\n"
    "from runtime.cli import main\n"
    "sys.exit(main())\n"
)


async def _run_cli_async(*args, cwd, env, command=("-m", "runtime.cli")):
    """`agent-builder preview ARGS` in a subprocess: (exit code, stdout, stderr)."""
    import asyncio

    proc = await asyncio.create_subprocess_exec(
        sys.executable, *command, "preview", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=cwd, env=env,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 90)
    return proc.returncode, out.decode(), err.decode()


async def _run_script(tmp_path, turns: str, *, modules=None):
    """`agent-builder preview agent.toml --script turns.txt` on the data collection agent,
    with `turns` as the script: (exit code, stdout, stderr). `modules`: a file to list the
    preview process's loaded modules in."""
    from tests.preview.generated import COLLECTION_AGENT

    config = tmp_path / "agent.toml"
    config.write_text(COLLECTION_AGENT)
    script = tmp_path / "turns.txt"
    script.write_text(turns)
    command = ("-m", "runtime.cli") if modules is None else ("-c", _RECORDING_MODULES, str(modules))
    return await _run_cli_async(str(config), "--script", str(script), cwd=tmp_path,
                                env={**os.environ, "CI": "true"}, command=command)


def _transcript(lines: list[dict]) -> list[tuple[str, str]]:
    return [(x["role"], x["text"]) for x in lines if x["type"] == "transcript"]


@pytest.mark.slow
async def test_script_prints_transcript_tools_fields_and_the_post(tmp_path, scripted_llm):
    scripted_llm.queue(
        {"text": "Hello!"},
        {"tool_calls": [{"name": "record_symptoms", "arguments": {"symptoms": "cough"}}]},
        {"text": "When?"},
        {"tool_calls": [{"name": "record_appointment", "arguments": {"day": "Mon", "time": "09:30"}}]},
    )
    code, out, err = await _run_script(tmp_path, "# a comment\nI have a cough\n\nMonday at 9:30\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0, err[-3000:]
    assert _transcript(lines) == [
        ("agent", "Hello!"), ("user", "I have a cough"), ("agent", "When?"),
        ("user", "Monday at 9:30"),
    ]
    tools = [x for x in lines if x["type"] == "tool_call"]
    assert [t["name"] for t in tools] == ["record_symptoms", "record_appointment"]
    assert tools[0]["output"].startswith("Recorded symptoms")
    fields = [x for x in lines if x["type"] == "field"]
    assert fields[-1] == {"type": "field", "name": "appointment", "value": {"day": "Mon", "time": "09:30"}}
    (post,) = [x for x in lines if x["type"] == "inbox_post"]
    assert post["problems"] == []
    assert post["body"]["results"] == {
        "appointment": {"day": "Mon", "time": "09:30"}, "symptoms": [{"symptoms": "cough"}],
    }
    assert {"type": "call_ended", "reason": "ended by the agent"} in lines


@pytest.mark.slow
async def test_script_exits_non_zero_when_the_agent_fails(tmp_path, scripted_llm):
    scripted_llm.queue({"text": "Hello!"}, {"status": 400, "error": "model refused"})
    code, out, err = await _run_script(tmp_path, "hello\n")
    assert code == 1, out + err[-2000:]
    errors = [json.loads(line) for line in out.splitlines() if '"error"' in line]
    assert any("model refused" in e["message"] for e in errors)
    assert "Traceback" not in out


@pytest.mark.slow
async def test_interactive_chat_with_metadata_and_the_real_endpoint(
    tmp_path, scripted_llm, httpserver
):
    import asyncio

    from tests.preview.generated import FULL_AGENT

    httpserver.expect_request("/hook", method="POST").respond_with_json({"ok": True})
    text = FULL_AGENT.format(shop_url="http://127.0.0.1:9").replace(
        "https://hooks.example.com/call-ended", httpserver.url_for("/hook")
    )
    config = tmp_path / "agent.toml"
    config.write_text(text)
    scripted_llm.queue({"text": "Hi Grace."}, {"text": "Noted."})
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "runtime.cli", "preview", str(config),
        "--metadata", '{"user_name": "Grace", "clinic_name": "Hill"}', "--real-endpoint",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env={**os.environ, "CI": "true"},
    )
    out, err = await asyncio.wait_for(proc.communicate(b"I need a visit\n/end\n/quit\n"), 90)
    out = out.decode()
    assert proc.returncode == 0, err.decode()[-3000:]
    assert "agent> Hi Grace." in out and "agent> Noted." in out
    assert "--- call ended (ended by you) ---" in out
    assert "Hill" in scripted_llm.requests[0].system_prompt
    assert "Grace" in scripted_llm.requests[0].system_prompt
    (request, _), = httpserver.log
    body = json.loads(request.get_data())
    assert {"job_id", "room_id", "room", "started_at", "ended_at"} <= set(body)
    assert "[inbox]" not in out  # the POST went to the real endpoint, not the inbox


@pytest.mark.slow
async def test_interactive_chat_reloads_when_the_file_is_saved(tmp_path, scripted_llm):
    import asyncio

    from tests.preview.test_panel_in_app import AGENT

    config = tmp_path / "agent.toml"
    config.write_text(AGENT)
    scripted_llm.on(lambda r: "pirate" in r.system_prompt, {"text": "Ahoy!"})
    scripted_llm.on(lambda r: "robot" in r.system_prompt, {"text": "Beep."})
    scripted_llm.default = {"text": "Hello."}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "runtime.cli", "preview", str(config),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env={**os.environ, "CI": "true"},
    )

    async def read_until(text: str) -> None:
        while True:
            line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
            assert line, "the chat ended early"
            if text in line:
                return

    try:
        await read_until("agent> Hello.")
        config.write_text(AGENT.replace("You are the desk.", "You are a pirate."))
        await read_until("--- conversation restarted (reloaded after a save) ---")
        await read_until("agent> Ahoy!")
        # Saved as most editors save: a new file renamed over the old one.
        aside = tmp_path / ".agent.toml.swp"
        aside.write_text(AGENT.replace("You are the desk.", "You are a robot."))
        os.replace(aside, config)
        await read_until("--- conversation restarted (reloaded after a save) ---")
        await read_until("agent> Beep.")
        proc.stdin.write(b"/quit\n")
        await proc.stdin.drain()
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def test_an_invalid_agent_file_lists_its_problems(tmp_path):
    config = tmp_path / "agent.toml"
    config.write_text('version = 1\n[agent]\nname = "Bad Name"\ninstructions = "x"\nbogus = 1\n')
    env = {**ENV_WITHOUT_CREDENTIALS, "LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": "s"}
    proc = run_cli(str(config), env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "agent.toml:5:1: error: agent.bogus: unknown key 'bogus'" in proc.stderr
    assert "agent.toml:3:1: error: agent.name" in proc.stderr


@pytest.mark.slow
async def test_ctrl_c_in_the_chat_exits_and_leaves_no_worker(tmp_path, scripted_llm):
    import asyncio
    import signal

    import psutil

    from tests.preview.test_panel_in_app import AGENT

    config = tmp_path / "agent.toml"
    config.write_text(AGENT)
    scripted_llm.default = {"text": "Hello."}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "runtime.cli", "preview", str(config),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env={**os.environ, "CI": "true"},
    )
    try:
        while b"agent> Hello." not in await asyncio.wait_for(proc.stdout.readline(), 120):
            pass
        workers = psutil.Process(proc.pid).children(recursive=True)
        assert workers
        proc.send_signal(signal.SIGINT)
        # Limits for a loaded machine: by hand it exits within a second.
        assert await asyncio.wait_for(proc.wait(), 90) == 130
    finally:
        if proc.returncode is None:
            proc.kill()
    _, alive = psutil.wait_procs(workers, timeout=15)
    for worker in alive:
        worker.kill()
    assert alive == []


@pytest.mark.slow
async def test_a_script_waits_for_a_slow_greeting_before_its_first_turn(tmp_path, scripted_llm):
    # Sent at once, the first turn interrupted the greeting before any of it was said:
    # the transcript lost "Hello!" whenever the model was slow to start.
    scripted_llm.queue({"text": "Hello!", "delay_s": 2.0}, {"text": "Since when?"})
    code, out, err = await _run_script(tmp_path, "I have a cough\n")
    assert code == 0, err[-3000:]
    assert _transcript([json.loads(line) for line in out.splitlines()])[:3] == [("agent", "Hello!"), ("user", "I have a cough"), ("agent", "Since when?")]


@pytest.mark.slow
async def test_a_line_typed_ahead_in_the_chat_waits_for_the_greeting(tmp_path, scripted_llm):
    # Typed (or pasted) before the agent had spoken, the line interrupted the greeting and
    # it was never shown (the interactive chat sent it at once; only scripts waited).
    import asyncio

    from tests.preview.generated import COLLECTION_AGENT

    config = tmp_path / "agent.toml"
    config.write_text(COLLECTION_AGENT)
    scripted_llm.queue({"text": "Hello!", "delay_s": 2.0}, {"text": "Since when?"})
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "runtime.cli", "preview", str(config),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env={**os.environ, "CI": "true"},
    )
    out, err = await asyncio.wait_for(proc.communicate(b"I have a cough\n/quit\n"), 90)
    assert proc.returncode == 0, err.decode()[-3000:]
    said = [line for line in out.decode().splitlines() if line.startswith("agent> ")]
    assert said[:2] == ["agent> Hello!", "agent> Since when?"]


@pytest.mark.slow
async def test_the_preview_process_talks_to_the_worker_without_importing_the_sdk(tmp_path, scripted_llm):
    # The SDK (a second of imports) runs in the worker; the preview's side of the console
    # protocol needs only the protocol's messages. Importing the SDK here as well made the
    # greeting wait for it, on a machine busy with the worker's own import of it.
    scripted_llm.queue({"text": "Hello!"}, {"text": "Sorry to hear that."})
    modules = tmp_path / "modules.txt"
    code, out, err = await _run_script(tmp_path, "I have a cough\n", modules=modules)
    assert code == 0, err[-3000:]
    transcript = _transcript([json.loads(line) for line in out.splitlines()])
    assert transcript == [("agent", "Hello!"), ("user", "I have a cough"),
                          ("agent", "Sorry to hear that.")]
    loaded = modules.read_text().split()
    assert "livekit.protocol.agent_pb.agent_session" in loaded
    assert [m for m in loaded if m.startswith("livekit.agents")] == []


@pytest.mark.slow
@pytest.mark.parametrize("when", ["during the start", "in the chat"])
async def test_ctrl_c_in_a_terminal_ends_the_preview_and_its_workers(tmp_path, scripted_llm, when):
    # Typed in a real terminal (the pty is the program's controlling terminal): the line
    # discipline sends SIGINT to the foreground group, as a person's ctrl+c does.
    import asyncio

    import psutil

    from tests.preview.test_panel_in_app import AGENT
    from tests.terminal.driver import Terminal

    config = tmp_path / "agent.toml"
    config.write_text(AGENT)
    scripted_llm.default = {"text": "Hello."}
    term = Terminal(config, size=(100, 30), controlling=True,
                    argv=[sys.executable, "-m", "runtime.cli", "preview", str(config)]).start()
    try:
        marker = "Starting the preview" if when == "during the start" else "agent> Hello."
        await asyncio.to_thread(term.wait_for, marker, 120)
        workers = psutil.Process(term.proc.pid).children(recursive=True)
        term.send("ctrl+c")
        assert await asyncio.to_thread(term.proc.wait, 60) == 130
        assert "Traceback" not in term.text
    finally:
        term.close()
    _, alive = psutil.wait_procs(workers, timeout=15)
    for worker in alive:
        worker.kill()
    assert alive == []
