"""Preview speed, as ratios against the SDK's own console cold start in the same run.

Anchor: `python -m livekit.agents console minimal.py --connect-addr ...` on a minimal
hand-written agent (greets, nothing else), timed from spawn to its greeting arriving
over the console protocol.
Measured, on a generated project (an agent.toml with a greeting):
- cold: PreviewSession.start() (generate the project, start a worker) to the greeting;
- edit-to-live: an instructions change saved, then reload() to the new greeting, with
  the warm spare the preview keeps ready.
For reference it also times the SDK's console on the generated project itself, which
separates what the generated code costs from what the preview adds.
Targets: cold <= 1.1x, edit-to-live <= 0.25x. The model is the scripted local server,
so model latency is not part of any figure.

    python bench/bench_preview.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MINIMAL_AGENT = """
from livekit.agents import Agent, AgentServer, AgentSession, JobContext, inference

server = AgentServer()


class Minimal(Agent):
    def __init__(self):
        super().__init__(instructions="You are brief.")

    async def on_enter(self):
        self.session.generate_reply(instructions="Greet the user.")


@server.rtc_session()
async def entrypoint(ctx: JobContext):
    session = AgentSession(llm=inference.LLM("openai/gpt-4.1-mini"))
    session.input.set_audio_enabled(False)
    session.output.set_audio_enabled(False)
    await session.start(agent=Minimal(), room=ctx.room)
"""

AGENT_TOML = """\
version = 1

[agent]
name = "bench-agent"
instructions = "You are brief. Version {version}."

[greeting]
enabled = true
instructions = "Greet the user."

[call_ending]
final_response = ""
delete_room = false
"""


def _first_greeting(events: list, after: int = 0):
    from runtime.preview import events as ev

    return next(
        (e for e in events[after:] if isinstance(e, ev.Transcript) and e.role == "agent"), None
    )


async def _wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("no greeting")
        await asyncio.sleep(0.005)


async def sdk_console_cold_start(agent_file: Path, env: dict[str, str] | None = None) -> float:
    """Spawn to greeting for the SDK's own console command (the anchor)."""
    from runtime.preview.remote import ConsoleListener

    listener = await ConsoleListener().start()
    events: list = []
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "livekit.agents", "console", str(agent_file),
        "--connect-addr", listener.address,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True, cwd=agent_file.parent, env={**os.environ, **(env or {})},
    )
    try:
        link = await asyncio.wait_for(listener.accept(events.append), 60)
        await _wait_until(lambda: _first_greeting(events) is not None)
        elapsed = time.perf_counter() - started
        await link.aclose()
        return elapsed
    finally:
        os.killpg(process.pid, 9)
        await process.wait()
        await listener.close()


async def preview_cold_and_edit(config: Path) -> tuple[float, float]:
    from runtime.preview import events as ev
    from runtime.preview.session import PreviewSession

    session = PreviewSession(config)
    events: list = []
    session.subscribe(events.append)
    try:
        started = time.perf_counter()
        await session.start()
        await _wait_until(lambda: _first_greeting(events) is not None)
        cold = time.perf_counter() - started

        assert await asyncio.wait_for(session.spares.warm(), 60)
        config.write_text(AGENT_TOML.format(version=2))
        mark = len(events)
        started = time.perf_counter()
        await session.reload()
        restarted = next(i for i, e in enumerate(events) if i >= mark and isinstance(e, ev.Restarted))
        await _wait_until(lambda: _first_greeting(events, restarted) is not None)
        edit = time.perf_counter() - started
        return cold, edit
    finally:
        await session.stop()


async def main(rounds: int) -> None:
    from runtime.testing.scripted_llm import ScriptedLLM

    os.environ.setdefault("LIVEKIT_API_KEY", "bench-key")
    os.environ.setdefault("LIVEKIT_API_SECRET", "bench-secret-bench-secret-000000")
    import livekit.agents.voice.remote_session  # noqa: F401 - both sides pay it up front

    llm = await ScriptedLLM(default={"text": "Hello!"}).start()
    os.environ["LIVEKIT_INFERENCE_URL"] = llm.base_url
    from runtime.codegen import generate_project

    anchors, same_project, colds, edits = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        agent_file = Path(tmp, "minimal", "agent.py")
        agent_file.parent.mkdir()
        agent_file.write_text(MINIMAL_AGENT)
        config = Path(tmp, "agent.toml")
        config.write_text(AGENT_TOML.format(version=1))
        generated = generate_project(config, Path(tmp, "generated")).out_dir / "src" / "agent.py"
        for _ in range(rounds):
            anchors.append(await sdk_console_cold_start(agent_file))
            same_project.append(
                await sdk_console_cold_start(generated, {"AGENT_BUILDER_PREVIEW": "1"})
            )
            config.write_text(AGENT_TOML.format(version=1))
            cold, edit = await preview_cold_and_edit(config)
            colds.append(cold)
            edits.append(edit)
    await llm.stop()

    anchor = statistics.median(anchors)
    print(f"anchor: SDK console cold start to greeting  {anchor:6.2f} s  (median of {rounds})")
    print(f"SDK console on the same generated project  {statistics.median(same_project):6.2f} s  "
          f"ratio {statistics.median(same_project) / anchor:.2f}x  (the generated code's own cost)")
    print(f"preview cold start to greeting             {statistics.median(colds):6.2f} s  "
          f"ratio {statistics.median(colds) / anchor:.2f}x  (target <= 1.10x)")
    print(f"edit-to-live after a save                  {statistics.median(edits):6.2f} s  "
          f"ratio {statistics.median(edits) / anchor:.2f}x  (target <= 0.25x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    asyncio.run(main(parser.parse_args().rounds))
