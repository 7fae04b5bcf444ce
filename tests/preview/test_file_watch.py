"""Saves of the agent file are noticed from file-system events, however editors save."""

from __future__ import annotations

import asyncio
import contextlib
import os
from typing import Self

from runtime.preview.file_watch import saves_of

WAIT_S = 30  # generous: a loaded machine delays events, it does not lose them


class Saves:
    """Collects what `saves_of` yields, in a task, until closed."""

    def __init__(self, path, seen) -> None:
        self.contents: asyncio.Queue[bytes] = asyncio.Queue()
        self.stop = asyncio.Event()
        self._task = asyncio.create_task(self._collect(path, seen))

    async def _collect(self, path, seen) -> None:
        async for content in saves_of(path, seen, self.stop):
            await self.contents.put(content)

    async def next(self) -> bytes:
        return await asyncio.wait_for(self.contents.get(), WAIT_S)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        self.stop.set()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


async def started(saves: Saves, path, marker: bytes) -> None:
    """Wait until the watch is running: a save it sees proves it."""
    path.write_bytes(marker)
    assert await saves.next() == marker


async def test_a_save_by_rename_an_in_place_write_and_a_recreated_file_are_seen(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_bytes(b"one")
    async with Saves(path, b"one") as saves:
        await started(saves, path, b"two")
        aside = tmp_path / ".agent.toml.swp"  # how vim and many editors save
        aside.write_bytes(b"three")
        os.replace(aside, path)
        assert await saves.next() == b"three"
        path.unlink()
        path.write_bytes(b"four")
        assert await saves.next() == b"four"


async def test_a_save_that_changes_nothing_and_other_files_are_not_saves(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_bytes(b"same")
    async with Saves(path, b"same") as saves:
        await started(saves, path, b"first")
        path.write_bytes(b"first")  # saved again, unchanged
        (tmp_path / "notes.txt").write_text("elsewhere")
        path.write_bytes(b"second")
        assert await saves.next() == b"second"  # nothing came in between


async def test_stopping_the_watch_ends_it_at_once(tmp_path):
    # (A cancelled watch waits for its thread, which waits seconds between rechecks: a
    # ctrl+c in the chat would wait with it.)
    path = tmp_path / "agent.toml"
    path.write_bytes(b"one")
    saves = Saves(path, b"one")
    await started(saves, path, b"two")
    loop = asyncio.get_running_loop()
    began = loop.time()
    await saves.close()
    assert loop.time() - began < 2.0  # the recheck comes every 5 s


async def test_a_change_made_before_the_watch_started_is_seen(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_bytes(b"saved while starting")
    async with Saves(path, b"what was loaded") as saves:
        assert await saves.next() == b"saved while starting"
