"""Adding and deleting scenarios keeps the rest of agent.tests.toml byte for byte: a
deleted scenario takes its own comment lines (those directly above its header) and its
blank-line separator with it, nothing else; LF or CRLF, with or without a final newline."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.config.document import AgentDocument

EOLS = ("\n", "\r\n")


@st.composite
def scenario_files(draw):
    """(the file's text, its line ending, the text before the scenarios, each scenario as
    (the blank lines before it, the lines it owns: its comments, header, keys, turns))."""
    eol = draw(st.sampled_from(EOLS))
    prelude = ["version = 1"]
    if draw(st.booleans()):
        prelude += ["", "# mocks for every scenario", "[[mocks]]", 'tool = "lookup"', 'result = "ok"']
    blocks = []
    for index in range(draw(st.integers(1, 4))):
        separator = eol * draw(st.integers(0, 2))
        lines = [f"# about scenario {index}"] * draw(st.integers(0, 2))
        lines += ["[[scenarios]]", f'name = "S{index}"']
        if draw(st.booleans()):
            lines += [""] * draw(st.integers(0, 1)) + ["# a turn"] * draw(st.integers(0, 1))
            lines += ["[[scenarios.turns]]", 'user = "hi"']
        blocks.append((separator, "".join(line + eol for line in lines)))
    before = "".join(line + eol for line in prelude)
    text = before + "".join(sep + own for sep, own in blocks)
    after = None
    if draw(st.booleans()):  # the file's settings after the scenarios
        lines = ["# shared settings", "[models]", 'judge = "openai/gpt-4.1-mini"']
        after = (eol * draw(st.integers(0, 2)), "".join(line + eol for line in lines))
        text += "".join(after)
    if draw(st.booleans()):
        text = text[: -len(eol)]  # no newline at the end
    return text, eol, before, blocks, after


def document(text: str) -> AgentDocument:
    doc = AgentDocument.from_text(text)
    doc.load_editor()
    return doc


@settings(max_examples=300, deadline=None)
@given(scenario_files(), st.data())
def test_deleting_a_scenario_removes_exactly_its_own_lines(made, data):
    text, eol, before, blocks, after = made
    index = data.draw(st.integers(0, len(blocks) - 1))
    doc = document(text)
    doc.delete(("scenarios", index))
    # Between what stays, the wider of the two spacings around the deleted scenario (the
    # last one's goes with it).
    kept = [list(b) for b in blocks] + ([list(after)] if after else [])
    if index + 1 < len(kept):
        kept[index + 1][0] = max(kept[index][0], kept[index + 1][0], key=len)
    del kept[index]
    expected = before + "".join(sep + own for sep, own in kept)
    if not text.endswith(eol) and not (after is None and index == len(blocks) - 1):
        expected = expected[: -len(eol)]  # the last line still has no newline
    assert doc.text == expected


@settings(max_examples=200, deadline=None)
@given(scenario_files())
def test_adding_a_scenario_appends_it_and_changes_nothing_else(made):
    text, eol, _, _, after = made
    if after is not None:
        return  # (added after the last scenario: checked by the delete test's shapes)
    doc = document(text)
    doc.append_item(("scenarios",), {"name": "Added"})
    ended = text if text.endswith(eol) else text + eol
    assert doc.text == ended + f'{eol}[[scenarios]]{eol}name = "Added"{eol}'
    # and deleting it again gives the file back (with its last line ended)
    doc.delete(("scenarios", len(doc.to_dict()["scenarios"]) - 1))
    assert doc.text == ended
