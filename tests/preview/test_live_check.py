"""`agent-builder preview FILE --live-check`: one real turn, a clear verdict. The
scripted model stands in for LiveKit Inference (and refuses what the real API refuses)."""

from __future__ import annotations

import os

import pytest

from tests.preview.test_cli_preview import ENV_WITHOUT_CREDENTIALS, _run_cli_async, run_cli

pytestmark = pytest.mark.slow

AGENT = """\
version = 1
[agent]
name = "desk"
instructions = "Help the caller."
[models]
llm = "{llm}"
{effort}
"""


def agent_file(tmp_path, llm="openai/gpt-4.1-mini", effort=""):
    path = tmp_path / "agent.toml"
    path.write_text(AGENT.format(llm=llm, effort=effort))
    return path


async def test_one_turn_through_inference_passes(tmp_path, scripted_llm):
    scripted_llm.queue({"text": "Welcome!"}, {"text": "I can book your table."})
    turns = tmp_path / "turns.txt"
    turns.write_text("What can you do?\nThis second turn is not sent.\n")
    code, out, err = await _run_cli_async(
        str(agent_file(tmp_path)),
        "--script",
        str(turns),
        "--live-check",
        cwd=tmp_path,
        env={**os.environ, "CI": "true"},
    )
    assert code == 0, out + err[-2000:]
    [verdict] = out.splitlines()
    assert verdict.startswith("live check: PASS: one turn through LiveKit Inference")
    assert scripted_llm.base_url in verdict and "openai/gpt-4.1-mini" in verdict
    assert "'I can book your table.'" in verdict
    said = [r.last_user_text for r in scripted_llm.requests if r.last_user_text]
    assert said == ["What can you do?"]


async def test_a_refused_request_fails_with_the_reason(tmp_path, scripted_llm):
    # a thinking effort on a model that takes none: the real API refuses the request
    config = agent_file(tmp_path, llm="openai/gpt-4.1-mini", effort='thinking_effort = "low"')
    code, out, err = await _run_cli_async(
        str(config), "--live-check", cwd=tmp_path, env={**os.environ, "CI": "true"}
    )
    assert code == 1, out + err[-2000:]
    [verdict] = out.splitlines()
    assert verdict.startswith("live check: FAIL:")
    assert "reasoning_effort" in verdict
    assert scripted_llm.violations


def test_without_credentials_it_is_skipped_and_says_why(tmp_path):
    proc = run_cli(
        str(agent_file(tmp_path)), "--live-check", cwd=tmp_path, env=ENV_WITHOUT_CREDENTIALS
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("live check: SKIPPED: no LiveKit credentials.")
    assert "LIVEKIT_API_KEY and LIVEKIT_API_SECRET" in proc.stdout
    assert "Traceback" not in proc.stderr
