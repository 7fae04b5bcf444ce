"""Turn the SDK's session protocol messages into preview events.

Works on the protocol's protobuf messages as the console link receives them, by field
name, so it needs no SDK import of its own (the messages arrive already parsed).
"""

from __future__ import annotations

from typing import Any

from runtime.preview.events import (
    AgentStateChanged,
    PreviewEvent,
    ToolCall,
    Transcript,
    WorkerError,
)

# AgentState enum values of the protocol (AS_INITIALIZING = 0, ...).
_AGENT_STATES = ("initializing", "idle", "listening", "thinking", "speaking")
# ChatRole enum values of the protocol.
_ROLES = {0: "developer", 1: "system", 2: "user", 3: "assistant"}

SUBSCRIBED_EVENTS = (
    "conversation_item_added",
    "agent_state_changed",
    "tool_execution_updated",
    "function_tools_executed",
    "error",
)


def message_text(message: Any) -> str:
    return "".join(part.text for part in message.content if part.HasField("text"))


def role_name(message: Any) -> str:
    return _ROLES.get(message.role, "unknown")


def decode_event(name: str, event: Any) -> list[PreviewEvent]:
    """The preview events carried by one `AgentSessionEvent` (often none)."""
    if name == "conversation_item_added":
        item = event.conversation_item_added.item
        if item.HasField("message"):
            role = role_name(item.message)
            if role in ("user", "assistant"):
                return [
                    Transcript(
                        role="user" if role == "user" else "agent",
                        text=message_text(item.message),
                        interrupted=item.message.interrupted,
                    )
                ]
        return []
    if name == "agent_state_changed":
        state = event.agent_state_changed.new_state
        if 0 <= state < len(_AGENT_STATES):
            return [AgentStateChanged(state=_AGENT_STATES[state])]
        return []
    if name == "tool_execution_updated":
        update = event.tool_execution_updated
        if update.HasField("started"):
            call = update.started.function_call
            return [ToolCall(call_id=call.call_id, name=call.name, arguments=call.arguments)]
        return []
    if name == "function_tools_executed":
        executed = event.function_tools_executed
        arguments = {call.call_id: call.arguments for call in executed.function_calls}
        return [
            ToolCall(
                call_id=output.call_id,
                name=output.name,
                arguments=arguments.get(output.call_id, ""),
                output=output.output,
                is_error=output.is_error,
            )
            for output in executed.function_call_outputs
        ]
    if name == "error":
        return [WorkerError(message=event.error.message)]
    return []


def history_messages(items: Any) -> list[dict[str, str]]:
    """The chat history as `{"role", "content"}` dicts (user/assistant turns only)."""
    messages = []
    for item in items:
        if item.HasField("message"):
            role = role_name(item.message)
            text = message_text(item.message)
            if role in ("user", "assistant") and text:
                messages.append({"role": role, "content": text})
    return messages
