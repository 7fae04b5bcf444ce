"""Keep the event loop first in line for the interpreter while threads work beside it.

Python hands the interpreter from thread to thread every five milliseconds. A key's trip
through the app takes the interpreter back several times (after each wait for the next
message), so with a thread busy beside it (validating or parsing a big file) a keystroke
could wait five milliseconds at each of them. While such a thread runs, the hand-over
comes every half millisecond instead.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

SWITCH_S = 0.0005

_lock = threading.Lock()
_users = 0
_saved = 0.005


@contextlib.contextmanager
def loop_first() -> Iterator[None]:
    global _users, _saved
    with _lock:
        if _users == 0:
            _saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved, SWITCH_S))
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                sys.setswitchinterval(_saved)
