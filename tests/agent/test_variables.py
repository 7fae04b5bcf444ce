from __future__ import annotations

import logging

from runtime.agent.variables import Variables, parse_metadata, render


def test_metadata_nested_keys_lists_and_non_strings():
    v = Variables({"user": {"name": "Ada", "tags": ["a", "b"]}, "n": 3, "ok": True}, secrets={})
    assert render("Hi {{metadata.user.name}} ({{ metadata.n }})", v) == "Hi Ada (3)"
    assert render("{{metadata.user.tags.1}} {{metadata.ok}}", v) == "b true"
    assert render("{{metadata.user.tags}}", v) == '["a", "b"]'


def test_missing_values_render_empty_and_are_logged_once(caplog):
    v = Variables({}, secrets={})
    with caplog.at_level(logging.WARNING, logger="agent_builder.variables"):
        first = render("Hello {{metadata.name}}!", v)
        again = render("Bye {{metadata.name}} {{unknown}}", v)
    assert (first, again) == ("Hello !", "Bye  ")
    messages = [r.getMessage() for r in caplog.records]
    assert messages.count("variable {{metadata.name}} rendered empty (no value)") == 1
    assert any("{{unknown}}" in m for m in messages)


def test_secrets_only_in_headers_and_never_logged(caplog):
    v = Variables({"org": "acme"}, secrets={"TOKEN": "t0k3n"})
    with caplog.at_level(logging.WARNING, logger="agent_builder.variables"):
        assert render("key={{secrets.TOKEN}}", v) == "key="
        headers = v.render_headers(
            {
                "Authorization": "Bearer {{secrets.TOKEN}}",
                "X-Org": "{{metadata.org}}",
                "X-Gone": "{{secrets.MISSING}}",
            }
        )
    assert headers == {"Authorization": "Bearer t0k3n", "X-Org": "acme"}
    assert "t0k3n" not in caplog.text
    assert "secrets are only allowed in header values" in caplog.text


def test_job_metadata_parsing_is_forgiving(caplog):
    assert parse_metadata('{"a": {"b": 1}}') == {"a": {"b": 1}}
    with caplog.at_level(logging.WARNING):
        assert parse_metadata("not json") == {}
        assert parse_metadata("[1, 2]") == {}
    assert parse_metadata("") == {} and parse_metadata(None) == {}
    assert "not valid JSON" in caplog.text
