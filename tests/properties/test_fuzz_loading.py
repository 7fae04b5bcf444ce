"""Mutated and generated agent files through every reader: `validate`, the editor's
open path and `generate --dry-run`. None may raise; every problem is located.

`AGENT_BUILDER_FUZZ_FILES` sets how many mutated files run (2,000 by default; the
figures in the notes come from 10,000).
"""

from __future__ import annotations

import contextlib
import io
import os
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from runtime.cli import main
from runtime.config import declarations as decl
from runtime.config.starter import starter_text
from runtime.config.validate import validate
from tests.properties.shapes import ANNOTATED
from tui.session import DocumentSession, OpenResult

REPO = Path(__file__).resolve().parents[2]
CORPUS = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("examples/*/agent.toml"))]
CORPUS += [*ANNOTATED.values(), starter_text()]
FILES = int(os.environ.get("AGENT_BUILDER_FUZZ_FILES", "2000"))
# Shrinking a failure can take minutes; AGENT_BUILDER_SHRINK=0 reports it as found.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate] + (
    [Phase.shrink] if os.environ.get("AGENT_BUILDER_SHRINK", "1") != "0" else []
)
COUNTS = {"files": 0, "parsed": 0, "with problems": 0, "generated": 0}

PIECES = st.sampled_from([
    "[", "]", "[[", "]]", "{", "}", "=", '"', "'", '"""', "'''", "#", ".", ",", "\n", "\r\n",
    " ", "\t", "\\", "\x00", "\x1b[31m", "name", "tools.http", "1", "true", "1979-05-27",
    "inf", "nan", "-", "{{metadata.x}}", "{{secrets.Y}}", ":id", "http://[::1", "℀", "é",
    '["x"]', "{ x = 1 }", "[" * 200, "\ufeff",
])


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "swap", "retype"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if kind == "insert":
            text = text[:at] + draw(PIECES) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "replace":
            text = text[:at] + draw(PIECES) + text[at + 1 :]
        elif kind == "duplicate" and lines:
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            text = "\n".join(lines)
        elif kind == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "retype":  # a value of another type where one was
            index = draw(st.integers(0, max(len(lines) - 1, 0)))
            if "=" in lines[index]:
                key = lines[index].split("=", 1)[0]
                value = draw(st.sampled_from(['["x"]', "{ x = 1 }", "true", "3", "1.5", '"s"',
                                              "1979-05-27T07:32:00Z", "[[1], [2]]", "nan"]))
                lines[index] = f"{key}= {value}"
                text = "\n".join(lines)
    return text


def check_located(problems, text: str) -> None:
    lines = text.split("\n")
    for problem in problems:
        assert 1 <= problem.line <= len(lines) + 1, problem
        assert problem.col >= 1, problem
        assert "\n" not in problem.format("agent.toml"), problem


def open_like_the_editor(path: Path, parses: bool | None = None) -> None:
    """What the editor does with a file on open: load, prepare editing, check, read
    every field's value and the variables and secrets the forms offer."""
    session = DocumentSession(path)
    if session.open() is not OpenResult.OPEN or session.prepare_editing() is not OpenResult.OPEN:
        assert session.load_error is not None and session.load_error.line >= 0
        # Only text the standard parser refuses may be refused: valid TOML is editable.
        assert parses is False or "cannot be edited" not in session.load_error.message, (
            session.load_error
        )
        return
    check_located(session.validate(), session.document.text)
    for pattern, spec in decl.ROOT.walk():
        concrete = tuple(
            0 if part == "[]" else "x" if part == "*" else part
            for part in pattern.replace("[]", ".[]").split(".")
        )
        session.value(concrete, spec)
        if spec.variables:
            session.variables_for(spec)
    session.secret_rows()
    session.enum_choices(decl.MODELS.child("thinking_effort"), ("models", "thinking_effort"))


def run_everything(text: str, folder: Path) -> None:
    COUNTS["files"] += 1
    problems = validate(text)
    check_located(problems, text)
    try:
        tomllib.loads(text)
        COUNTS["parsed"] += 1
        parses = True
    except (tomllib.TOMLDecodeError, RecursionError):
        parses = False
    COUNTS["with problems"] += bool(problems)
    path = folder / "agent.toml"
    path.write_text(text, encoding="utf-8", newline="")
    open_like_the_editor(path, parses)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["generate", str(path), "--dry-run", "-o", str(folder / "project")])
    assert status in (0, 1, 2), status
    COUNTS["generated"] += status == 0


@settings(max_examples=FILES, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=mutated())
def test_mutated_files_never_crash_a_reader(text, tmp_path_factory):
    run_everything(text, tmp_path_factory.mktemp("fuzz"))


