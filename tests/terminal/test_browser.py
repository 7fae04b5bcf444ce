"""The editor served to a browser (`agent-builder serve`), typed into as the page's
terminal sends keys: bursts, tab keys, clicks, save."""

from __future__ import annotations

import tomllib

import pytest

from tests.terminal.browser import served
from tests.terminal.driver import file_text


@pytest.fixture
def browser():
    opened = []

    def open_(path, size=(120, 40)):
        term = served(path, size).start()
        opened.append(term)
        return term

    yield open_
    for term in opened:
        term.close()


def test_typing_in_the_browser_reaches_the_file(browser, front_desk):
    term = browser(front_desk)
    term.wait_ready()
    term.send("end", *"-web", "tab", "end")
    term.type(" Speak slowly. Use {{metadata.user_name}}.")
    term.wait_for("front-desk-web")
    term.wait_for(" {{metadata.user_name}}.")
    term.save()
    saved = tomllib.loads(file_text(front_desk))
    assert saved["agent"]["name"] == "front-desk-web"
    assert saved["agent"]["instructions"].rstrip().endswith(
        "friendly. Speak slowly. Use {{metadata.user_name}}.")


def test_tab_keys_and_clicks_in_the_browser(browser, front_desk):
    term = browser(front_desk)
    term.wait_ready()
    term.send("alt+2")  # xterm.js with meta as escape sends ESC 2
    term.wait_for("STT ")
    term.send("f4", "f4")  # and f3/f4 whatever the keyboard's option key does
    term.wait_for("Fields (1)")
    term.send("f3")
    term.wait_for("HTTP tools (1)")
    term.click("Call ending")
    term.wait_for("Endpoint")
    for symbol in "¡™£¢∞§":
        assert symbol not in term.text
    assert "unsaved" not in term.lines[0]


def test_keys_typed_in_the_browser_while_the_editor_starts_reach_the_file(browser, front_desk):
    """The page reports focus and sends keys before the app has started: the focus report
    is lost (the app starts blurred), the keys are not, and the footer shows its keys."""
    term = browser(front_desk)
    term.write("\x1b[F")  # End, then a name's worth of typing, before the first frame
    term.type("-x")
    term.wait_for("front-desk-x")
    term.wait_for(lambda: "Quit" in term.lines[-1], what="the keys in the footer")
    term.save()
    assert tomllib.loads(file_text(front_desk))["agent"]["name"] == "front-desk-x"
