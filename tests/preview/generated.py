"""agent.toml texts for preview tests that run the real code generator."""

from __future__ import annotations

FULL_AGENT = """\
version = 1

[agent]
name = "front-desk"
instructions = "You are the front desk of {{{{metadata.clinic_name}}}}."

[greeting]
enabled = true
instructions = "Greet {{{{metadata.user_name}}}} by name."

[models]
llm = "openai/gpt-4.1-mini"

[[tools.http]]
name = "lookup_order"
description = "Look up an order by its number"
method = "GET"
url = "{shop_url}/orders/:order_id"
headers = {{ Authorization = "Bearer {{{{secrets.SHOP_TOKEN}}}}" }}
[[tools.http.parameters]]
name = "order_id"
type = "string"
description = "The order number"

[[tools.client]]
name = "show_product"
description = "Show a product card on the caller's screen"
preview_response = '{{"shown": true}}'
[[tools.client.parameters]]
name = "sku"
type = "string"

[call_ending]
final_response = ""
delete_room = false
endpoint_url = "https://hooks.example.com/call-ended"
headers = {{ "X-Api-Key" = "{{{{secrets.HOOK_KEY}}}}" }}

[metadata.user_name]
description = "Caller's first name"
example = "Ada"

[metadata.clinic_name]
description = "Clinic name"
example = "Sunny Clinic"
"""

COLLECTION_AGENT = """\
version = 1

[agent]
name = "intake"
instructions = "Collect the caller's appointment."

[greeting]
enabled = true
instructions = "Say hello."

[data_collection]
enabled = true

[[data_collection.fields]]
name = "appointment"
description = "When the caller wants to come in"
type = "object"
[data_collection.fields.properties]
day = { type = "string", description = "Weekday" }
time = { type = "string", description = "24h time, HH:MM" }

[[data_collection.fields]]
name = "symptoms"
description = "Each symptom the caller mentions"
type = "string"
multiple = true

[call_ending]
final_response = ""
delete_room = false
endpoint_url = "https://hooks.example.com/call-ended"
"""

SECRETS = "SHOP_TOKEN=shop-token-0123456789\nHOOK_KEY=hook-key-0123456789\n"
