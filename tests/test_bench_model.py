"""The bench's own parts that a refactor of the program can break without any figure
being taken: the scripted model it starts as a process of its own."""

import json

import httpx

from bench.preview import GREETING, ScriptedModel


def test_the_bench_starts_the_scripted_model_and_it_answers(tmp_path):
    model = ScriptedModel(tmp_path)
    try:
        body = {"model": "openai/gpt-4.1-mini", "stream": True,
                "messages": [{"role": "user", "content": "hi"}]}
        response = httpx.post(model.env["LIVEKIT_INFERENCE_URL"] + "/chat/completions",
                              json=body, timeout=30)
        assert response.status_code == 200, response.text
        said = "".join(
            choice["delta"].get("content") or ""
            for line in response.text.splitlines()
            if line.startswith("data: {")
            for choice in json.loads(line[6:])["choices"]
        )
        assert said == GREETING
    finally:
        model.close()
