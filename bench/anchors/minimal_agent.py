"""The SDK console anchor: a minimal hand-written agent that greets and does nothing else.

Run as `python -m livekit.agents console minimal_agent.py --connect-addr HOST:PORT`, the
way `lk console` runs an agent, against the same scripted model as the preview.
"""

from livekit.agents import Agent, AgentServer, AgentSession, JobContext, inference

server = AgentServer()


class Minimal(Agent):
    def __init__(self) -> None:
        super().__init__(instructions="You are brief.")

    async def on_enter(self) -> None:
        self.session.generate_reply(instructions="Greet the user.")


@server.rtc_session()
async def entrypoint(ctx: JobContext) -> None:
    session = AgentSession(llm=inference.LLM("openai/gpt-4.1-mini"))
    session.input.set_audio_enabled(False)
    session.output.set_audio_enabled(False)
    await session.start(agent=Minimal(), room=ctx.room)
