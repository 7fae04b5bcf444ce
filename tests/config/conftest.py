from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(REPO.glob("examples/*/agent.toml"))

# The sample of the format's documentation, every section in one file.
FULL = '''\
version = 1

[agent]
name = "front-desk"            # dispatch name
instructions = """
You are the front desk of {{metadata.clinic_name}}. Be brief and friendly.
"""

[greeting]
enabled = true                 # false: wait for the user to speak first
instructions = "Greet {{metadata.user_name}} by name and ask how you can help."

[models]
stt = "deepgram/nova-3"
language = "en"
llm = "openai/gpt-5-mini"
thinking_effort = "low"        # optional; only for reasoning models
tts = "cartesia/sonic-3"

[data_collection]
enabled = true

[[data_collection.fields]]
name = "appointment"
description = "When the caller wants to come in and for what"
type = "object"
[data_collection.fields.properties]
day = { type = "string", description = "Weekday" }

[[tools.http]]
name = "lookup_order"
description = "Look up an order by its number"
url = "https://api.example.com/orders/:order_id"
headers = { Authorization = "Bearer {{secrets.SHOP_TOKEN}}" }
[[tools.http.parameters]]
name = "order_id"

[[tools.client]]
name = "show_product"
description = "Show a product card"
preview_response = '{"shown": true}'

[[tools.mcp]]
name = "docs"
url = "https://mcp.example.com/mcp"

[call_ending]
endpoint_url = "https://hooks.example.com/call-ended"
headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}" }

[call_ending.summary]
enabled = true

[metadata.user_name]
description = "Caller's first name"
example = "Ada"

[metadata.clinic_name]
example = "Riverside"

[advanced]
noise_cancellation = true
'''


@pytest.fixture
def agent_file(tmp_path: Path) -> Path:
    path = tmp_path / "agent.toml"
    path.write_text(FULL, encoding="utf-8")
    return path
