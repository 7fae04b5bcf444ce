"""Fields for values that are not plain text: JSON-compatible mock values, numbers.

A declaration may say a value is any JSON-compatible value (`kind = "json"`, as a
metadata example can be): the field edits it as JSON text, and what is not valid yet
is never written, and says so.
"""

from __future__ import annotations

import tomllib

import pytest

from runtime.config.declarations import Spec
from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle
from tui.forms.fields import JsonField, parse_json_value, show_json

EXAMPLE = Spec(key="example", kind="json", description="Value used by the preview.", default="")


@pytest.mark.parametrize("value", ["Ada", "42", "true", 7, 2.5, False, ["a", 1],
                                   {"name": "Zoë", "tags": ["x"]}, ""])
def test_every_value_reads_back_as_itself(value):
    assert parse_json_value(show_json(value)) == value


@pytest.mark.parametrize("text", ['{"name": ', "[1, 2", '"unclosed', "null", '{"a": null}'])
def test_half_typed_or_null_is_refused(text):
    with pytest.raises(ValueError):
        parse_json_value(text)


async def test_a_json_field_writes_a_table_and_never_a_half_typed_one(agent_file):
    path = ("metadata", "user_name", "example")
    app = make_app(agent_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = JsonField(EXAMPLE, path)
        await app.tabs.mount(field)
        await pilot.pause()
        editor = field.query_one(".field-editor")
        assert editor.value == "Ada"
        editor.focus()
        editor.value = '{"name": '
        await pilot.pause()
        assert app.session.document.get(path) == "Ada"  # not valid yet: the file keeps it
        assert "not valid JSON yet" in str(field.query_one(".field-problem").render())
        editor.value = '{"name": "Zoë"}'
        await settle(pilot, lambda: app.session.document.get(path) == {"name": "Zoë"})
        assert not field.has_class("-invalid")
        await app.action_save()
    assert tomllib.loads(agent_file.read_text())["metadata"]["user_name"]["example"] == {
        "name": "Zoë"}


async def test_a_half_typed_number_is_not_written_and_says_so(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.tabs.reveal("tools.http[0].timeout_s")
        await pilot.pause()
        editor = editor_of(app, "tools.http[0].timeout_s")
        editor.value = "-"
        await pilot.pause()
        assert app.session.document.get("tools.http[0].timeout_s") == 10
        row = editor.parent
        assert "not a number yet" in str(row.query_one(".field-problem").render())
        editor.value = "-5"
        await settle(pilot, lambda: app.session.document.get("tools.http[0].timeout_s") == -5)
