"""Edit every tab through the widgets and check what lands in the file.

Each test changes values the way a user does (focus, type, toggle, press keys), saves
with the key binding, and asserts the exact lines that changed: comments and every other
line of the hand-written file must stay as they were.
"""

import tomllib

from textual.widgets import Checkbox, Input, Select

from tests.tui.conftest import changed_lines, make_app
from tests.tui.helpers import editor_of, field, settle, shown, type_into, type_variable

SIZE = (120, 50)


async def save(pilot):
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_agent_tab_edits_name_and_instructions(agent_file):
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "agent.name", "front-desk-2")
        area = editor_of(app, "agent.instructions")
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*"Speak slowly.")
        await pilot.pause()
        assert app.session.dirty and "unsaved" in app.sub_title
        await save(pilot)
        assert not app.session.dirty and "unsaved" not in app.sub_title
    after = agent_file.read_text()
    assert changed_lines(before, after) == [
        '-name = "front-desk"            # dispatch name: lowercase letters, digits, \'-\'; 1..63 chars',
        '+name = "front-desk-2"          # dispatch name: lowercase letters, digits, \'-\'; 1..63 chars',
        '-"""',
        '+Speak slowly."""',
    ]
    assert tomllib.loads(after)["agent"]["instructions"].endswith("friendly.\nSpeak slowly.")


async def test_greeting_switch_and_models_tab(agent_file):
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        box = editor_of(app, "greeting.enabled")
        assert isinstance(box, Checkbox) and box.value is True
        box.focus()
        await pilot.press("space")
        await pilot.press("alt+2")  # Models tab
        await pilot.pause()
        await type_into(pilot, app, "models.language", "multi")
        await type_into(pilot, app, "models.llm", "openai/gpt-5-mini")
        await save(pilot)
    assert changed_lines(before, agent_file.read_text()) == [
        "-enabled = true                 # false: wait for the user to speak first",
        "+enabled = false                # false: wait for the user to speak first",
        '-language = "en"                # STT language ("multi" where the model supports it)',
        '-llm = "openai/gpt-4.1-mini"',
        '+language = "multi"             # STT language ("multi" where the model supports it)',
        '+llm = "openai/gpt-5-mini"',
    ]