_KEYS = st.sampled_from([c.key for _, c in decl.ROOT.walk()] + ["x", "zz", "user name"])
_TOML_VALUES = st.recursive(
    st.one_of(st.text(max_size=10), st.integers(-(2**63), 2**63 - 1), st.floats(), st.booleans()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=12,
)


@st.composite
def generated(draw) -> dict:
    """Data shaped like an agent file, with anything at any key."""
    data = {}
    for section in draw(st.lists(st.sampled_from(decl.SECTION_ORDER), max_size=5, unique=True)):
        spec = decl.ROOT.child(section)
        if spec.kind == "table":
            keys = [c.key for c in spec.children]
            data[section] = draw(st.dictionaries(st.sampled_from(keys), _TOML_VALUES, max_size=4))
        elif spec.kind == "map":
            data[section] = draw(st.dictionaries(_KEYS, st.dictionaries(_KEYS, _TOML_VALUES, max_size=2), max_size=2))
        else:
            data[section] = draw(_TOML_VALUES)
    if draw(st.booleans()):
        tools = data.setdefault("tools", {})
        if isinstance(tools, dict):
            tools["http"] = draw(st.lists(st.dictionaries(st.sampled_from(
                ["name", "description", "url", "method", "parameters", "headers", "timeout_s"]),
                _TOML_VALUES, max_size=5), max_size=2))
    return data


@settings(max_examples=max(FILES // 4, 100), deadline=None, suppress_health_check=list(HealthCheck))
@given(data=generated())
def test_generated_files_never_crash_a_reader(data, tmp_path_factory):
    import tomlkit  # an independent writer of the text

    try:
        text = tomlkit.dumps(data)
        tomllib.loads(text)
    except Exception:  # noqa: BLE001 - data tomlkit cannot write says nothing here
        return
    run_everything(text, tmp_path_factory.mktemp("fuzz"))


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key), value
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index), value
            yield from _paths(value, (*prefix, index))


@settings(max_examples=max(FILES // 2, 100), deadline=None, suppress_health_check=list(HealthCheck),
          phases=PHASES)
@given(text=st.one_of(mutated(), generated().map(lambda d: _dumps(d))), data=st.data())
def test_edits_on_any_file_that_parses_are_exact_or_cleanly_refused(text, data):
    """Whatever shape a valid file has, an edit does exactly what it says (the text
    reads back as the plain data with that change) and nothing else."""
    import copy

    from runtime.config.document import AgentDocument
    from runtime.config.errors import ConfigError
    from tests.properties.edit_model import lookup, same

    try:
        expected = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return
    doc = AgentDocument.from_text(text)
    existing = [(p, v) for p, v in _paths(expected) if not isinstance(p[-1], int)]
    for step in range(data.draw(st.integers(1, 4))):
        COUNTS["edits tried"] = COUNTS.get("edits tried", 0) + 1
        choice = data.draw(st.sampled_from(["set", "add", "delete", "rename"]))
        marker = f"zz-{step}-edited"  # never a default, so every edit is written
        tables = [()] + [p for p, v in existing if isinstance(v, dict)]
        before = doc.text
        model = copy.deepcopy(expected)
        if choice in ("set", "delete", "rename") and not existing:
            continue
        if choice == "set":
            path, _ = data.draw(st.sampled_from(existing))
            lookup(model, path[:-1])[path[-1]] = marker
            edit = (doc.set, path, marker)
        elif choice == "add":
            table = data.draw(st.sampled_from(tables))
            path = (*table, "zz_new_key")
            if not isinstance(lookup(model, table), dict) or path[-1] in lookup(model, table):
                continue
            lookup(model, table)[path[-1]] = marker
            edit = (doc.set, path, marker)
        elif choice == "delete":
            path, _ = data.draw(st.sampled_from(existing))
            del lookup(model, path[:-1])[path[-1]]
            edit = (doc.delete, path)
        else:
            path, _ = data.draw(st.sampled_from(existing))
            parent = lookup(model, path[:-1])
            if "zz_renamed" in parent:
                continue
            parent.update({("zz_renamed" if k == path[-1] else k): parent.pop(k) for k in list(parent)})
            edit = (doc.rename_key, path, "zz_renamed")
        try:
            edit[0](*edit[1:])
        except ConfigError as exc:
            assert doc.text == before, "a refused edit changed the text"
            raise AssertionError(f"{choice} {path} was refused: {exc}") from exc
        written = tomllib.loads(doc.text)
        # A table left empty by a removal may go with it.
        _drop_vanished(model, written)
        assert same(written, model), (choice, path)
        expected = written
        existing = [(p, v) for p, v in _paths(expected) if not isinstance(p[-1], int)]


def _drop_vanished(model, written) -> None:
    """Drop from the model the tables left empty that the text no longer has."""
    if isinstance(model, list):
        for index, element in enumerate(model):
            if isinstance(written, list) and index < len(written):
                _drop_vanished(element, written[index])
        return
    if not isinstance(model, dict):
        return
    for key in list(model):
        inner = written.get(key) if isinstance(written, dict) else None
        _drop_vanished(model[key], inner)
        if model[key] in ({}, []) and not (isinstance(written, dict) and key in written):
            del model[key]


def _dumps(data: dict) -> str:
    import tomlkit

    try:
        text = tomlkit.dumps(data)
        tomllib.loads(text)
        return text
    except Exception:  # noqa: BLE001 - data tomlkit cannot write says nothing here
        return ""
