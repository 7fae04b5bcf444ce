"""Shared fixtures. Keep them generic: the agent, preview and codegen tests reuse them."""

from __future__ import annotations

import pytest

from runtime.testing.scripted_llm import ScriptedLLM
from tests.package_index import offline_uv_environment


@pytest.fixture(autouse=True, scope="session")
def offline_package_index(tmp_path_factory):
    """Every `uv lock` a test runs (directly or through generate/deploy) resolves against
    stub wheels on disk: no network, the same lock every time."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in offline_uv_environment(tmp_path_factory.mktemp("uv-index")).items():
            patch.setenv(name, value)
        yield


@pytest.fixture
def inference_env(monkeypatch):
    """Dummy LiveKit credentials: `inference.LLM` signs a token with them but the
    scripted server never checks it, and no real gateway is reachable."""
    monkeypatch.setenv("LIVEKIT_API_KEY", "devkey")
    monkeypatch.setenv("LIVEKIT_API_SECRET", "devsecret-devsecret-devsecret-0000")
    return monkeypatch


@pytest.fixture
async def scripted_llm(inference_env):
    """A running scripted model; `LIVEKIT_INFERENCE_URL` points at it, so any
    `inference.LLM` built during the test talks to it. Script it with `.queue(...)`,
    `.on(match, reply)` or `.default`; inspect `.requests`."""
    server = await ScriptedLLM().start()
    inference_env.setenv("LIVEKIT_INFERENCE_URL", server.base_url)
    try:
        yield server
    finally:
        await server.stop()
