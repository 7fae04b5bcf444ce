"""The one declaration of every section and key of `agent.toml`.

Validation, the JSON Schema, the typed model and the editor's forms are all derived from
the tree below, so a key is described in exactly one place. The tree is plain data: walk
it with `Spec.children` / `Spec.item`, or look a dotted path up with `spec_for_path`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Kinds of value. "table" is a [section]; "array" an array of tables ([[section]]);
# "map" a table whose keys the user names ([metadata.NAME], `properties`), each entry
# declared by `item`; "headers" an inline table of string -> string; "json" any value
# JSON can carry (text, number, boolean, list or table), e.g. sample data.
SCALAR_KINDS = frozenset({"string", "integer", "number", "boolean", "enum"})
CONTAINER_KINDS = frozenset({"table", "array", "map", "headers"})
# Kinds a form edits as one value (a "json" value is written as JSON text when it is
# not plain text).
VALUE_KINDS = SCALAR_KINDS | {"json"}


class _Missing:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _Missing()

_ACRONYMS = frozenset({"llm", "url", "stt", "tts", "mcp", "http", "id", "rpc", "json", "sip"})
IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"
AGENT_NAME = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"
HEADER_NAME = r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$"


@dataclass(frozen=True)
class Spec:
    """One key of the file (or, for `map`/`array`, the shape of one entry)."""

    key: str
    kind: str
    description: str
    label: str = ""
    default: Any = NO_DEFAULT
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_hint: str = ""  # says in words what `pattern` wants, for error messages
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    children: tuple[Spec, ...] = ()
    item: Spec | None = None  # entry shape of "array" and "map"
    # Hints for the editor's forms.
    multiline: bool = False
    suggest: str | None = None  # "stt" | "llm" | "tts": offer known model ids
    placeholder: str = ""
    variables: frozenset[str] = frozenset()  # variable namespaces allowed in the value

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        words = self.key.replace("_", " ").capitalize().split(" ")
        # As people write them: "Endpoint URL", "LLM", not "Endpoint url", "Llm".
        return " ".join(w.upper() if w.lower() in _ACRONYMS else w for w in words)

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT

    def child(self, key: str) -> Spec | None:
        for spec in self.children:
            if spec.key == key:
                return spec
        return None

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Spec]]:
        """Every declaration below this one, as (dotted pattern, spec); list items are `[]`
        and user-named map entries `*` (e.g. `tools.http[].parameters[].name`)."""
        for spec in self.children:
            path = f"{prefix}.{spec.key}" if prefix else spec.key
            yield path, spec
            yield from spec.walk(path)
        if self.item is not None:
            marker = "[]" if self.kind == "array" else ".*"
            yield from self.item.walk(prefix + marker)


def _s(key: str, description: str, **kw: Any) -> Spec:
    return Spec(key=key, kind="string", description=description, **kw)


def _enum(key: str, values: tuple[str, ...], description: str, **kw: Any) -> Spec:
    return Spec(key=key, kind="enum", enum=values, description=description, **kw)


def _b(key: str, default: bool, description: str, **kw: Any) -> Spec:
    return Spec(key=key, kind="boolean", default=default, description=description, **kw)


def _table(key: str, description: str, *children: Spec, **kw: Any) -> Spec:
    return Spec(key=key, kind="table", description=description, children=children, **kw)


def _array(key: str, description: str, *children: Spec, **kw: Any) -> Spec:
    item = Spec(key=key, kind="table", description=description, children=children)
    return Spec(key=key, kind="array", description=description, item=item, **kw)


def _headers(description: str) -> Spec:
    return Spec(
        key="headers",
        kind="headers",
        description=description,
        item=Spec(
            key="*",
            kind="string",
            description="Header value; may use {{secrets.NAME}} and {{metadata.key}}.",
            variables=METADATA_AND_SECRETS,
        ),
        pattern=HEADER_NAME,
        pattern_hint="header names use letters, digits and - (no spaces)",
    )


METADATA = frozenset({"metadata"})
METADATA_AND_SECRETS = frozenset({"metadata", "secrets"})

TOOL_NAME: dict[str, Any] = {
    "required": True,
    "pattern": IDENTIFIER,
    "pattern_hint": "letters, digits and _, not starting with a digit",
    "max_length": 64,
}
# A data field is the tool `record_<name>` to the model, and tool names stop at 64.
FIELD_NAME: dict[str, Any] = {**TOOL_NAME, "max_length": 64 - len("record_")}
PARAMETER_TYPES = ("string", "number", "integer", "boolean", "object", "array")
FIELD_TYPES = ("string", "number", "boolean", "object", "list")
PROPERTY_TYPES = ("string", "number", "integer", "boolean")
ITEM_TYPES = ("string", "number", "integer", "boolean", "object")
THINKING_EFFORTS = ("none", "minimal", "low", "medium", "high")
HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")
MCP_TRANSPORTS = ("streamable-http", "sse")
INSTRUCTIONS_MAX = 200_000


def _properties(description: str, entry: str) -> Spec:
    return Spec(
        key="properties",
        kind="map",
        description=description,
        pattern=IDENTIFIER,
        pattern_hint="letters, digits and _, not starting with a digit",
        item=_table(
            "*",
            entry,
            _enum("type", PROPERTY_TYPES, "Type of this property.", default="string"),
            _s("description", "What this property holds.", default=""),
        ),
    )


def _parameters(description: str) -> Spec:
    return _array(
        "parameters",
        description,
        _s("name", "Parameter name the model fills in.", **TOOL_NAME),
        _enum("type", PARAMETER_TYPES, "JSON type of the value.", default="string"),
        _s("description", "Tells the model what to put here.", default=""),
        _b("required", True, "Whether the model must always provide it."),
        _enum(
            "items",
            ITEM_TYPES,
            "Type of each element of an array parameter.",
            default="string",
        ),
        _properties(
            "Sub-values of an object parameter (or of each object in an array), by name;"
            " without them the model sends the object as JSON text.",
            "One property of an object parameter.",
        ),
    )


def _timeout(description: str) -> Spec:
    return Spec(
        key="timeout_s",
        kind="number",
        default=10,
        minimum=0.1,
        maximum=300,
        description=description,
        label="Timeout (s)",
    )


def _thinking_effort(description: str) -> Spec:
    return _enum(
        "thinking_effort",
        THINKING_EFFORTS,
        description,
        placeholder="only for reasoning models",
    )


AGENT = _table(
    "agent",
    "Who the agent is and how it behaves.",
    _s(
        "name",
        "Dispatch name: frontends and dispatch rules ask for the agent by this name.",
        label="Agent name",
        required=True,
        pattern=AGENT_NAME,
        pattern_hint="lowercase letters, digits and '-', not starting or ending with '-'",
        min_length=1,
        max_length=63,
        placeholder="front-desk",
    ),
    _s(
        "instructions",
        "The system prompt: who the agent is, what it does and how it speaks.",
        default="",
        multiline=True,
        max_length=INSTRUCTIONS_MAX,
        variables=METADATA,
    ),
)

GREETING = _table(
    "greeting",
    "What the agent says when the caller joins.",
    _b("enabled", True, "Speak first; when false the agent waits for the user to speak."),
    _s(
        "instructions",
        "How to greet the caller; empty lets the model greet in its own words.",
        default="",
        multiline=True,
        max_length=INSTRUCTIONS_MAX,
        variables=METADATA,
    ),
)

MODELS = _table(
    "models",
    "LiveKit Inference models for speech-to-text, the language model and text-to-speech.",
    _s(
        "stt",
        "Speech-to-text model id.",
        default="deepgram/nova-3",
        suggest="stt",
        label="STT",
    ),
    _s(
        "language",
        'Language the caller speaks ("multi" where the STT model supports it).',
        default="en",
        suggest="language",
        max_length=32,
    ),
    _s(
        "llm",
        "Language model id.",
        default="openai/gpt-4.1-mini",
        suggest="llm",
        label="LLM",
    ),
    _thinking_effort("How hard a reasoning model thinks before answering."),
    _s(
        "tts",
        "Text-to-speech model id.",
        default="cartesia/sonic-3",
        suggest="tts",
        label="TTS",
    ),
    _s(
        "voice",
        "Voice id of the text-to-speech model; empty uses the model's default.",
        default="",
        suggest="voice",
    ),
)

FIELD = _array(
    "fields",
    "A piece of information the agent collects from the caller.",
    _s("name", "Field name: the key in the end-of-call results.", **FIELD_NAME),
    _s("description", "What to collect; guides the model.", required=True, min_length=1),
    _enum("type", FIELD_TYPES, "Type the collected value must have.", default="string"),
    _b("multiple", False, "The caller may give several answers (results become a list)."),
    _b("required", True, "The agent keeps asking until it has this field."),
    _s(
        "instructions",
        "Extra instructions for collecting this field.",
        default="",
        multiline=True,
        variables=METADATA,
        max_length=INSTRUCTIONS_MAX,
    ),
    _properties("Sub-values of an object field, by name.", "One property of an object field."),
)

DATA_COLLECTION = _table(
    "data_collection",
    "Structured data the agent collects and sends at the end of the call.",
    _b("enabled", False, "Collect the fields below; false makes an open-ended conversation."),
    FIELD,
)

HTTP_TOOL = _array(
    "http",
    "A tool that calls an HTTP API.",
    _s("name", "Tool name the model calls; unique across all tools.", **TOOL_NAME),
    _s("description", "When and why the model should use this tool.", required=True, min_length=1),
    _enum("method", HTTP_METHODS, "HTTP method.", default="GET"),
    _s(
        "url",
        "Endpoint URL; `:name` marks a path parameter.",
        required=True,
        placeholder="https://api.example.com/orders/:order_id",
        variables=METADATA,
    ),
    _b("silent", False, "Hide the result: the agent does not reply to it."),
    _timeout("Seconds to wait for the response."),
    _headers("Request headers; values may use {{secrets.NAME}}."),
    _parameters("Arguments: query string for GET, JSON body otherwise, and path parameters."),
)

CLIENT_TOOL = _array(
    "client",
    "A tool answered by the caller's frontend over RPC.",
    _s("name", "RPC method name, also the tool name; unique across all tools.", **TOOL_NAME),
    _s("description", "When and why the model should use this tool.", required=True, min_length=1),
    _s(
        "preview_response",
        "Sample reply (usually JSON); the preview answers with it.",
        default="",
        multiline=True,
    ),
    _b("silent", False, "Hide the result: the agent does not reply to it."),
    _timeout("Seconds to wait for the frontend's reply."),
    _parameters("Arguments sent to the frontend as a JSON payload."),
)

MCP_SERVER = _array(
    "mcp",
    "An MCP server whose tools the agent may use.",
    _s("name", "A human-readable name for this server.", **TOOL_NAME),
    _s(
        "url",
        "Server URL.",
        required=True,
        placeholder="https://mcp.example.com/mcp",
        variables=METADATA,
    ),
    _enum("transport", MCP_TRANSPORTS, "How to talk to the server.", default="streamable-http"),
    _headers("Request headers; values may use {{secrets.NAME}}."),
)

TOOLS = _table(
    "tools",
    "Actions the agent can take.",
    HTTP_TOOL,
    CLIENT_TOOL,
    MCP_SERVER,
)

CALL_ENDING = _table(
    "call_ending",
    "How the call ends and where its results go.",
    _s(
        "final_response",
        "What to say before hanging up; empty ends without a closing line.",
        default="",
        multiline=True,
        variables=METADATA,
        max_length=INSTRUCTIONS_MAX,
    ),
    _b("delete_room", True, "Close the room for everyone when the agent hangs up."),
    _s(
        "endpoint_url",
        "Where the summary and collected results are POSTed; empty: nowhere.",
        default="",
        placeholder="https://hooks.example.com/call-ended",
    ),
    _headers("Headers of the end-of-call POST; values may use {{secrets.NAME}}."),
    _s(
        "signing_secret",
        "A {{secrets.NAME}} whose value HMAC-signs each end-of-call POST; empty: unsigned.",
        default="",
        placeholder="{{secrets.HOOK_SIGNING_SECRET}}",
        variables=frozenset({"secrets"}),
    ),
    _table(
        "summary",
        "An LLM-written summary of the call, included in the POST.",
        _b("enabled", False, "Write a summary when the call ends."),
        _s(
            "llm",
            "Language model that writes the summary.",
            default="openai/gpt-4.1-mini",
            suggest="llm",
        ),
        _thinking_effort("How hard a reasoning summary model thinks."),
        _s(
            "instructions",
            "How to write the summary; empty uses the default format.",
            default="",
            multiline=True,
            variables=METADATA,
            max_length=INSTRUCTIONS_MAX,
        ),
    ),
)

METADATA_TABLE = Spec(
    key="metadata",
    kind="map",
    description="Variables the frontend passes as job metadata (a JSON object).",
    pattern=IDENTIFIER,
    pattern_hint="letters, digits and _, not starting with a digit",
    item=_table(
        "*",
        "One metadata variable, used as {{metadata.NAME}}.",
        _s("description", "What this variable holds.", default=""),
        Spec(
            key="example",
            kind="json",
            default="",
            description=(
                "Value the preview (and dispatch, and the generated tests) use: text, a "
                'number, true/false, a list or a table ({ name = "Zoë" } for '
                "{{metadata.NAME.name}})."
            ),
        ),
    ),
)

ADVANCED = _table(
    "advanced",
    "Audio pipeline settings.",
    _b("noise_cancellation", True, "Enhanced noise cancellation (BVC; BVCTelephony for SIP)."),
    _b("preemptive_generation", True, "Start answering before the user's turn is final."),
    _b("turn_detection", True, "Use LiveKit's turn detector model to know when the user is done."),
)

ROOT = _table(
    "",
    "A LiveKit voice agent built with agent-builder.",
    Spec(
        key="version",
        kind="integer",
        default=1,
        minimum=1,
        maximum=1,
        description="File format version, for future migrations.",
    ),
    AGENT,
    GREETING,
    MODELS,
    DATA_COLLECTION,
    TOOLS,
    CALL_ENDING,
    METADATA_TABLE,
    ADVANCED,
)

# Order of top-level keys, used to place a new section where a person would put it.
SECTION_ORDER: tuple[str, ...] = tuple(spec.key for spec in ROOT.children)
TOOL_KINDS: tuple[str, ...] = tuple(spec.key for spec in TOOLS.children)


def spec_for_path(path: tuple[str | int, ...], root: Spec | None = None) -> Spec | None:
    """The declaration governing a parsed path (`("tools", "http", 0, "url")`), or None;
    in the agent file, or in the file `root` declares."""
    spec: Spec | None = root or ROOT
    for part in path:
        if spec is None:
            return None
        if isinstance(part, int):
            spec = spec.item if spec.kind == "array" else None
        elif spec.kind in ("map", "headers"):
            spec = spec.item
        else:
            spec = spec.child(part)
    return spec


def defaults_of(spec: Spec) -> dict[str, Any]:
    """Defaults of a table's scalar keys (never written to the file; used to fill views)."""
    return {c.key: c.default for c in spec.children if c.has_default}


__all__ = [
    "NO_DEFAULT",
    "ROOT",
    "SECTION_ORDER",
    "TOOL_KINDS",
    "Spec",
    "defaults_of",
    "spec_for_path",
]
