"""Small parts of the preview: credentials, worker log lines, field tracking, config view."""

from __future__ import annotations

import json

import pytest

from runtime.preview.config_view import ConfigUnreadable, read_preview_config
from runtime.preview.credentials import MissingCredentials, load_credentials
from runtime.preview.events import ToolCall, Transcript
from runtime.preview.fields import FieldTracker
from runtime.preview.worker import mask_secrets, parse_log_line


def test_missing_credentials_say_what_to_set_and_where(tmp_path):
    config = tmp_path / "agent.toml"
    config.write_text("")
    with pytest.raises(MissingCredentials) as raised:
        load_credentials(config, environ={"LIVEKIT_API_KEY": "key"})
    message = str(raised.value)
    assert "LIVEKIT_API_SECRET" in message and "LIVEKIT_API_KEY=" not in message
    assert str(tmp_path / ".env.local") in message
    assert "export LIVEKIT_API_SECRET=" in message


def test_credentials_come_from_the_dotenv_file_then_the_environment(tmp_path):
    config = tmp_path / "agent.toml"
    (tmp_path / ".env.local").write_text("LIVEKIT_API_SECRET=from-file\n")
    found = load_credentials(config, environ={"LIVEKIT_API_KEY": "from-env"})
    assert found == {"LIVEKIT_API_KEY": "from-env", "LIVEKIT_API_SECRET": "from-file"}


def test_worker_log_lines_lose_colours_and_keep_their_level():
    line = "\r18:11:44 \x1b[33mWARNING\x1b[0m livekit.agents slow \x1b[90m{}\x1b[0m"
    assert parse_log_line(line) == ("WARNING", "livekit.agents slow {}")
    assert parse_log_line("Traceback (most recent call last):") == (
        "INFO",
        "Traceback (most recent call last):",
    )
    assert mask_secrets("key=abcd-1234 and abcd-12345", ["abcd-1234", "abcd-12345"]) == (
        "key=**** and ****"
    )


def test_field_tracker_follows_accepted_record_calls():
    tracker = FieldTracker({"day": False, "items": True})

    def call(name, args, output, is_error=False):
        return ToolCall(
            call_id="c", name=name, arguments=json.dumps(args), output=output, is_error=is_error
        )

    assert tracker.observe(call("record_day", {"day": "Mon"}, 'Recorded day: {"day": "Mon"}.'))
    assert tracker.observe(call("record_day", {"day": "x"}, "Not recorded: day", True)) is None
    assert tracker.observe(call("lookup", {}, "Recorded nothing")) is None
    tracker.observe(call("record_items", {"items": "a"}, "Recorded items: ..."))
    update = tracker.observe(call("record_items", {"items": "b", "n": None}, "Recorded items"))
    assert update.value == [{"items": "a"}, {"items": "b"}]
    assert tracker.values == {"day": {"day": "Mon"}, "items": [{"items": "a"}, {"items": "b"}]}
    unfinished = ToolCall(call_id="c", name="record_day", arguments="{}")
    assert tracker.observe(unfinished) is None


def test_events_serialise_as_typed_json():
    assert Transcript(role="agent", text="hi").as_json() == {
        "type": "transcript",
        "role": "agent",
        "text": "hi",
        "interrupted": False,
    }


def test_config_view_reads_examples_fields_and_secret_references(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text(
        """version = 1
[agent]
name = "desk"
instructions = "Help."
[data_collection]
enabled = true
[[data_collection.fields]]
name = "day"
description = "Day"
[[data_collection.fields]]
name = "items"
description = "Items"
multiple = true
[call_ending]
endpoint_url = "https://hooks.example.com/x"
headers = { "X-Key" = "{{secrets.HOOK_KEY}}" }
[metadata.user_name]
example = "Ada"
"""
    )
    view = read_preview_config(path)
    assert view.metadata_examples == {"user_name": "Ada"}
    assert view.fields == {"day": False, "items": True}
    assert view.referenced_secrets == {"HOOK_KEY"}
    path.write_text("[agent\n")
    with pytest.raises(ConfigUnreadable, match="not valid TOML"):
        read_preview_config(path)
    path.write_text('version = 1\n[agent]\nname = "desk"\ninstructions = "x"\nbogus = 1\n')
    with pytest.raises(ConfigUnreadable, match="unknown key 'bogus'"):
        read_preview_config(path)


def test_nothing_of_the_preview_is_in_a_generated_project(tmp_path):
    # the preview's switches live in its own entrypoint (agent_hooks), never in the
    # project: deployed with the preview's variables set, an agent behaves as production
    from runtime.codegen import generate_project
    from tests.codegen.conftest import EVERYTHING

    project = generate_project(EVERYTHING, tmp_path / "p").out_dir
    for path in project.rglob("*"):
        if path.is_file():
            assert "AGENT_BUILDER" not in path.read_text(encoding="utf-8"), path
