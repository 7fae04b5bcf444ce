"""Ending the call from the preview: the worker shuts down as on a hang-up, so the
agent's end-of-call POST reaches the local inbox, with its secret header masked."""

from __future__ import annotations

import pytest

from runtime.preview import events as ev

pytestmark = pytest.mark.slow


async def test_end_call_delivers_the_post_to_the_inbox(
    handwritten_session, simple_agent_file, scripted_llm, event_log, process_watch
):
    (simple_agent_file.parent / ".env.local").write_text("HOOK_KEY=hook-secret-123456\n")
    scripted_llm.default = {"text": "Hello."}
    log = event_log(handwritten_session)
    await handwritten_session.start()
    process_watch.record(handwritten_session)
    await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.role == "agent")

    await handwritten_session.end_call()
    post = await handwritten_session.inbox.wait_for_post()
    assert post.problems == []
    assert post.body["room"] == "console-room" and post.body["job_id"].startswith("mock-job")
    assert post.headers["Authorization"] == "Bearer ****"
    assert "hook-secret-123456" not in repr(log.events)
    assert [e.reason for e in log.of(ev.CallEnded)] == ["ended by you"]
    assert log.of(ev.InboxPost) == [post]
    assert not log.of(ev.WorkerExited)  # a hang-up is not a crash
