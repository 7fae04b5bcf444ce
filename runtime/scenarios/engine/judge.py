"""The judge model: one reply against an intent, or a whole call against expectations.

A reply is judged by the SDK's own `ChatMessageAssert.judge` (its `check_intent` tool).
The whole call has no SDK judge that takes custom criteria, so it is asked here in the
same way: the evidence in one message, a verdict tool the model must call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

_CONTEXT_MARK = "\nContext around failure:"
_FAILED_PREFIX = "Judgement failed: "

OUTCOME_SYSTEM = (
    "You are the judge of a test of a voice agent. You get what the agent was expected to "
    "achieve and the record of one call: the transcript, the tools it called with their "
    "results, the data it collected and what it reported when the call ended. Decide whether "
    "the agent met the expectations, judging only from that record. Be strict: when the "
    "record does not clearly show an expectation met, it is not met. Answer only by calling "
    "submit_verdict."
)


@dataclass(frozen=True)
class Verdict:
    passed: bool
    reason: str


async def judge_reply(run_result: Any, event_index: int, llm: Any, intent: str) -> Verdict:
    """The SDK's judge on one assistant message of a run."""
    try:
        await run_result.expect[event_index].is_message(role="assistant").judge(llm, intent=intent)
    except AssertionError as exc:
        reason = str(exc).split(_CONTEXT_MARK, 1)[0].removeprefix(_FAILED_PREFIX)
        return Verdict(False, reason.strip())
    return Verdict(True, "")


async def judge_outcome(llm: Any, expectations: str, evidence: str) -> Verdict:
    from livekit.agents import llm as lk_llm
    from livekit.agents.llm import function_tool
    from livekit.agents.llm.utils import prepare_function_arguments

    @function_tool
    async def submit_verdict(passed: bool, reason: str) -> tuple[bool, str]:
        """Give the verdict on the call.

        Args:
            passed: Whether the agent met every expectation.
            reason: One or two sentences: what in the record decided it.
        """
        return passed, reason

    chat = lk_llm.ChatContext()
    chat.add_message(role="system", content=OUTCOME_SYSTEM)
    chat.add_message(
        role="user",
        content=f"# What the agent must achieve\n{expectations.strip()}\n\n# The call\n{evidence}",
    )
    response = await llm.chat(
        chat_ctx=chat,
        tools=[submit_verdict],
        tool_choice="required",
        # the SDK leaves the temperature out for reasoning models, which refuse one
        extra_kwargs={"temperature": 0.0},
    ).collect()
    if not response.tool_calls:
        return Verdict(False, "the judge model gave no verdict")
    call = response.tool_calls[0]
    try:
        args, kwargs = prepare_function_arguments(fnc=submit_verdict, json_arguments=call.arguments)
        passed, reason = await submit_verdict(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - a malformed verdict is a failed judgement
        return Verdict(False, f"the judge model's verdict could not be read: {exc}")
    return Verdict(bool(passed), str(reason))


def evidence_text(
    transcript: list[str], collected: dict[str, Any], payload: dict[str, Any] | None, note: str
) -> str:
    """The record of a call as the judge reads it."""
    parts = ["## Transcript", "\n".join(transcript) or "(nobody said anything)"]
    if collected:
        parts += ["## Data collected", json.dumps(collected, ensure_ascii=False, indent=2)]
    if payload is not None:
        parts += [
            "## End-of-call report (POSTed)",
            json.dumps(payload, ensure_ascii=False, indent=2),
        ]
    if note:
        parts += ["## How the call ended", note]
    return "\n\n".join(parts)