async def test_thinking_effort_shown_only_for_reasoning_models(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text('[agent]\nname = "a"\n\n[models]\nllm = "openai/gpt-4.1-mini"\n')
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await app.action_show_tab("models")
        await pilot.pause()
        effort = field(app, "models.thinking_effort")
        assert not effort.display
        await type_into(pilot, app, "models.llm", "openai/gpt-5-mini")
        assert effort.display
        select = effort.query_one(Select)
        select.value = "high"
        await pilot.pause()
        await save(pilot)
    assert 'thinking_effort = "high"' in path.read_text()


async def test_models_offer_known_ids(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await app.action_show_tab("models")
        await pilot.pause()
        stt = await type_into(pilot, app, "models.stt", "deepgram/nova-2-m")
        assert isinstance(stt, Input)
        await pilot.pause()
        assert stt._suggestion == "deepgram/nova-2-medical"
        await pilot.press("right")  # accept the suggestion
        await pilot.pause()
        assert app.session.document.get("models.stt") == "deepgram/nova-2-medical"


async def test_actions_tab_add_edit_reorder_delete_tools(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+3")
        await pilot.pause()
        entry_list = app.query_one("#f-tools-http .ld-options")
        entry_list.focus()
        await pilot.press("a")  # add a tool: it is selected and its form shown
        await pilot.pause()
        assert app.session.document.get("tools.http[1].name") == "new_http_1"
        await type_into(pilot, app, "tools.http[1].name", "create_ticket")
        await type_into(pilot, app, "tools.http[1].description", "Open a support ticket")
        await type_into(pilot, app, "tools.http[1].url", "https://api.example.com/tickets")
        field(app, "tools.http[1].method").query_one(Select).value = "POST"
        await pilot.pause()
        # a parameter row
        field(app, "tools.http[1].parameters").query_one(".rows-add").press()
        await settle(pilot, lambda: shown(app, "tools.http[1].parameters[0].description"))
        await type_into(pilot, app, "tools.http[1].parameters[0].description", "What broke")
        # headers: add one and set its value
        field(app, "tools.http[1].headers").query_one(".rows-add").press()
        await settle(pilot, lambda: shown(app, "tools.http[1].headers.X-Header-1"))
        await type_variable(pilot, app, "tools.http[1].headers.X-Header-1", "secrets.TICKETS_KEY")
        entry_list.focus()
        await pilot.press("K")  # move it above lookup_order
        await pilot.pause()
        assert [t["name"] for t in app.session.document.get("tools.http")] == [
            "create_ticket",
            "lookup_order",
        ]
        await pilot.press("c")  # duplicate the selected tool
        await pilot.pause()
        await pilot.press("x")  # and delete the copy again
        await pilot.pause()
        await save(pilot)
    data = tomllib.loads(agent_file.read_text())
    created, lookup = data["tools"]["http"]
    assert created == {
        "name": "create_ticket",
        "description": "Open a support ticket",
        "url": "https://api.example.com/tickets",
        "method": "POST",
        "parameters": [{"name": "new_parameter_1", "description": "What broke"}],
        "headers": {"X-Header-1": "{{secrets.TICKETS_KEY}}"},
    }
    assert lookup["name"] == "lookup_order"
    text = agent_file.read_text()
    assert "# tool names: letters, digits, '_'; unique across all tools" in text


async def test_client_and_mcp_subtabs(agent_file):
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await app.tabs.reveal("tools.client[0].preview_response")
        await pilot.pause()
        area = editor_of(app, "tools.client[0].preview_response")
        area.focus()
        area.clear()
        await pilot.press(*'{"ok": 1}')
        await app.tabs.reveal("tools.mcp[0].transport")
        await pilot.pause()
        field(app, "tools.mcp[0].transport").query_one(Select).value = "sse"
        await pilot.pause()
        await save(pilot)
    assert changed_lines(before, agent_file.read_text()) == [
        "-preview_response = '{\"shown\": true}'   # sample reply; also what the preview answers",
        '+preview_response = \'{"ok": 1}\'         # sample reply; also what the preview answers',
        '-transport = "streamable-http"  # streamable-http | sse',
        '+transport = "sse"  # streamable-http | sse',
    ]


async def test_data_collection_tab(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+4")
        await pilot.pause()
        assert field(app, "data_collection.fields[0].properties").display  # an object field
        box = editor_of(app, "data_collection.fields[0].multiple")
        box.focus()
        await pilot.press("space")
        await type_into(pilot, app, "data_collection.fields[0].properties.day.description", "Day")
        app.query_one("#f-data_collection-fields .ld-options").focus()
        await pilot.press("a")
        await settle(pilot, lambda: shown(app, "data_collection.fields[1].type"))
        # a new string field: no properties editor until it becomes an object
        assert not field(app, "data_collection.fields[1].properties").display
        field(app, "data_collection.fields[1].type").query_one(Select).value = "object"
        await pilot.pause()
        assert field(app, "data_collection.fields[1].properties").display
        await save(pilot)
    data = tomllib.loads(agent_file.read_text())["data_collection"]
    assert data["fields"][0]["multiple"] is True
    assert data["fields"][0]["properties"]["day"] == {"type": "string", "description": "Day"}
    assert data["fields"][1] == {"name": "new_field_1", "type": "object"}


async def test_call_ending_tab(agent_file):
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+5")
        await pilot.pause()
        box = editor_of(app, "call_ending.delete_room")
        box.focus()
        await pilot.press("space")
        area = editor_of(app, "call_ending.summary.instructions")
        area.focus()
        await pilot.press(*"Two sentences.")
        await type_variable(pilot, app, "call_ending.headers.X-Api-Key", "secrets.HOOK_KEY_2")
        await save(pilot)
    changed = changed_lines(before, agent_file.read_text())
    assert changed[:2] == ["-delete_room = true", "+delete_room = false"]
    assert changed[2] == '-headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}" }'
    # the value changed; the key keeps its spelling
    assert changed[3].replace('"X-Api-Key"', "X-Api-Key") == (
        '+headers = { X-Api-Key = "{{secrets.HOOK_KEY_2}}" }'
    )
    assert changed[4:] == [
        '-instructions = ""              # empty: the default summary format',
        '+instructions = "Two sentences."  # empty: the default summary format',
    ]


async def test_variables_tab_metadata_and_masked_secrets(agent_file, monkeypatch):
    monkeypatch.setenv("SHOP_TOKEN", "sk-live-0123456789abcdef")
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+6")
        await pilot.pause()
        await type_into(pilot, app, "metadata.user_name.example", "Grace")
        app.query_one("#f-metadata .rows-add").press()

        def new_name_input():
            return [i for i in app.query("#f-metadata Input.entry-key") if i.value == "new_1"]

        await settle(pilot, new_name_input)
        name = new_name_input()[0]
        name.focus()
        name.value = "clinic_name"
        await pilot.press("enter")
        await settle(pilot, lambda: shown(app, "metadata.clinic_name.description"))
        await type_into(pilot, app, "metadata.clinic_name.description", "Clinic")
        table = app.query_one("#secrets-table")
        rows = {table.get_row_at(i)[0]: table.get_row_at(i) for i in range(table.row_count)}
        assert rows["SHOP_TOKEN"][2] == "set (environment)"
        assert rows["HOOK_KEY"][2] == "MISSING"
        assert "tools.http[0].headers.Authorization" in rows["SHOP_TOKEN"][1]
        assert "0123456789" not in app.export_screenshot()
        await save(pilot)
    after = agent_file.read_text()
    assert changed_lines(before, after)[:2] == [
        '-example = "Ada"                # the preview\'s mock value',
        '+example = "Grace"              # the preview\'s mock value',
    ]
    assert tomllib.loads(after)["metadata"]["clinic_name"] == {"description": "Clinic"}
    assert "sk-live" not in after


async def test_language_offers_the_stt_languages(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await app.action_show_tab("models")
        language = await type_into(pilot, app, "models.language", "mul")
        await pilot.pause()
        assert language._suggestion == "multi"


async def test_thinking_efforts_offered_follow_the_model(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text('[agent]\nname = "a"\n\n[models]\nllm = "openai/gpt-5-mini"\n')
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await app.action_show_tab("models")
        await pilot.pause()

        def offered():
            select = field(app, "models.thinking_effort").query_one(Select)
            return [value for _, value in select._options if value is not Select.NULL]

        assert offered() == ["minimal", "low", "medium", "high"]
        await type_into(pilot, app, "models.llm", "openai/gpt-5.1")
        await settle(pilot, lambda: "none" in offered())
        assert "minimal" not in offered()
        await save(pilot)
    assert path.read_text().endswith('llm = "openai/gpt-5.1"\n')
