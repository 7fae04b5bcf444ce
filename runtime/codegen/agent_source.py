"""The pieces of the generated `src/agent.py` that depend on the config, as source laid
out the way `ruff format` lays it out (see `layout`). The template arranges them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from runtime.codegen.layout import (
    Atom,
    Bracket,
    Item,
    Node,
    assignment,
    call,
    dict_of,
    keyword_call,
    layout,
    list_of,
    literal,
    subscript,
)
from runtime.codegen.literals import PySource, py_literal
from runtime.codegen.tools_view import ParamView, ToolView


def line(node: Node, lead: str, trailer: str = "") -> PySource:
    """`node` on the line(s) that `lead` starts (its indentation gives the level)."""
    indent = (len(lead) - len(lead.lstrip(" "))) // 4
    return layout(node, lead=lead, trailer=trailer, indent=indent)


def _text(value: str) -> Node:
    return Atom(py_literal(value))


# -- settings constants -------------------------------------------------------------


def parameter_node(param: Any, name: str | None = None) -> Node:
    """`ToolParameter(...)` for a config parameter (or an object's property)."""
    args: list[Node | Item] = [_text(name or param.name), _text(param.type)]
    if param.description:
        args.append(_text(param.description))
    if not getattr(param, "required", True):
        args.append(Item(Atom("False"), "required"))
    if getattr(param, "items", "string") != "string":
        args.append(Item(_text(param.items), "items"))
    properties = getattr(param, "properties", None) or {}
    if properties:
        nodes = [parameter_node(prop, key) for key, prop in properties.items()]
        args.append(Item(list_of(nodes), "properties"))
    return call("ToolParameter", *args)


def _pairs(*pairs: tuple[str, Any, bool]) -> list[tuple[str, Node]]:
    """Keyword arguments whose condition holds; plain values become literals."""
    return [(k, v if isinstance(v, Node) else literal(v)) for k, v, keep in pairs if keep]


def tool_settings(view: ToolView) -> PySource:
    tool = view.tool
    http = view.kind == "http"
    params = list_of(parameter_node(p) for p in tool.parameters)
    pairs = _pairs(
        ("name", tool.name, True),
        ("description", tool.description, True),
        ("method", getattr(tool, "method", ""), http),
        ("url", getattr(tool, "url", ""), http),
        ("headers", dict(getattr(tool, "headers", {}) or {}), http and bool(tool.headers)),
        ("parameters", params, bool(tool.parameters)),
        ("preview_response", getattr(tool, "preview_response", ""), not http),
        ("silent", Atom("True"), tool.silent),
        ("timeout_s", float(tool.timeout_s), True),
    )
    return line(keyword_call(str(view.settings_class), pairs), f"{view.constant} = ")


def fields_source(fields: Iterable[Any]) -> PySource:
    nodes = []
    for f in fields:
        properties = [parameter_node(prop, key) for key, prop in (f.properties or {}).items()]
        pairs = _pairs(
            ("name", f.name, True),
            ("description", f.description, True),
            ("type", f.type, True),
            ("multiple", Atom("True"), f.multiple),
            ("required", Atom("False"), not f.required),
            ("instructions", f.instructions, bool(f.instructions)),
            ("properties", list_of(properties), bool(properties)),
        )
        nodes.append(keyword_call("DataField", pairs))
    return line(list_of(nodes), "FIELDS = ")


def mcp_source(servers: Iterable[Any]) -> PySource:
    nodes = [
        keyword_call(
            "McpServerSettings",
            _pairs(
                ("name", s.name, True),
                ("url", s.url, True),
                ("transport", s.transport, True),
                ("headers", dict(s.headers or {}), bool(s.headers)),
            ),
        )
        for s in servers
    ]
    return line(list_of(nodes), "MCP_SERVERS = ")


def call_ending_source(
    ending: Any, *, final_response: bool, summary_instructions: bool
) -> PySource:
    summary = ending.summary
    summary_node = keyword_call(
        "SummarySettings",
        _pairs(
            ("enabled", Atom("True"), True),
            ("llm", summary.llm, True),
            ("thinking_effort", summary.thinking_effort, bool(summary.thinking_effort)),
            ("instructions", Atom("SUMMARY_INSTRUCTIONS"), summary_instructions),
        ),
    )
    pairs = _pairs(
        ("final_response", Atom("FINAL_RESPONSE"), final_response),
        ("endpoint_url", ending.endpoint_url, True),
        ("headers", dict(ending.headers or {}), bool(ending.headers)),
        ("signing_secret", ending.signing_secret, bool(ending.signing_secret)),
        ("summary", summary_node, summary.enabled),
    )
    return line(keyword_call("CallEndingSettings", pairs), "CALL_ENDING = ")


# -- typed tool methods -------------------------------------------------------------


def _annotation(param: ParamView) -> Node:
    base = Atom(str(param.annotation))
    if not param.field_description:
        return base
    return subscript(
        "Annotated", base, call("Field", Item(_text(param.field_description), "description"))
    )


def decorator(view: ToolView) -> PySource:
    pairs = _pairs(
        ("name", view.name, view.needs_name_override),
        ("description", view.tool.description, True),
    )
    return line(keyword_call("function_tool", pairs), "    @")


def signature(view: ToolView) -> PySource:
    items = [Item(Atom("self")), Item(Atom("RunContext[CallState]"), str(view.context_name), ": ")]
    for p in view.params:
        items.append(Item(_annotation(p), str(p.py_name), ": ", "" if p.required else "None"))
    node = Bracket(f"async def {view.method}(", tuple(items), ") -> str | None:")
    return line(node, "    ")


def arguments(view: ToolView) -> PySource:
    if not view.params:
        return PySource("        arguments: dict[str, object] = {}")
    node = dict_of((_text(p.name), Atom(str(p.py_name))) for p in view.params)
    return line(node, "        arguments = ")


def model_field(prop: ParamView) -> PySource:
    if not prop.description:
        return PySource(f"    {prop.py_name}: {prop.annotation}")
    value = call("Field", Item(_text(prop.description), "description"))
    return line(value, f"    {prop.py_name}: {prop.annotation} = ")


# -- the session and the room -------------------------------------------------------


@dataclass(frozen=True)
class SessionSource:
    stt: PySource
    llm: PySource
    tts: PySource
    turn_detection: PySource
    preemptive: PySource


def session_source(config: Any) -> SessionSource:
    models, advanced = config.models, config.advanced
    stt = call(
        "inference.STT",
        _text(models.stt),
        **({"language": _text(models.language)} if models.language else {}),
    )
    tts = call(
        "inference.TTS",
        _text(models.tts),
        **({"voice": _text(models.voice)} if models.voice else {}),
    )
    llm_kwargs: dict[str, Node] = {}
    if models.thinking_effort:
        llm_kwargs["extra_kwargs"] = dict_of(
            [(_text("reasoning_effort"), _text(models.thinking_effort))]
        )
    llm = call("inference.LLM", _text(models.llm), **llm_kwargs)
    detection = Atom("inference.TurnDetector()") if advanced.turn_detection else Atom('"vad"')
    preemptive = dict_of([(_text("enabled"), Atom(str(bool(advanced.preemptive_generation))))])
    return SessionSource(
        stt=line(stt, "        stt=", ","),
        llm=line(llm, "        llm=", ","),
        tts=line(tts, "        tts=", ","),
        turn_detection=line(detection, "            turn_detection=", ","),
        preemptive=line(preemptive, "            preemptive_generation=", ","),
    )


def instructions_source(collecting: bool, other_tools: bool) -> PySource:
    if not collecting:
        return PySource("            instructions=call.render(INSTRUCTIONS),")
    args: list[Node | Item] = [Atom("call.render(INSTRUCTIONS)"), Atom("FIELDS"), Atom("call")]
    if other_tools:
        args.append(Item(Atom("True"), "other_tools"))
    return line(call("collection_instructions", *args), "            instructions=", ",")


# -- imports ------------------------------------------------------------------------


def _member_order(name: str) -> tuple[int, str]:
    # isort's order-by-type, as ruff applies it: CONSTANTS, Classes, then the rest
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def from_import(module: str, names: Iterable[str]) -> PySource:
    members = sorted(set(names), key=_member_order)
    node = Bracket(f"from {module} import (", tuple(Item(Atom(n)) for n in members), ")")
    flat = f"from {module} import {', '.join(members)}"
    if len(flat) <= 100:
        return PySource(flat)
    return line(node, "")


def import_block(sections: Iterable[Iterable[tuple[str, Iterable[str]]]]) -> PySource:
    """Sections (standard library, third party, first party) of (module, names); a
    module with names None-like is a plain `import module`."""
    blocks = []
    for section in sections:
        plain = sorted(m for m, names in section if not names)
        froms = sorted((m, n) for m, n in section if n)
        lines = [f"import {m}" for m in plain] + [from_import(m, n) for m, n in froms]
        if lines:
            blocks.append("\n".join(lines))
    return PySource("\n\n".join(blocks))


def tool_call(view: ToolView) -> PySource:
    node = call(
        str(view.call_function),
        Atom(str(view.constant)),
        Atom("arguments"),
        Atom(str(view.context_name)),
    )
    return line(node, "        return await ")


def assign(target: str, source: str) -> PySource:
    """A module-level constant holding a literal (`source` is already Python)."""
    return assignment(target, Atom(source))


def dispatch_metadata(metadata: Any) -> PySource:
    """The README's `metadata=json.dumps(...)` line of its livekit-api example."""
    return line(call("json.dumps", literal(metadata)), "            metadata=", ",")


def assign_value(target: str, value: Any) -> PySource:
    """A module-level constant holding a config-shaped value (dicts, lists, scalars)."""
    return assignment(target, literal(value))


def tool_calls_source(views: Iterable[ToolView], sample_arguments: Any) -> PySource:
    """The generated tests' TOOL_CALLS: one valid call per tool."""
    params = [
        call(
            "pytest.param",
            _text(view.name),
            literal(sample_arguments(view.tool.parameters)),
            Atom(str(view.http_method_literal)),
            Atom(str(bool(view.tool.silent))),
            id=_text(view.name),
        )
        for view in views
    ]
    return assignment("TOOL_CALLS", list_of(params))


def answers_source(fields: Iterable[Any], field_sample: Any) -> PySource:
    """The generated tests' ANSWERS: a valid record call per data field."""
    answers = [
        dict_of(
            [
                (_text("name"), _text(f"record_{f.name}")),
                (_text("arguments"), literal(field_sample(f))),
            ]
        )
        for f in fields
    ]
    return assignment("ANSWERS: list[dict[str, Any]]", list_of(answers))


def raw_tool(view: ToolView) -> PySource:
    """A raw-schema tool in the agent's tool list."""
    return line(call(str(view.build_function), Atom(str(view.constant))), " " * 16, ",")


def is_agent_class(agent_class: str) -> PySource:
    """The generated tests' check that the entrypoint starts this agent."""
    node = call("isinstance", Atom("built.agent"), Atom(f"agent.{agent_class}"))
    return line(node, "    assert ")
