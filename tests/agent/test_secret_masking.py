"""Secret values never reach the model, the tool output or the log, in any spelling:
an API that echoes the token in its 401 body, a header value the HTTP client refuses."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import pytest
from aiohttp import web

from runtime.agent.masking import MASK, mask

from .harness import local_call
from .test_http_tools import META, call_tool, order_tool, settings_with

NASTY = [
    "tok\nen-with-newline",
    "nul\x00byte-token",
    "quote\"and'apostrophe",
    "zoë-ünïcode-Ω-token",
    "plain-s3cret-value",
]


@pytest.mark.parametrize("secret", NASTY)
def test_every_spelling_is_masked(secret):
    spelled = [
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        repr(secret.encode()),
    ]
    for text in spelled:
        masked = mask(f"before {text} after", [secret])
        assert MASK in masked
        for piece in secret.replace("\x00", "\n").split("\n"):
            if len(piece) >= 4:
                assert piece not in masked


@pytest.mark.parametrize("secret", NASTY)
async def test_an_echoed_secret_never_reaches_the_model_output_or_log(
    secret, scripted_llm, api, caplog
):
    def echo(request):
        body = {"error": "unauthorized", "token": request.headers.get("Authorization", "")}
        return web.json_response(body, status=401)

    api.then(echo)
    scripted_llm.queue(call_tool("lookup_order", order_id="1"), {"text": "Sorry."})
    settings = settings_with(order_tool(api.url))
    with caplog.at_level(logging.DEBUG):
        async with local_call(settings, metadata=META, environ={"SHOP_TOKEN": secret}) as lc:
            result = await lc.session.run(user_input="order 1")
    output = result.expect[1].is_function_call_output().event().item
    assert output.is_error
    seen = [output.output, caplog.text, json.dumps(scripted_llm.requests[-1].body)]
    for text in seen:
        for form in (secret, json.dumps(secret)[1:-1], quote(secret, safe="")):
            assert form not in text
        for piece in secret.replace("\x00", "\n").split("\n"):
            if len(piece) >= 4:
                assert piece not in text
