"""Random edit sequences on files of every shape: the document always means what a plain
dict model says, keeps every comment with its owner, and never mixes line breaks.

Each sequence loads one shape of `shapes.py` (as written, with CRLF, with a BOM), then
sets, adds, removes, renames, inserts, moves and copies at random, some of it edits the
document must refuse; after every step the text is read back with the standard parser
and compared with the model, and every comment is found where its owner is. An edit the
model allows must never be refused. `AGENT_BUILDER_SEQUENCES` sets how many sequences
run (1,000 by default; 10,000 for the long run:
`AGENT_BUILDER_SEQUENCES=10000 AGENT_BUILDER_SHRINK=0 pytest --timeout=0 tests/properties`);
the figures print at the end of the run.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from runtime.config import declarations as decl
from runtime.config.document import BOM, AgentDocument
from runtime.config.errors import ConfigError
from runtime.config.locate import locate_keys
from tests.properties.edit_model import (
    Model,
    Refused,
    comment_in,
    comments_of,
    exists,
    lookup,
    same,
)
from tests.properties.shapes import variants

SHAPES = variants()
SEQUENCES = int(os.environ.get("AGENT_BUILDER_SEQUENCES", "1000"))
# Shrinking a failure can take minutes; AGENT_BUILDER_SHRINK=0 reports it as found.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate] + (
    [Phase.shrink] if os.environ.get("AGENT_BUILDER_SHRINK", "1") != "0" else []
)
STATS = {"sequences": 0, "steps": 0, "edits": 0, "refused": 0, "undos": 0, "saves": 0}

TRICKY_TEXT = st.sampled_from([
    "", "x", "two\nlines", "ends with newline\n", 'say "hi"', "back\\slash", "tab\there",
    "crlf\r\ninside", "é ✓ 😀", "'''", '"""', "a'b\"c", "# not a comment", "[not.a.header]",
    "key = value", "\x00nul", "  spaced  ", "{{metadata.user_name}}", "x" * 90,
])
TEXT = st.one_of(TRICKY_TEXT, st.text(max_size=12))
SCALAR = st.one_of(
    TEXT, st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False),
    st.just(datetime.date(2024, 5, 17)),
)
KEY = st.sampled_from(["new_key", "X-New", "user name", "é", "dotted.key", "a", "Z_9"])


def value_for(path: tuple, existing) -> st.SearchStrategy:
    """Values of the same kind as what is there (a table stays a table)."""
    spec = decl.spec_for_path(path)
    if isinstance(existing, dict) or (existing is None and spec is not None and spec.kind in ("table", "map", "headers")):
        return st.dictionaries(KEY, st.one_of(TEXT, st.booleans()), max_size=2)
    if isinstance(existing, list):
        return st.lists(SCALAR, max_size=3)
    if spec is None:
        return SCALAR
    by_kind = {
        "string": TEXT,
        "boolean": st.booleans(),
        "integer": st.integers(-5, 5),
        "number": st.one_of(st.integers(0, 400), st.floats(0, 400)),
        "enum": st.one_of(st.sampled_from(spec.enum or ("x",)), TEXT),
    }
    kind = by_kind.get(spec.kind, SCALAR)
    if spec.has_default:
        return st.one_of(st.just(spec.default), kind)
    return kind


def _child_spec(spec, key):
    if spec is None:
        return None
    if isinstance(key, int):
        return spec.item if spec.kind == "array" else None
    if spec.kind in ("map", "headers"):
        return spec.item
    return spec.child(key)


