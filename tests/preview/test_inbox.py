"""The local end-of-call inbox: a real HTTP server, real POSTs."""

from __future__ import annotations

import json

import httpx

from runtime.preview.inbox import Inbox, check_payload, mask_headers

GOOD = {
    "job_id": "AJ_1",
    "room_id": "RM_1",
    "room": "call-1",
    "started_at": "2026-01-01T10:00:00+00:00",
    "ended_at": "2026-01-01T10:05:00Z",
}


def test_a_complete_payload_has_no_problems():
    body = {**GOOD, "summary": "ok", "results": {"appointment": {"day": "Mon"}, "items": []}}
    assert check_payload(body, {"appointment": False, "items": True}) == []


def test_payload_problems_are_named():
    body = {**GOOD, "ended_at": "yesterday", "extra": 1, "summary": 3}
    del body["room"]
    assert check_payload(body) == [
        "missing key 'room'",
        "'ended_at' should be an ISO 8601 date-time, got 'yesterday'",
        "unexpected key 'extra'",
        "'summary' should be a string",
    ]
    assert check_payload([1]) == ["the body is not a JSON object"]


def test_results_are_checked_against_the_fields():
    body = {**GOOD, "results": {"day": "Mon", "items": {"a": 1}, "ghost": {}}}
    assert check_payload(body, {"day": False, "items": True}) == [
        "results.day: a field maps to an object",
        "results.items: a multiple-answer field maps to a list of objects",
        "results.ghost: not a data-collection field",
    ]


def test_unanswered_fields_are_left_out_or_empty_never_null():
    fields = {"day": False, "items": True}
    assert check_payload({**GOOD, "results": {"items": []}}, fields) == []
    assert check_payload({**GOOD, "results": {"day": None, "items": None}}, fields) == [
        "results.day: never null (a field with no answer is left out)",
        "results.items: never null (a field with no answer is [])",
    ]
    assert check_payload({**GOOD, "results": {}}, fields) == [
        "results.items: missing (a multiple-answer field with no answer is [])"
    ]


def test_the_agent_and_the_inbox_agree_on_a_partly_answered_call():
    from runtime.agent.data_collection import CollectedData
    from runtime.agent.settings import DataField

    data = CollectedData(
        [
            DataField("name", "Name"),
            DataField("age", "Age", "number", required=False),
            DataField("allergies", "Allergies", "list", multiple=True, required=False),
            DataField("visits", "Visits", "list", multiple=True),
        ]
    )
    data.record("name", {"name": "Ada"})
    data.record("visits", {"visits": ["Mon"]})
    fields = {name: field.multiple for name, field in data.fields.items()}
    body = {**GOOD, "results": data.results()}
    assert body["results"] == {
        "name": {"name": "Ada"},
        "allergies": [],
        "visits": [{"visits": ["Mon"]}],
    }
    assert check_payload(body, fields) == []


def test_an_undeliverable_log_line_gives_back_the_whole_report():
    from runtime.preview.inbox import undeliverable_report

    body = {**GOOD, "results": {"items": []}}
    line = (
        "end-of-call POST undeliverable to http://x/hook (HTTP 503, after 6 attempt(s)); "
        f"idempotency key k; payload: {json.dumps(body)}"
    )
    report, reason = undeliverable_report(line)
    assert report == body and reason.startswith("end-of-call POST undeliverable to http://x/hook")
    # the SDK's console log appends the job's log context after the message
    assert undeliverable_report(line + ' {"room": "console"}') == (report, reason)


def test_headers_are_masked_for_display():
    shown = mask_headers(
        {
            "Authorization": "Bearer abc.def",
            "X-Api-Key": "k-123456",
            "X-Trace": "id with s3cr3t-value inside",
            "Content-Type": "application/json",
        },
        secrets=["s3cr3t-value"],
    )
    assert shown == {
        "Authorization": "Bearer ****",
        "X-Api-Key": "****",
        "X-Trace": "id with **** inside",
        "Content-Type": "application/json",
    }


async def test_the_inbox_records_posts_and_reports_them():
    seen = []
    inbox = await Inbox(on_post=seen.append, fields={"day": False}).start()
    try:
        async with httpx.AsyncClient() as client:
            ok = await client.post(
                inbox.url,
                json={**GOOD, "results": {"day": {"day": "Mon"}}},
                headers={"Authorization": "Bearer tok-123456"},
            )
            await client.post(inbox.url, content=b"not json")
        assert ok.status_code == 200
        first = await inbox.wait_for_post(1)
        second = await inbox.wait_for_post(2)
    finally:
        await inbox.stop()
    assert first.problems == [] and first.body["results"] == {"day": {"day": "Mon"}}
    assert first.headers["Authorization"] == "Bearer ****"
    assert first.path == "/end-of-call"
    assert second.problems == ["the body is not valid JSON"] and second.body == "not json"
    assert seen == [first, second]


def test_the_readme_documents_the_results_the_inbox_accepts():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The end-of-call report", 1)[1]
    example = section.split("```json\n", 1)[1].split("\n```", 1)[0]
    results = json.loads("{" + example + "}")["results"]
    body = {**GOOD, "results": results}
    assert check_payload(body, {"name": False, "age": False, "allergies": True}) == []
