"""Tool parameters with a shape: an array's `items`, an object's `properties`, edited under
the parameter's row and shown only where they apply."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from tests.tui.conftest import make_app
from tests.tui.helpers import settle, shown
from tui.forms.fields import FieldRow
from tui.forms.ids import find_path_widget

FIXTURE = Path(__file__).parent / "fixtures" / "parameter_shapes.toml"


@pytest.fixture
def shapes(tmp_path) -> Path:
    target = tmp_path / "agent.toml"
    shutil.copy(FIXTURE, target)
    return target


def visible(app, path: str) -> bool:
    widget = find_path_widget(app.main_screen, path)
    return widget is not None and widget.display


async def test_items_and_properties_show_where_they_apply(shapes):
    app = make_app(shapes)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.tabs.reveal("tools.http[0].parameters")
        await settle(pilot, lambda: shown(
            app, "tools.http[0].parameters[0].properties.street.description"))
        assert visible(app, "tools.http[0].parameters[0].properties")
        assert not visible(app, "tools.http[0].parameters[0].items")  # an object: no items
        assert visible(app, "tools.http[0].parameters[1].items")
        assert not visible(app, "tools.http[0].parameters[1].properties")
        # An array of objects has both.
        items = find_path_widget(app.main_screen, "tools.http[0].parameters[1].items")
        items.query_one(".field-editor").value = "object"
        await settle(pilot, lambda: visible(app, "tools.http[0].parameters[1].properties"))
        await app.action_save()
    saved = tomllib.loads(shapes.read_text())["tools"]["http"][0]["parameters"]
    assert saved[1]["items"] == "object"
    assert saved[0]["properties"]["street"]["description"] == "Street and number"


async def test_another_tool_shows_its_own_properties(shapes):
    app = make_app(shapes)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.tabs.reveal("tools.http[1].parameters")
        await settle(pilot, lambda: shown(
            app, "tools.http[1].parameters[1].properties.city.description"))
        assert not shown(app, "tools.http[1].parameters[1].properties.street.description")
        city = find_path_widget(app.main_screen,
                                "tools.http[1].parameters[1].properties.city.description")
        assert isinstance(city, FieldRow)
        city.query_one(".field-editor").value = "Town or city"
        await settle(pilot, lambda: app.session.document.get(
            "tools.http[1].parameters[1].properties.city.description") == "Town or city")
        # The first tool's properties are untouched.
        assert app.session.document.get("tools.http[0].parameters[0].properties.street") == {
            "type": "string", "description": "Street and number"}
        await app.tabs.reveal("tools.http[0].parameters")
        await settle(pilot, lambda: shown(
            app, "tools.http[0].parameters[0].properties.street.description"))
        assert not shown(app, "tools.http[0].parameters[0].properties.city.description")
