"""Fixtures of the scenario tests: agent files on disk, a real local API for HTTP tools,
and the scripted model playing the agent's model, the simulated caller and the judge.

The scripted model tells them apart as the real requests do: the judge's request
offers `check_intent` (the SDK's reply judge) or `submit_verdict` (the call judge), the
caller's offers `hang_up`, the end-of-call summary's offers no tool; every other
request is the agent's.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.agent import conftest as agent_fixtures
from tests.preview.generated import COLLECTION_AGENT

SHOP_AGENT = """\
version = 1

[agent]
name = "shop"
instructions = "You are the assistant of {{{{metadata.store_name}}}}."

[greeting]
enabled = true
instructions = "Welcome the caller."

[models]
llm = "openai/gpt-4.1-mini"

[[tools.http]]
name = "lookup_order"
description = "Look up an order by its number"
url = "{api}/orders/:order_id"
[[tools.http.parameters]]
name = "order_id"
type = "string"
description = "The order number"

[[tools.client]]
name = "show_order"
description = "Show the order on the caller's screen"
preview_response = '{{"shown": true}}'
[[tools.client.parameters]]
name = "order_id"
type = "string"

[call_ending]
endpoint_url = "{api}/call-ended"

[metadata.store_name]
description = "The store"
example = "Example Outfitters"
"""

def call(name: str, **arguments: Any) -> dict[str, Any]:
    return {"tool_calls": [{"name": name, "arguments": arguments}]}


@dataclass
class Roles:
    """Who the scripted model plays, by rules on each request (see the module doc)."""

    # the agent's model: first user-text substring that matches picks the reply
    agent: dict[str, dict[str, Any]] = field(default_factory=dict)
    greeting: str = "Welcome! How can I help?"
    after_tool: str = "Done: your order has shipped."
    otherwise: str = "Sorry, could you say that again?"
    # the caller: its lines in order; after the last it says goodbye and hangs up
    caller_lines: list[str] = field(default_factory=list)
    caller_hangs_up: bool = True
    # the judge: a verdict from the text it judges
    judge: Callable[[str], tuple[bool, str]] = lambda text: (True, "it does")

    def reply(self, request: Any) -> dict[str, Any]:
        names = request.tool_names
        if "check_intent" in names or "submit_verdict" in names:
            passed, reason = self.judge(request.last_user_text)
            key = "success" if "check_intent" in names else "passed"
            return call(names[0], **{key: passed, "reason": reason})
        if "hang_up" in names:
            said = sum(1 for m in request.messages if m.get("role") == "assistant")
            if said < len(self.caller_lines):
                return {"text": self.caller_lines[said]}
            if self.caller_hangs_up:
                return {"text": "Thanks, goodbye!", **call("hang_up")}
            return {"text": "Hmm, and what else?"}
        if not names:  # the agent always has tools (end_call, record_<field>): a summary
            return {"text": "The caller booked a visit."}
        if request.last_message.get("role") == "tool":
            return {"text": self.after_tool}
        text = request.last_user_text
        if not text:
            return {"text": self.greeting}
        for needle, answer in self.agent.items():
            if needle.lower() in text.lower():
                return answer
        return {"text": self.otherwise}


api = agent_fixtures.api  # a real HTTP API on 127.0.0.1, as the agent tests use


@pytest.fixture
async def roles(scripted_llm):
    """The scripted model, answering by role; adjust the returned `Roles`."""
    playing = Roles()
    scripted_llm.default = playing.reply
    return playing


@dataclass
class Project:
    folder: Path
    agent_path: Path
    tests_path: Path

    def write_tests(self, text: str) -> Path:
        self.tests_path.write_text(textwrap.dedent(text), encoding="utf-8")
        return self.tests_path


def make_project(folder: Path, agent_template: str, api_url: str) -> Project:
    folder.mkdir(parents=True, exist_ok=True)
    agent_path = folder / "agent.toml"
    agent_path.write_text(agent_template.format(api=api_url), encoding="utf-8")
    return Project(folder, agent_path, folder / "agent.tests.toml")


@pytest.fixture
def shop(tmp_path, api) -> Project:
    return make_project(tmp_path / "shop", SHOP_AGENT, api.url)


@pytest.fixture
def intake(tmp_path, api) -> Project:
    """Data collection: an appointment (object) and symptoms (several answers)."""
    template = COLLECTION_AGENT.replace("{", "{{").replace("}", "}}")
    return make_project(
        tmp_path / "intake", template.replace("https://hooks.example.com", "{api}"), api.url
    )


def violations(llm) -> list[str]:
    """Requests the real API would have refused (the scripted model records why)."""
    return [r.violation for r in llm.requests if getattr(r, "violation", None)]
