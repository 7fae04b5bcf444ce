"""Call summaries with the configured LLM, at the end of a call or on demand."""

from __future__ import annotations

import json
from typing import Any

from livekit.agents import inference, llm

from .settings import SummarySettings
from .variables import Variables

DEFAULT_SUMMARY_INSTRUCTIONS = (
    "Summarize this call for the team that receives it. In a few short sentences say"
    " who called and why, the key facts they gave, what the agent did (including any"
    " actions taken with tools), and how the call ended, with any follow-up needed."
    " Write plain prose, no headings."
)


def transcript(history: llm.ChatContext) -> str:
    """The conversation as plain text lines, tool calls included, system turns left out."""
    lines = []
    for item in history.items:
        if item.type == "message" and item.role in ("user", "assistant"):
            text = (item.text_content or "").strip()
            if text:
                lines.append(f"{'Caller' if item.role == 'user' else 'Agent'}: {text}")
        elif item.type == "function_call":
            lines.append(f"[tool call {item.name} {item.arguments}]")
        elif item.type == "function_call_output":
            lines.append(f"[tool result {item.name}: {item.output[:500]}]")
    return "\n".join(lines)


def summary_llm(settings: SummarySettings) -> inference.LLM:
    extra: dict[str, Any] = {}
    if settings.thinking_effort:
        extra["reasoning_effort"] = settings.thinking_effort
    return inference.LLM(settings.llm, extra_kwargs=extra)


async def generate_summary(
    history: llm.ChatContext,
    settings: SummarySettings,
    variables: Variables | None = None,
    *,
    results: dict[str, Any] | None = None,
) -> str:
    """Summarize the conversation so far. Does not touch the session, so the preview can
    call it mid-call ("Generate summary")."""
    variables = variables or Variables()
    instructions = variables.render(settings.instructions) or DEFAULT_SUMMARY_INSTRUCTIONS
    body = "Transcript:\n" + (transcript(history) or "(the caller said nothing)")
    if results:
        body += "\n\nCollected data:\n" + json.dumps(results, ensure_ascii=False)
    request = llm.ChatContext.empty()
    request.add_message(role="system", content=instructions)
    request.add_message(role="user", content=body)
    model = summary_llm(settings)
    try:
        parts: list[str] = []
        async with model.chat(chat_ctx=request) as stream:
            async for chunk in stream:
                if chunk.delta and chunk.delta.content:
                    parts.append(chunk.delta.content)
        return "".join(parts).strip()
    finally:
        await model.aclose()
