""""Generate summary": the in-agent library's own summary, run here on the live history.

The conversation is read from the worker over the console protocol (get_chat_history),
rebuilt as an SDK ChatContext and summarised with the configured summary settings, the
same function the agent runs at the end of a call, so the preview shows what the POST
will carry. The call is not touched.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from runtime.preview.decode import message_text, role_name


def chat_context_from_items(items: Any) -> Any:
    from livekit.agents import llm

    context = llm.ChatContext.empty()
    for item in items:
        if item.HasField("message"):
            role = role_name(item.message)
            if role in ("user", "assistant", "system", "developer"):
                context.add_message(role=role, content=message_text(item.message))
        elif item.HasField("function_call"):
            call = item.function_call
            context.items.append(
                llm.FunctionCall(call_id=call.call_id, name=call.name, arguments=call.arguments)
            )
        elif item.HasField("function_call_output"):
            output = item.function_call_output
            context.items.append(
                llm.FunctionCallOutput(
                    call_id=output.call_id,
                    name=output.name,
                    output=output.output,
                    is_error=output.is_error,
                )
            )
    return context


async def summarise(
    items: Any,
    summary: Mapping[str, Any],
    metadata: Mapping[str, Any],
    credentials: Mapping[str, str],
    results: dict[str, Any] | None = None,
) -> str:
    from runtime.agent.settings import SummarySettings
    from runtime.agent.summary import generate_summary
    from runtime.agent.variables import Variables

    # inference.LLM reads its credentials from the environment; the preview may have
    # found them in the dotenv file instead.
    for name, value in credentials.items():
        os.environ.setdefault(name, value)
    defaults = SummarySettings()
    settings = SummarySettings(
        enabled=True,
        llm=str(summary.get("llm") or defaults.llm),
        thinking_effort=summary.get("thinking_effort") or None,
        instructions=str(summary.get("instructions") or ""),
    )
    return await generate_summary(
        chat_context_from_items(items), settings, Variables(metadata=metadata), results=results
    )
