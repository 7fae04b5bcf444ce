"""What you preview is what you deploy: the builder's preview session, with its default
builder, runs the generated project of an example and sees the whole call through, up
to the end-of-call POST in its inbox."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from runtime.codegen import load_for_generation
from runtime.codegen.context import field_sample, sample_results
from runtime.preview import events as ev
from runtime.preview.session import PreviewOptions, PreviewSession
from tests.codegen.conftest import EXAMPLES

pytestmark = pytest.mark.slow


async def test_preview_runs_the_generated_clinic_agent_to_its_results(tmp_path, scripted_llm):
    config_path = tmp_path / "agent.toml"
    shutil.copyfile(next(p for p in EXAMPLES if p.parent.name == "clinic-front-desk"), config_path)
    config, _ = load_for_generation(config_path)
    answers = [
        {"name": f"record_{f.name}", "arguments": field_sample(f)}
        for f in config.data_collection.fields
    ]

    def model(request):
        if request.last_user_text.startswith("Transcript:"):
            return {"text": "Ada booked Monday 09:00."}
        if request.last_message.get("role") == "tool":
            return {"text": "Thank you, goodbye!"}
        if request.last_user_text:
            return {"tool_calls": answers}
        return {"text": "Riverside Family Clinic, hello Ada!"}

    scripted_llm.default = model
    session = PreviewSession(config_path, PreviewOptions(warm_spare=False))
    seen: list[ev.PreviewEvent] = []
    posted = asyncio.Event()
    greeted = asyncio.Event()

    def on_event(event: ev.PreviewEvent) -> None:
        seen.append(event)
        if isinstance(event, ev.InboxPost):
            posted.set()
        if isinstance(event, ev.Transcript) and event.role == "agent":
            greeted.set()

    session.subscribe(on_event)
    try:
        await session.start()
        await asyncio.wait_for(greeted.wait(), 60)
        await session.send("I'm Ada, new patient, Monday at nine please.")
        await asyncio.wait_for(posted.wait(), 30)
    finally:
        await session.stop()

    (post,) = [e for e in seen if isinstance(e, ev.InboxPost)]
    assert post.body["results"] == sample_results(config)
    assert post.body["summary"] == "Ada booked Monday 09:00."
    assert not post.problems
    collected = {e.name for e in seen if isinstance(e, ev.FieldCollected)}
    assert collected == {f.name for f in config.data_collection.fields}
