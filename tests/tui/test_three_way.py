"""The three-way merge of the agent file: both sides' changes to different keys are kept."""

from __future__ import annotations

import tomllib

from hypothesis import given
from hypothesis import strategies as st

from tui.three_way import merge

KEYS = [f"k{i}" for i in range(8)]


def render(values: dict[str, str], extra: list[str] = ()) -> str:
    lines = ["# an agent", "[models]"]
    lines += [f'{key} = "{value}"   # about {key}' for key, value in values.items()]
    return "\n".join([*lines, *extra]) + "\n"


edits = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(["a", "b", "c"]), max_size=4)


@given(ours=edits, theirs=edits)
def test_changes_to_different_keys_are_all_kept(ours, theirs):
    base_values = {key: "base" for key in KEYS}
    base = render(base_values)
    result = merge(base, render({**base_values, **ours}), render({**base_values, **theirs}))
    clashing = {k for k in set(ours) & set(theirs) if ours[k] != theirs[k]}
    if clashing:
        assert result.text is None and result.clashes
        return
    assert result.text is not None
    assert tomllib.loads(result.text)["models"] == {**base_values, **ours, **theirs}
    assert result.text.count("# about") == len(KEYS)  # comments survive


def test_lines_added_on_both_sides_at_different_places():
    base = render({"a": "1", "b": "2"})
    ours = base.replace('b = "2"', 'new_here = "x"\nb = "2"')
    theirs = base + '[advanced]\nturn_detection = false\n'
    merged = tomllib.loads(merge(base, ours, theirs).text)
    assert merged["models"]["new_here"] == "x" and merged["advanced"]["turn_detection"] is False


def test_a_merge_that_is_not_toml_is_refused():
    base = "[a]\nx = 1\n"
    result = merge(base, "[a]\nx = 1\ny = 2\n", "[a]\nx = 1\n[b]\ny = 3\n")
    # Both added after line 2: the same place, different text.
    assert result.text is None


def test_the_same_change_on_both_sides_is_taken_once():
    base = render({"a": "1"})
    changed = base.replace('"1"', '"2"')
    assert merge(base, changed, changed).text == changed
