from __future__ import annotations

import pytest

from .peers import HttpPeer


@pytest.fixture
async def api():
    """A real HTTP API on 127.0.0.1 that HTTP tools call."""
    peer = await HttpPeer().start()
    yield peer
    await peer.stop()


@pytest.fixture
async def receiver():
    """A real end-of-call receiver on 127.0.0.1."""
    peer = await HttpPeer().start()
    yield peer
    await peer.stop()
