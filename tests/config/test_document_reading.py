"""Reading a file needs only the standard parser; editing splices its text.

Values read before and after the round-trip parser takes over must be the same, and a
caller must never be able to change the document through a value it was given.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from runtime.config.document import AgentDocument
from runtime.config.errors import ConfigLoadError
from tests.config.conftest import EXAMPLES, FULL


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_value_reads_the_same_before_and_after_the_editor_loads(path):
    doc = AgentDocument.load(path)
    before = {p: (doc.has(p), doc.get(p)) for p in _paths(doc.to_dict())}
    missing = [("agent", "nope"), ("tools", "http", 99), ("agent", "name", 0)]
    before.update({p: (doc.has(p), doc.get(p, "dflt")) for p in missing})
    doc.load_editor()
    after = {p: (doc.has(p), doc.get(p, "dflt" if p in missing else None)) for p in before}
    assert after == before
    assert len(before) > 20


def test_dates_inline_tables_and_arrays_read_the_same(tmp_path):
    text = (
        'when = 1979-05-27T07:32:00Z\nday = 1979-05-27\nratio = 0.5\nbig = 1_000\n'
        'inline = { a = 1, b = [1, 2, { c = "x" }] }\n[[t]]\nname = "a"\n[[t]]\nname = "b"\n'
    )
    doc = AgentDocument.from_text(text)
    plain = doc.to_dict()
    doc.load_editor()
    assert doc.to_dict() == plain


def test_a_value_handed_out_is_a_copy():
    doc = AgentDocument.from_text(FULL)
    tools = doc.get("tools")
    tools.clear()
    doc.to_dict()["agent"]["name"] = "changed"
    assert doc.get("tools")
    assert doc.get("agent.name") != "changed"


def test_reading_checking_and_editing_a_file_never_loads_tomlkit(tmp_path):
    code = (
        "import sys\nfrom runtime.config.document import AgentDocument\n"
        f"doc = AgentDocument.load({str(EXAMPLES[0])!r})\n"
        "doc.get('agent.name'); doc.to_dict(); doc.line_of('agent.name'); doc.text\n"
        "print('tomlkit' in sys.modules)\n"
        "doc.set('agent.name', 'x')\n"
        "print('tomlkit' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert proc.stdout.split() == ["False", "False"]


def test_the_first_edit_starts_from_the_text_as_read(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text(FULL)
    doc = AgentDocument.load(path)
    assert doc.text == FULL and not doc.dirty
    doc.set("agent.name", "renamed")
    assert doc.dirty
    assert 'name = "renamed"' in doc.text
    assert doc.text.count("\n") == FULL.count("\n")


def test_invalid_toml_still_reports_line_and_column():
    with pytest.raises(ConfigLoadError) as caught:
        AgentDocument.from_text('[agent]\nname = "x"\ninstructions = \n')
    assert (caught.value.line, caught.value.col) == (3, 16)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_the_layout_read_in_small_steps_is_the_layout_read_at_once(path):
    from runtime.config.toml_syntax import scan, scan_steps

    text = path.read_text(encoding="utf-8")
    steps = scan_steps(text, lines_per_step=3)
    taken = 0
    try:
        while True:
            next(steps)
            taken += 1
    except StopIteration as done:
        stepped = done.value
    assert taken >= len(stepped.lines) // 3 - 1 > 5
    assert repr(stepped.lines) == repr(scan(text).lines)


def test_a_file_the_layout_reader_refuses_refuses_in_steps_too():
    from runtime.config.toml_syntax import ScanError, scan_steps

    with pytest.raises(ScanError):
        for _ in scan_steps('a = 1\n' * 10 + 'b = [1,\n', lines_per_step=2):
            pass