class DocumentStates(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.mkdtemp(prefix="document-states-")
        self.fresh = 0

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @initialize(shape=st.sampled_from(sorted(SHAPES)))
    def load(self, shape: str) -> None:
        text, bom = SHAPES[shape]
        self.path = Path(self.folder) / "agent.toml"
        self.raw = ((BOM if bom else "") + text).encode()
        self.path.write_bytes(self.raw)
        self.doc = AgentDocument.load(self.path)
        self.doc.save()  # unchanged: the same bytes
        assert self.path.read_bytes() == self.raw
        self.crlf = "\r\n" in text
        self.original = text.replace("\r\n", "\n")
        self.bom = bom
        self.model = Model(tomllib.loads(text), comments_of(text))
        self.every_comment = [c.text for c in self.model.comments]
        self.history: list[tuple[str, Model]] = []
        STATS["sequences"] += 1

    # -- choosing what to edit -------------------------------------------------------
    def _walk(self, data, *, stop_at_tables: bool) -> tuple:
        """A path down the model: existing keys, declared ones, unknown ones, indexes
        one past the end; it may stop at any table."""
        path, node, spec = (), self.model.data, decl.ROOT
        while True:
            if isinstance(node, dict):
                present = list(node)
                absent = ["zz_unknown"]
                if spec is not None and spec.kind == "table":
                    absent += [c.key for c in spec.children if c.key not in node]
                elif spec is not None and spec.kind in ("map", "headers"):
                    absent += ["fresh_entry", "X-Fresh"]
            elif isinstance(node, list):
                present, absent = list(range(len(node))), [len(node)]
            else:
                return path
            # Mostly what is there (edits that can be made), sometimes what is not.
            choices = st.sampled_from(absent)
            if present:
                choices = st.one_of(st.sampled_from(present), st.sampled_from(present), choices)
            key = data.draw(choices)
            path, spec = (*path, key), _child_spec(spec, key)
            node = lookup(node, (key,))
            if not exists(self.model.data, path):
                return path
            if isinstance(node, dict | list) and path and stop_at_tables and data.draw(st.booleans()):
                return path

    def _is_identity(self, path: tuple) -> bool:
        """An element's name is how the test knows it (and its comments)."""
        return len(path) >= 2 and path[-1] == "name" and isinstance(path[-2], int)

    # -- edits -----------------------------------------------------------------------
    def _edit(self, on_doc, on_model):
        STATS["steps"] += 1
        before = self.doc.text
        trial = self.model.copy()
        try:
            expected = on_model(trial)
            refused = False
        except Refused:
            refused = True
        try:
            result = on_doc(self.doc)
        except ConfigError as exc:
            assert refused, f"a valid edit was refused: {exc!r}"
            assert self.doc.text == before, "a refused edit changed the text"
            STATS["refused"] += 1
            return
        assert not refused, "an edit the model refuses was made"
        if expected is not None:
            assert result == expected
        self.history.append((before, self.model))
        self.model = trial
        self._adopt_vanished_tables()
        STATS["edits"] += 1

    def _adopt_vanished_tables(self) -> None:
        """A table left empty by a removal may go with it when nothing else wrote it."""
        written = self.doc.to_dict()

        def prune(model, doc):
            if isinstance(model, list) and isinstance(doc, list):
                for element, written in zip(model, doc, strict=False):
                    prune(element, written)
            for key in list(model) if isinstance(model, dict) else []:
                if model[key] in ({}, []) and isinstance(doc, dict) and key not in doc:
                    del model[key]
                elif isinstance(doc, dict) and key in doc:
                    prune(model[key], doc[key])

        prune(self.model.data, written)

    @rule(data=st.data())
    def set_value(self, data) -> None:
        path = self._walk(data, stop_at_tables=True)
        if not path or self._is_identity(path) or isinstance(path[-1], int):
            return  # elements change through the list edits
        existing = lookup(self.model.data, path)
        if isinstance(existing, list) and existing and all(isinstance(e, dict) for e in existing):
            return  # arrays of tables change through the list edits
        value = data.draw(value_for(path, existing if exists(self.model.data, path) else None))
        self._edit(lambda d: d.set(path, value), lambda m: m.set(path, value))

    @rule(data=st.data())
    def delete(self, data) -> None:
        path = self._walk(data, stop_at_tables=True)
        if not path or self._is_identity(path):
            return
        self._edit(lambda d: d.delete(path), lambda m: m.delete(path))

    @rule(data=st.data(), new=st.one_of(KEY, st.sampled_from(["", "renamed", "zz_unknown"])))
    def rename(self, data, new: str) -> None:
        path = self._walk(data, stop_at_tables=True)
        if not path or self._is_identity(path) or isinstance(path[-1], int):
            return
        self._edit(lambda d: d.rename_key(path, new), lambda m: m.rename(path, new))

    @rule(data=st.data())
    def refused_edits(self, data) -> None:
        choice = data.draw(st.sampled_from(["through a value", "unstorable", "list in a list"]))
        if choice == "through a value":
            path = (*self._walk(data, stop_at_tables=False), "below")
            self._edit(lambda d: d.set(path, "x"), lambda m: m.set(path, "x"))
        elif choice == "unstorable":
            value = data.draw(st.sampled_from([object(), {1, 2}, [None], {"k": None}, "\ud800", 2**64]))
            self._edit(lambda d: d.set(("agent", "name"), value), lambda m: m.set(("agent", "name"), value))
        else:
            self._edit(lambda d: d.set(("tools", "http", 99, "name"), "x"),
                       lambda m: m.set(("tools", "http", 99, "name"), "x"))

    def _arrays(self) -> list[tuple]:
        found = []

        def walk(node, path):
            if isinstance(node, dict):
                for key, value in node.items():
                    walk(value, (*path, key))
            elif isinstance(node, list) and node and all(isinstance(e, dict) for e in node):
                found.append(path)
                for index, element in enumerate(node):
                    walk(element, (*path, index))

        walk(self.model.data, ())
        declared = [("tools", "http"), ("tools", "client"), ("tools", "mcp"), ("data_collection", "fields")]
        tools = lookup(self.model.data, ("tools", "http"))
        if isinstance(tools, list):
            declared += [("tools", "http", i, "parameters") for i in range(len(tools))]
        return sorted(set(found) | set(declared), key=str)

    def _new_element(self, data) -> dict:
        self.fresh += 1
        values = {"name": f"n{self.fresh}"}
        extra = data.draw(st.dictionaries(
            st.sampled_from(["description", "url", "method", "silent", "type", "required", "note"]),
            st.one_of(TEXT, st.booleans(), st.sampled_from(["GET", "string"])), max_size=3,
        ))
        values.update(extra)
        return values

    @rule(data=st.data())
    def append(self, data) -> None:
        array = data.draw(st.sampled_from(self._arrays()))
        values = self._new_element(data)
        self._edit(lambda d: d.append_item(array, values), lambda m: m.append(array, values))

    @rule(data=st.data())
    def insert(self, data) -> None:
        array = data.draw(st.sampled_from(self._arrays()))
        existing = lookup(self.model.data, array)
        size = len(existing) if isinstance(existing, list) else 0
        index = data.draw(st.integers(0, size + 1))
        values = self._new_element(data)
        self._edit(lambda d: d.insert_item(array, index, values), lambda m: m.insert(array, index, values))

    def _index(self, data, array: tuple) -> int:
        """Mostly an element that is there, sometimes one past the end."""
        existing = lookup(self.model.data, array)
        size = len(existing) if isinstance(existing, list) else 0
        return data.draw(st.integers(0, max(size - 1, 0)) | st.just(size))

    @rule(data=st.data())
    def duplicate(self, data) -> None:
        array = data.draw(st.sampled_from(self._arrays()))
        index = self._index(data, array)
        self._edit(lambda d: d.duplicate_item(array, index), lambda m: m.duplicate(array, index))

    @rule(data=st.data())
    def move(self, data) -> None:
        array = data.draw(st.sampled_from(self._arrays()))
        index, new_index = self._index(data, array), self._index(data, array)
        self._edit(lambda d: d.move_item(array, index, new_index), lambda m: m.move(array, index, new_index))

    @rule(data=st.data())
    def remove(self, data) -> None:
        array = data.draw(st.sampled_from(self._arrays()))
        index = self._index(data, array)
        self._edit(lambda d: d.remove_item(array, index), lambda m: m.delete((*array, index)))

    @precondition(lambda self: bool(getattr(self, "history", None)))
    @rule()
    def undo(self) -> None:
        text, model = self.history.pop()
        self.doc.restore_text(text)
        self.model = model
        STATS["undos"] += 1

    @rule()
    def save_and_reload(self) -> None:
        self.doc.save()
        raw = self.path.read_bytes()
        assert raw.startswith(BOM.encode()) == self.bom
        again = AgentDocument.load(self.path)
        assert again.text == self.doc.text and not again.dirty
        again.save()  # unchanged: the same bytes
        assert self.path.read_bytes() == raw
        STATS["saves"] += 1

    # -- what must always hold ---------------------------------------------------------
    @invariant()
    def means_what_the_model_says(self) -> None:
        if not hasattr(self, "doc"):
            return
        text = self.doc.text
        assert same(tomllib.loads(text), self.model.data)
        assert same(self.doc.to_dict(), self.model.data)
        if self.crlf:
            assert text.count("\n") == text.count("\r\n"), "a line break without CR"
        else:
            assert "\r\n" not in text, "a CRLF line break in an LF file"
        self._check_comments(text)
        self._check_tidy(text)

    def _check_tidy(self, text: str) -> None:
        """Blank lines as a careful person keeps them: never two where the file had
        none, none at the start, one line break at the end."""
        flat = outside_strings(text.replace("\r\n", "\n"))
        if "\n\n\n" not in outside_strings(self.original):
            assert "\n\n\n" not in flat, "two blank lines in a row"
        if not self.original.startswith("\n"):
            assert not flat.startswith("\n"), "a blank line at the start"
        if flat and self.original.endswith("\n") and not self.original.endswith("\n\n"):
            assert flat.endswith("\n") and not flat.endswith("\n\n"), "not one line break at the end"
        if self.original.startswith(DIRECTIVE):
            directive = self.original.split("\n", 1)[0]
            assert flat.split("\n", 1)[0] == directive, "the #:schema line is no longer first"

    def _check_comments(self, text: str) -> None:
        lines = text.replace("\r\n", "\n").split("\n")
        written = [comment_in(line) for line in lines]
        alive = {c.text for c in self.model.comments}
        for gone in set(self.every_comment) - alive:
            # Comments that open the file, above its first key, are the file's: they
            # stay (one may have risen there when the keys above it went).
            if gone in written:
                at = written.index(gone)
                assert all(not row.strip() or row.lstrip().startswith("#") for row in lines[:at]), (
                    f"the comment {gone!r} outlived its owner"
                )
        if not self.model.comments:
            return
        positions = locate_keys(text)
        headers = _header_lines(lines)
        by_line: dict[int, list[tuple]] = {}
        for path, (line, _) in positions.items():
            by_line.setdefault(line, []).append(path)
        for comment in self.model.comments:
            at = [i + 1 for i, found in enumerate(written) if found == comment.text]
            assert len(at) == 1, f"{comment.text!r} appears {len(at)} times"
            line = at[0]
            if comment.kind == "free":
                continue
            if comment.kind == "file":
                assert all(not row.strip() or row.lstrip().startswith("#") for row in lines[: line - 1])
                continue
            owner = self.model.owner_path(comment)
            owner_line = headers.get(owner) or positions[owner][0]
            if comment.kind == "lead":
                assert line < owner_line, f"{comment.text!r} is not above its owner"
                between = lines[line : owner_line - 1]
                assert all(row.lstrip().startswith("#") for row in between), comment.text
                opening = all(not row.strip() or row.lstrip().startswith("#") for row in lines[: line - 1])
                if opening and not lines[owner_line - 1].lstrip().startswith("["):
                    # Risen to the top of the file above its first key: the file's now.
                    comment.kind, comment.owner = "file", []
                continue
            assert owner_line <= line, f"{comment.text!r} is above its owner"
            if comment.kind == "trail":
                row = lines[line - 1]
                code = row[: row.index(comment.text)]
                assert code.strip(), f"{comment.text!r} is not after code"
            for number in range(owner_line + 1, line + 1):
                for path in by_line.get(number, []):
                    assert path[: len(owner)] == owner, (
                        f"{comment.text!r} is separated from {owner} by {path}"
                    )


DIRECTIVE = "#:schema"
_QUOTES = ('"""', "'''", '"', "'")


def outside_strings(text: str) -> str:
    """`text` with the inside of every string value taken out (a multi-line string may
    hold blank lines of its own): strings and comments read left to right, as TOML does."""
    out, at = [], 0
    while at < len(text):
        ch = text[at]
        if ch == "#":
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            out.append(text[at:end])
            at = end
            continue
        quote = next((q for q in _QUOTES if text.startswith(q, at)), None)
        if quote is None:
            out.append(ch)
            at += 1
            continue
        end = at + len(quote)
        while not text.startswith(quote, end):
            end += 2 if text[end] == "\\" and quote[0] == '"' else 1
        while text.startswith(quote[0], end + len(quote)):  # """a"""" ends with a quote
            end += 1
        out.append(quote * 2)
        at = end + len(quote)
    return "".join(out)


def _header_lines(lines: list[str]) -> dict[tuple, int]:
    """The line of each `[table]` header of its own (a table first seen through its
    sub-tables is located there, but its own header may come later)."""
    found: dict[tuple, int] = {}
    for number, row in enumerate(lines, 1):
        code = row.strip()
        if not code.startswith("[") or code.startswith("[["):
            continue
        try:
            data = tomllib.loads(code)
        except tomllib.TOMLDecodeError:
            continue
        node, path = data, []
        while isinstance(node, dict) and len(node) == 1:
            key = next(iter(node))
            path.append(key)
            node = node[key]
        if node == {}:
            found.setdefault(tuple(path), number)
    return found


# 1,000 sequences (the issue asks at least that many in CI) take under two minutes alone; a machine busy with the rest of the
# suite may take several times that. A longer run asked for (AGENT_BUILDER_SEQUENCES) gets
# the time it needs: this marker wins over `--timeout` on the command line.
@pytest.mark.timeout(900 * max(1, SEQUENCES // 1000))
def test_random_edit_sequences_on_every_shape():
    run_state_machine_as_test(
        DocumentStates,
        settings=settings(
            max_examples=SEQUENCES,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            phases=PHASES,
        ),
    )
    print(f"document states: {STATS}")
