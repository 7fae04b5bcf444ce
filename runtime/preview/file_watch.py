"""Notice saves of one file as they happen, from the operating system's file events.

The folder is watched rather than the file: many editors save by writing a new file and
renaming it over the old one, which a watch on the old file would lose. Events only say
"look again": a save counts when the file's bytes differ from the last ones seen, so a save
without changes, or the several events of one save, reload nothing twice. The folder is
looked at when the watch starts and every few seconds without an event, for a save in
between and for file systems that send no events.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

# Events of one save arrive within milliseconds: wait this long for more before looking.
SETTLE_MS = 15
RECHECK_MS = 5000


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


async def saves_of(path: Path, seen: bytes | None, stop: asyncio.Event) -> AsyncIterator[bytes]:
    """The file's new content after each save that changed it (`seen`: the content already
    known), until `stop` is set. A missing file is no save: the next one that appears is.

    Set `stop` before cancelling the task that iterates: the watch waits in a thread that a
    cancellation alone would wait for (until the next recheck)."""
    from watchfiles import awatch

    current = read_or_none(path)
    if current is not None and current != seen:
        seen = current
        yield current
    name = path.name
    async for _ in awatch(
        path.parent,
        watch_filter=lambda _change, changed: Path(changed).name == name,
        recursive=False,
        step=SETTLE_MS,
        rust_timeout=RECHECK_MS,
        yield_on_timeout=True,
        stop_event=stop,
    ):
        current = read_or_none(path)
        if current is not None and current != seen:
            seen = current
            yield current
