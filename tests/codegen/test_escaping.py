"""Any config string reaches generated code as an exact, correctly escaped literal.

The config is built straight from data (no validation), so the generator is tested
with strings no validator would have let through: quotes, triple quotes, backslashes,
template syntax, newlines, unicode and code that tries to escape its literal.
"""

from __future__ import annotations

import ast
import tomllib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtime.codegen import render_project
from runtime.codegen.tools_view import tool_views
from runtime.config.model import AgentConfig

# Text a TOML file can hold (UTF-8: no lone surrogates), salted with the characters most
# likely to break a literal or a template.
TRICKY = ['"', "'", '"""', "'''", "\\", "\n", "{{", "}}", "{%", "%}", "\r", "\t", "\x00", "é", "☕"]
text = st.lists(
    st.sampled_from(TRICKY) | st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    max_size=6,
).map("".join)
names = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,12}\Z")
header_names = st.from_regex(r"\A[A-Za-z0-9-]{1,12}\Z")


@st.composite
def configs(draw) -> dict[str, Any]:
    tool_names = draw(st.lists(names, min_size=2, max_size=2, unique=True))
    param_names = draw(st.lists(names, min_size=2, max_size=2, unique=True))
    return {
        "version": 1,
        "agent": {"name": "fuzz-agent", "instructions": draw(text)},
        "greeting": {"enabled": True, "instructions": draw(text)},
        "models": {"llm": draw(text), "voice": draw(text), "thinking_effort": "low"},
        "data_collection": {
            "enabled": True,
            "fields": [
                {
                    "name": draw(names), "description": draw(text), "type": "object",
                    "instructions": draw(text),
                    "properties": {draw(names): {"type": "string", "description": draw(text)}},
                }
            ],
        },
        "tools": {
            "http": [
                {
                    "name": tool_names[0], "description": draw(text), "url": draw(text),
                    "method": "POST",
                    "headers": {draw(header_names): draw(text)},
                    "parameters": [
                        {"name": n, "description": draw(text), "type": "string"}
                        for n in param_names
                    ],
                }
            ],
            "client": [
                {
                    "name": tool_names[1], "description": draw(text),
                    "preview_response": draw(text),
                }
            ],
            "mcp": [{"name": "m", "url": draw(text), "headers": {"X": draw(text)}}],
        },
        "call_ending": {
            "final_response": draw(text), "endpoint_url": draw(text),
            "headers": {draw(header_names): draw(text)},
            "summary": {"enabled": True, "instructions": draw(text)},
        },
        "metadata": {draw(names): {"description": draw(text), "example": draw(text)}},
    }


def _literal(node: ast.AST) -> Any:
    return ast.literal_eval(node)


def _calls(tree: ast.AST, func: str) -> list[ast.Call]:
    """Calls of `func` (a name, or `module.name`)."""
    index = getattr(tree, "_calls_by_name", None)
    if index is None:  # one walk per tree, not one per lookup
        index = {}
        for n in ast.walk(tree):
            if isinstance(n, ast.Call):
                index.setdefault(ast.unparse(n.func), []).append(n)
        tree._calls_by_name = index  # type: ignore[attr-defined]
    return index.get(func, [])


def _kwargs(call: ast.Call) -> dict[str, Any]:
    out = {}
    for kw in call.keywords:
        try:
            out[kw.arg] = _literal(kw.value)
        except ValueError:
            pass  # a name (a module constant), not a literal
    return out


def _constants(tree: ast.Module) -> dict[str, Any]:
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                out[target.id] = _literal(value)
            except ValueError:
                pass
    return out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_every_string_arrives_exactly(data):
    config = AgentConfig.from_dict(data)
    files = render_project(config, source_text="# fuzz\n")
    for path in ("src/agent.py", "tests/test_agent.py", "tests/conftest.py"):
        compile(files[path], path, "exec")  # the rest is copied, not rendered
    tomllib.loads(files["pyproject.toml"].decode())

    tree = ast.parse(files["src/agent.py"])
    constants = _constants(tree)
    assert constants["INSTRUCTIONS"] == config.agent.instructions
    assert constants.get("GREETING", "") == config.greeting.instructions
    if config.call_ending.final_response:
        assert constants["FINAL_RESPONSE"] == config.call_ending.final_response
    if config.call_ending.summary.instructions:
        assert constants["SUMMARY_INSTRUCTIONS"] == config.call_ending.summary.instructions

    http, client = config.tools.http[0], config.tools.client[0]
    (http_settings,) = [_kwargs(c) for c in _calls(tree, "HttpToolSettings")]
    assert http_settings["name"] == http.name
    assert http_settings["description"] == http.description
    assert http_settings["url"] == http.url
    assert http_settings["headers"] == http.headers
    params = [tuple(_literal(a) for a in c.args) for c in _calls(tree, "ToolParameter")]
    for p in http.parameters:
        assert (p.name, p.type, p.description) in params or (p.name, p.type) in params

    (client_settings,) = [_kwargs(c) for c in _calls(tree, "ClientToolSettings")]
    assert client_settings["description"] == client.description
    assert client_settings.get("preview_response", "") == client.preview_response

    (field,) = [_kwargs(c) for c in _calls(tree, "DataField")]
    source_field = config.data_collection.fields[0]
    assert field["description"] == source_field.description
    assert field.get("instructions", "") == source_field.instructions

    (mcp,) = [_kwargs(c) for c in _calls(tree, "McpServerSettings")]
    assert mcp["url"] == config.tools.mcp[0].url
    assert mcp["headers"] == config.tools.mcp[0].headers

    (ending,) = [_kwargs(c) for c in _calls(tree, "CallEndingSettings")]
    assert ending["endpoint_url"] == config.call_ending.endpoint_url
    assert ending["headers"] == config.call_ending.headers
    (llm,) = _calls(tree, "inference.LLM")
    assert _literal(llm.args[0]) == config.models.llm
    (tts,) = _calls(tree, "inference.TTS")
    assert _kwargs(tts).get("voice", "") == config.models.voice

    # what the model sees: each typed tool's decorator and its parameters' Field()s
    decorated = {d.get("name", d["description"]): d["description"]
                 for d in (_kwargs(c) for c in _calls(tree, "function_tool"))}
    field_descriptions = [_kwargs(c)["description"] for c in _calls(tree, "Field")]
    raw_built = {c.args[0].id for c in _calls(tree, "build_http_tool")}
    raw_built |= {c.args[0].id for c in _calls(tree, "build_client_tool")}
    for view in tool_views(config):
        if view.typed:
            assert view.tool.description in decorated.values()
            for p in view.params:
                if p.description:
                    assert p.description in field_descriptions
        else:
            assert view.constant in raw_built

    tests_tree = ast.parse(files["tests/test_agent.py"])
    assert _constants(tests_tree)["METADATA"] == {
        k: v.example for k, v in config.metadata.items()
    }
