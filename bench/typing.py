"""Typing as a person types: keys at jittered pauses, each timed to the screen showing it."""

from __future__ import annotations

import random
import time
from functools import partial

from bench.terminal import ScreenTimeout, Terminal

LETTERS = "abcdefghijklmnopqrstuvwxyz"
PAUSE_S = (0.120, 0.440)  # between two keys: long enough for an editor's background work
# A field scrolls sideways once its text is wider than it: look for the end of the text.
TAIL = 12


def pauses(count: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [rng.uniform(*PAUSE_S) for _ in range(count)]


def keys(count: int, seed: int) -> str:
    rng = random.Random(seed * 7919 + 1)
    return "".join(rng.choice(LETTERS) for _ in range(count))


def type_text(term: Terminal, before: str, text: str, gaps: list[float],
              timeout: float = 30.0) -> list[float]:
    """Type `text` after `before` (the field's text, cursor at its end), waiting `gaps[i]`
    after key i, and time each key from being sent to the screen showing the text up to it.

    Keys go out on their schedule whether or not the screen has caught up (a person does
    not wait for the screen), so a slow frame delays the keys behind it too: each key is
    timed to the first frame showing it (or anything typed after it)."""
    values = [before + text[: i + 1] for i in range(len(text))]
    sent: list[float] = []
    shown: list[float] = []
    next_send = time.perf_counter()
    give_up = time.monotonic() + timeout + sum(gaps)
    while len(shown) < len(text):
        if len(sent) < len(text) and time.perf_counter() >= next_send:
            sent.append(term.press(text[len(sent)]))
            next_send = sent[-1] + gaps[len(sent) - 1]
        if len(shown) == len(sent):  # all sent keys are on screen: rest until the next
            time.sleep(max(0.0, next_send - time.perf_counter()))
            continue
        left = next_send - time.perf_counter() if len(sent) < len(text) else 0.5
        stamp = term.wait_until(partial(_shows_more, values=values, sent=len(sent),
                                        waiting=len(shown)),
                                timeout=max(left, 0.001), required=False)
        if stamp is not None:
            shown += [stamp] * (_typed_through(term, values, len(sent)) + 1 - len(shown))
        if time.monotonic() > give_up:
            raise ScreenTimeout(f"typed {text!r} after {before!r}; the screen shows:\n"
                                f"{term.text()}")
    return [s - k for s, k in zip(shown, sent)]


def _shows_more(term: Terminal, values: list[str], sent: int, waiting: int) -> bool:
    return _typed_through(term, values, sent) >= waiting


def _typed_through(term: Terminal, values: list[str], count: int) -> int:
    """The index of the last key (of the first `count`) whose text the screen shows; -1."""
    display = term.lines()
    for index in range(count - 1, -1, -1):
        tail = values[index][-TAIL:]
        if any(tail in line for line in display):
            return index
    return -1
