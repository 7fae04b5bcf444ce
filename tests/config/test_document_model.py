"""Random edit sequences: the document must always mean what a plain dict model says."""

from __future__ import annotations

import copy

from hypothesis import example, given, settings
from hypothesis import strategies as st

from runtime.config.document import AgentDocument
from tests.config.conftest import FULL

NAMES = st.sampled_from(["a", "b", "c", "lookup_x"])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)

operations = st.one_of(
    st.tuples(
        st.just("set"),
        st.sampled_from(
            [
                "agent.instructions",
                "greeting.instructions",
                "models.voice",
                "call_ending.final_response",
            ]
        ),
        TEXT,
    ),
    st.tuples(
        st.just("set_bool"),
        st.sampled_from(
            ["greeting.enabled", "advanced.turn_detection", "call_ending.summary.enabled"]
        ),
        st.booleans(),
    ),
    st.tuples(st.just("append"), NAMES, TEXT),
    st.tuples(st.just("move"), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("remove"), st.integers(0, 5), st.none()),
    st.tuples(st.just("header"), st.integers(0, 5), TEXT),
)


def _apply_to_model(model: dict, op: tuple) -> bool:
    """Apply to the plain model; False when the operation is not applicable."""
    applied = _apply(model, op)
    tools = model["tools"]
    if not tools["http"]:
        del tools["http"]
    if not tools:
        del model["tools"]
    return applied


def _apply(model: dict, op: tuple) -> bool:
    kind, a, b = op
    tools = model.setdefault("tools", {}).setdefault("http", [])
    if kind in ("set", "set_bool"):
        section, key = a.split(".", 1)
        if "." in key:
            sub, leaf = key.split(".")
            model.setdefault(section, {}).setdefault(sub, {})[leaf] = b
        else:
            model.setdefault(section, {})[key] = b
    elif kind == "append":
        tools.append({"name": a, "description": b, "url": "https://x"})
    elif kind == "move":
        if a >= len(tools) or b >= len(tools):
            return False
        tools.insert(b, tools.pop(a))
    elif kind == "remove":
        if a >= len(tools):
            return False
        tools.pop(a)
    elif kind == "header":
        if a >= len(tools):
            return False
        tools[a].setdefault("headers", {})["X-Note"] = b
    return True


def _apply_to_document(doc: AgentDocument, op: tuple) -> None:
    kind, a, b = op
    if kind in ("set", "set_bool"):
        doc.set(a, b)
    elif kind == "append":
        doc.append_item("tools.http", {"name": a, "description": b, "url": "https://x"})
    elif kind == "move":
        doc.move_item("tools.http", a, b)
    elif kind == "remove":
        doc.remove_item("tools.http", a)
    elif kind == "header":
        doc.set(f"tools.http[{a}].headers.X-Note", b)


@settings(max_examples=40, deadline=None)
@given(st.lists(operations, max_size=8))
@example([("set", "agent.instructions", "\n")])  # tomlkit doubles a leading newline
@example([("remove", 0, None), ("move", 0, 0)])
def test_any_edit_sequence_reads_back_as_the_model_says(ops):
    doc = AgentDocument.from_text(FULL)
    model = copy.deepcopy(doc.to_dict())
    for op in ops:
        if _apply_to_model(model, op):
            _apply_to_document(doc, op)
    # Setting an absent key to its default writes nothing, so compare with defaults
    # removed from both sides' untouched keys: the model only sets explicit values.
    assert AgentDocument.from_text(doc.text).to_dict() == _without_absent_defaults(model, doc)


def _without_absent_defaults(model: dict, doc: AgentDocument) -> dict:
    """Drop model keys the document legitimately left out (default value, key absent)."""
    from runtime.config.declarations import spec_for_path
    from runtime.config.paths import parse_path

    out = copy.deepcopy(model)
    for dotted in (
        "models.voice",
        "greeting.enabled",
        "advanced.turn_detection",
        "call_ending.summary.enabled",
        "call_ending.final_response",
        "greeting.instructions",
        "agent.instructions",
    ):
        path = parse_path(dotted)
        spec = spec_for_path(path)
        section = out.get(path[0], {})
        if len(path) == 3:
            section = section.get(path[1], {})
        if path[-1] in section and not doc.has(path) and section[path[-1]] == spec.default:
            del section[path[-1]]
    return out


def _leaf_paths(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from _leaf_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*path, index)
            yield from _leaf_paths(value, (*path, index))


@settings(max_examples=30, deadline=None)
@given(st.lists(operations, max_size=6))
@example([("set", "agent.instructions", "\x85")])
def test_every_key_is_located_where_it_is_written(ops):
    doc = AgentDocument.from_text(FULL)
    model = copy.deepcopy(doc.to_dict())
    for op in ops:
        if _apply_to_model(model, op):
            _apply_to_document(doc, op)
    lines = doc.text.split("\n")  # TOML lines end at \n only (str.splitlines also splits at \x85)
    for path in _leaf_paths(doc.to_dict()):
        line, col = doc.line_of(path)
        at = lines[line - 1][col - 1 :]
        if isinstance(path[-1], int):
            assert at.startswith("[["), (path, at)
        else:
            assert at.startswith((path[-1], f'"{path[-1]}"', "[")), (path, at)
