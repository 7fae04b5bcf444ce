"""Worker processes are never lost track of: started, stopped and told apart when gone."""

from __future__ import annotations

import asyncio
import time

import psutil

from runtime.preview.spare import SparePool
from runtime.preview.worker import WorkerProcess


def launchers() -> list[psutil.Process]:
    return [p for p in psutil.Process().children(recursive=True)
            if "runtime.preview.launcher" in p.cmdline() and p.status() != psutil.STATUS_ZOMBIE]


async def test_closing_while_a_spare_is_being_started_stops_it_too():
    # A ctrl+c right after the greeting lands just as the spare is being started.
    pool = SparePool(WorkerProcess)
    pool.want("listening")
    await asyncio.sleep(0)  # the spare's process is started; its output not yet attached
    await pool.close()
    _, alive = psutil.wait_procs(launchers(), timeout=1)  # stopped by close(), not ending later by itself
    assert alive == []


def test_an_exited_worker_is_not_taken_for_a_live_one_at_exit():
    # At exit the hook waits for live worker groups; an exited leader nobody reaped yet
    # (a zombie) must not count as one, or every exit waits out the whole grace period.
    import subprocess
    import sys

    from runtime.preview.worker import _group_alive

    process = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    zombie = psutil.Process(process.pid)
    for _ in range(600):  # up to 30 s on a loaded machine
        if zombie.status() == psutil.STATUS_ZOMBIE:
            break
        time.sleep(0.05)
    assert zombie.status() == psutil.STATUS_ZOMBIE
    assert not _group_alive(process.pid)
