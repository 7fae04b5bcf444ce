"""The simulated caller: a model that plays the person calling, from the scenario's
`instructions` (LiveKit's name for the persona and goal).

The caller sees the call from its side: the agent's words as the other party's
(`user`), its own as `assistant`. It hangs up by calling `hang_up`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HANG_UP = "hang_up"
CALLER_SYSTEM = """\
You are playing a person who phones a voice agent, in a test of that agent. Stay in \
character as described below and never mention that this is a test or that you are an \
AI. Say only your own words, as you would speak them on the phone: one short turn at a \
time, no stage directions, no narration. When you have what you called for, when the \
agent ends the conversation, or when there is nothing left to say, say a brief goodbye \
and call hang_up.

# Who you are and what you want
{instructions}
"""
CALLER_SPEAKS_FIRST = "(The call has connected and the agent is silent. Say your first line.)"


@dataclass(frozen=True)
class CallerTurn:
    text: str
    hangs_up: bool


class SimulatedCaller:
    def __init__(self, llm: Any, instructions: str) -> None:
        self.llm = llm
        self.instructions = instructions

    async def next_turn(self, conversation: list[tuple[str, str]]) -> CallerTurn:
        """What the caller says next; `conversation` is (speaker, text) with speaker
        "agent" or "caller", in order."""
        from livekit.agents import llm as lk_llm
        from livekit.agents.llm import function_tool

        @function_tool(name=HANG_UP)
        async def hang_up() -> None:
            """End the call. Use it after your goodbye."""

        chat = lk_llm.ChatContext()
        chat.add_message(
            role="system", content=CALLER_SYSTEM.format(instructions=self.instructions.strip())
        )
        if not conversation or conversation[0][0] != "agent":
            chat.add_message(role="user", content=CALLER_SPEAKS_FIRST)
        for speaker, text in conversation:
            chat.add_message(role="user" if speaker == "agent" else "assistant", content=text)
        # the model's own temperature: a caller who varies is what --repeat measures against
        response = await self.llm.chat(chat_ctx=chat, tools=[hang_up]).collect()
        hangs_up = any(call.name == HANG_UP for call in response.tool_calls)
        text = (response.text or "").strip()
        return CallerTurn(text=text, hangs_up=hangs_up or not text)
