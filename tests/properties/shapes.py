"""Agent files of every shape TOML allows, with comments in every position.

Each comment says who owns it, so a test can check it stayed with its owner:
`# lead:PATH` (the lines right above PATH), `# trail:PATH` (after PATH's code, on its
last line), `# table:PATH` (inside the table PATH), `# file:N` (the file's opening
lines), `# free:N` (a paragraph of its own, owned by nobody). In PATH, `[=NAME]` is the
element of an array whose `name` is NAME, so the owner is found wherever it moves, and
a quoted key writes its spaces as \\u0020.
"""

from __future__ import annotations

CANONICAL = '''\
# file:1 the agent of the clinic
# file:2
version = 1

# lead:agent
[agent]                        # trail:agent
# lead:agent.name
name = "front-desk"            # trail:agent.name
instructions = """
You are the front desk. Be brief.
"""  # trail:agent.instructions
# table:agent

[greeting]
enabled = true                 # trail:greeting.enabled
instructions = "Greet {{metadata.user_name}}."

[models]
stt = "deepgram/nova-3"
llm = "openai/gpt-5-mini"
thinking_effort = "low"        # trail:models.thinking_effort
tts = "cartesia/sonic-3"

# free:1 about what follows
# free:2

[data_collection]
enabled = true

# lead:data_collection.fields[=appointment]
[[data_collection.fields]]
name = "appointment"
description = "When"
type = "object"
[data_collection.fields.properties]   # trail:data_collection.fields[=appointment].properties
day = { type = "string", description = "Weekday" }   # trail:data_collection.fields[=appointment].properties.day

[[tools.http]]
name = "lookup_order"          # trail:tools.http[=lookup_order].name
description = "Look up"
url = "https://api.example.com/orders/:order_id"
headers = { Authorization = "Bearer {{secrets.SHOP_TOKEN}}" }
[[tools.http.parameters]]
name = "order_id"

# lead:tools.http[=second]
[[tools.http]]
name = "second"
description = "Two"
url = "https://x"

# lead:tools.client[=show_product]
[[tools.client]]
name = "show_product"
description = "Show"
preview_response = '{"shown": true}'

[[tools.mcp]]
name = "docs"
url = "https://mcp.example.com/mcp"

[call_ending]
endpoint_url = "https://hooks.example.com/call-ended"
headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}" }

[call_ending.summary]
enabled = true

[metadata.user_name]           # trail:metadata.user_name
description = "Caller's first name"
example = "Ada"

[advanced]
noise_cancellation = true
# table:advanced
'''

DOTTED_AND_INLINE = '''\
version = 1
agent.name = "dotted"          # trail:agent.name
agent.instructions = "Be brief."
# lead:tools.http
tools.http = [ { name = "t1", description = "d", url = "https://x" } ]
greeting = { enabled = false }  # trail:greeting
call_ending = { delete_room = false, headers = { X-One = "1" } }
data_collection.enabled = true
data_collection.fields = [
  { name = "f1", description = "first" },   # trail:data_collection.fields[=f1]
  # lead:data_collection.fields[=f2] right above it
  { name = "f2", description = "second" },
]

[models]                       # trail:models
llm = "openai/gpt-4.1-mini"
'''

SPLIT = '''\
#:schema ./agent-builder.schema.json   # file:schema
[[tools.http]]                 # trail:tools.http[=a]
name = "a"
[[tools.http.parameters]]
name = "p1"

[models]
llm = "x"

# lead:tools.http[=b]
[[tools.http]]
name = "b"

[[tools.client]]
name = "c"

[metadata.first]
example = "1"

[[tools.http]]
name = "c3"
[[tools.http.parameters]]      # trail:tools.http[=c3].parameters[=q]
name = "q"

[[data_collection.fields]]
name = "f"
description = "d"

# lead:data_collection
[data_collection]
enabled = true

[tools]
note = "a super-table written after its tables"
'''

QUOTED = '''\
"version" = 1
[ "agent" ]                    # trail:agent
"name" = "q"
[metadata."user name"]         # trail:metadata."user\\u0020name"
example = "x"
[metadata.'lit']
example = 'y'
[[tools.http]]
name = "h"
description = "d"
url = "https://x"
headers = { "X-Api-Key" = "k", 'Lit' = "v", bare = "b" }   # trail:tools.http[=h].headers'''

# Sub-tables and arrays inside inline tables, and arrays of inline tables on one line.
DEEP_INLINE = '''\
[agent]
name = "deep"
[tools]
http = [{ name = "i1", description = "d", url = "https://x", parameters = [{ name = "p" }] }, { name = "i2", description = "e", url = "https://y" }]
mcp = []
[call_ending]
summary = { enabled = true, llm = "openai/gpt-5-mini" }   # trail:call_ending.summary
'''

# Spaces in dotted keys and headers, an empty inline table, a comma on a line of its
# own, escapes, a hexadecimal integer.
ODD = '''\
agent . name = "odd"           # trail:agent.name
agent.'instructions' = "\\U0001F600 \\t \\" q"
greeting = {}
data_collection.fields = [
  { name = "f1", description = "x" }, # trail:data_collection.fields[=f1]
  # lead:data_collection.fields[=f2] right above it, after a comma on the line before
  { name = "f2", description = "y" }
  ,
]

[ models ]                     # trail:models
llm = 'openai/gpt-5-mini'

[ advanced ]
max_tool_steps = 0x3
'''

ANNOTATED = {
    "canonical": CANONICAL,
    "dotted_and_inline": DOTTED_AND_INLINE,
    "split": SPLIT,
    "quoted": QUOTED,
    "deep_inline": DEEP_INLINE,
    "odd": ODD,
}


def variants() -> dict[str, tuple[str, bool]]:
    """Every annotated shape, also with CRLF line breaks and with a byte-order mark:
    name -> (text, has_bom)."""
    out: dict[str, tuple[str, bool]] = {}
    for name, text in ANNOTATED.items():
        out[name] = (text, False)
        out[f"{name}/crlf"] = (text.replace("\n", "\r\n"), False)
        out[f"{name}/bom"] = (text, True)
    return out
