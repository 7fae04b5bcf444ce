"""The pty driver itself: what its waits make of a screen caught mid-redraw."""

from __future__ import annotations

import threading

import pytest

from tests.terminal.driver import Terminal


def test_a_condition_failing_on_a_half_drawn_screen_is_waited_on(tmp_path):
    """A dialog closing is redrawn in chunks: for a moment the row looked for is still
    under it, and `line_with` fails. That is "not yet", not a failed test (it failed CI
    once: the model picker had just closed on a loaded machine)."""
    term = Terminal(tmp_path / "agent.toml", size=(40, 3))
    term._received(b"\x1b[1;1H| openai/gpt-4o-mini |")  # the dialog, over the LLM row
    later = threading.Timer(0.3, term._received, args=(b"\x1b[1;1HLLM  openai/gpt-5-nano  ",))
    later.start()
    try:
        line = term.wait_for(lambda: "gpt-5-nano" in term.line_with("LLM") and term.line_with("LLM"),
                             timeout=10, what="the model chosen")
    finally:
        later.cancel()
    assert line.startswith("LLM  openai/gpt-5-nano")


def test_a_condition_that_never_holds_still_fails_and_says_why(tmp_path):
    term = Terminal(tmp_path / "agent.toml", size=(40, 3))
    term._received(b"\x1b[1;1Hsomething else")
    with pytest.raises(AssertionError, match="no line holds 'LLM'"):
        term.wait_for(lambda: term.line_with("LLM"), timeout=0.3, what="the LLM row")


def test_a_click_waits_for_what_it_aims_at(tmp_path):
    """The header rows of the Call ending tab are mounted after its first fields: a click
    on one, right after the tab's first line was drawn, found nothing there (it failed
    the suite with both cores busy). A person waits to see it; so does the click."""
    term = Terminal(tmp_path / "agent.toml", size=(40, 3))
    sent: list[str] = []
    term.write = sent.append
    term._received(b"\x1b[1;1HEndpoint URL")
    later = threading.Timer(0.3, term._received, args=(b"\x1b[2;1H  X-Api-Key  value",))
    later.start()
    try:
        term.click("X-Api-Key")
    finally:
        later.cancel()
    assert sent == ["\x1b[<0;3;2M\x1b[<0;3;2m"]
