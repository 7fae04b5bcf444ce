"""Tab keys, focus and undo, as a keyboard user meets them in a real terminal."""

from __future__ import annotations

import tomllib

from tests.terminal.driver import changed_cells, file_text


def values(path) -> dict:
    return tomllib.loads(file_text(path))


def test_alt_digit_sent_as_escape_digit_switches_tabs_and_types_nothing(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+2")  # ESC 2, as xterm, tmux and screen send it
    term.wait_for("STT ")
    term.send("alt+1")
    term.wait_for("Agent name")
    term.send("alt+3", "alt+5")  # in one burst
    term.wait_for("Endpoint")
    term.send("alt+1")
    term.wait_for("Agent name")
    for symbol in "¡™£¢∞§":
        assert symbol not in term.text
    assert 'name = "front-desk"' in file_text(front_desk)
    assert "unsaved" not in term.lines[0]


def test_f3_and_f4_step_through_the_tabs_and_focus_follows(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("f4")
    term.wait_for("STT ")
    term.type("openai/whisper")  # the tab's first field has focus (its text selected)
    term.wait_for("openai/whisper")
    term.send("f4", "f4", "f3")  # Actions, Data collection, Actions
    term.wait_for("HTTP tools (1)")
    term.send("f3", "f3", "f3")  # Models, Agent, and round the end: the last tab (Tests)
    term.wait_for("Last run")
    term.save()
    assert values(front_desk)["models"]["stt"] == "openai/whisper"


def test_undo_says_what_it_undid_shows_where_and_redo_brings_it_back(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("end", *"-a", "tab", "end", *" More.")
    term.wait_for("More.")
    term.send("f4")
    term.wait_for("STT ")
    term.send("ctrl+z")
    term.wait_notified("Undid typing: Instructions (Agent tab)")
    term.wait_for("Agent name")  # the change is shown where it was
    assert "More." not in term.text
    term.send("ctrl+z")
    term.wait_notified("Undid typing: Agent name (Agent tab)")
    term.wait_for(lambda: "front-desk-a" not in term.text, what="the name as it was")
    term.send("ctrl+y")
    term.wait_notified("Redid typing: Agent name (Agent tab)")
    term.wait_for("front-desk-a")
    term.save()
    saved = values(front_desk)
    assert saved["agent"]["name"] == "front-desk-a"
    assert "More." not in saved["agent"]["instructions"]


def test_f8_then_enter_goes_to_the_first_problem(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.wait_for("Problems (")
    term.send("f8", "enter", "ctrl+home", *"Hello. ")
    term.wait_for("Hello. You are the front desk")
    term.save()
    assert values(front_desk)["agent"]["instructions"].startswith("Hello. You are")


def test_enter_on_a_list_entry_edits_it(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+3")
    term.wait_for("lookup_order")
    term.send("enter")  # the tab opens on its list (past the kinds of action): into the entry
    term.send("end", *"_v2")
    term.wait_for("lookup_order_v2")
    term.save()
    assert values(front_desk)["tools"]["http"][0]["name"] == "lookup_order_v2"


def test_a_new_list_entry_gets_focus(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+3")
    term.wait_for("lookup_order")
    term.send("a")  # on the list: add an entry, whose name has focus (selected)
    term.wait_for("HTTP tools (2)")
    term.type("second_tool")
    term.wait_for("second_tool")
    term.save()
    names = [tool["name"] for tool in values(front_desk)["tools"]["http"]]
    assert names == ["lookup_order", "second_tool"]


def test_a_new_row_gets_focus(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+5")
    term.wait_for("+ Add header")
    term.click("+ Add header")
    term.wait_for("X-Header-1")
    term.type("X-Trace")  # the new row's name has focus, selected
    term.send("tab", *"on")
    term.wait_for("X-Trace")
    term.save()
    assert values(front_desk)["call_ending"]["headers"]["X-Trace"] == "on"


def test_every_tab_press_shows_where_focus_went(editor, front_desk):
    """No invisible focus stop: each Tab changes what a person sees (more than the
    blinking cursor), on a form tab and on a list tab from its list into the entry."""
    term = editor(front_desk)
    term.wait_ready()
    for tab_key, ready in (("alt+1", "Agent name"), ("alt+3", "lookup_order")):
        term.send(tab_key)
        term.wait_for(ready)
        before = term.wait_still()
        for press in range(8):
            term.send("tab")
            after = term.wait_still()
            assert changed_cells(before, after) > 1, (
                f"Tab {press + 1} on {tab_key} changed nothing on screen:\n{term.text}")
            before = after


def test_one_tab_from_a_list_reaches_the_first_field_of_its_entry(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+3")
    term.wait_for("lookup_order")
    term.send("tab", "end", *"_v3")  # the list's buttons are for the mouse: no stops
    term.wait_for("lookup_order_v3")
    term.save()
    assert values(front_desk)["tools"]["http"][0]["name"] == "lookup_order_v3"


def test_a_click_on_a_list_entry_shows_it_and_the_arrows_go_on_browsing(editor, many_tools):
    """A click selects, as in any list: focus stays on the list, so Down shows the next
    entry (a click that jumped into the form sent the arrows to its fields)."""
    term = editor(many_tools, size=(120, 40))
    term.wait_ready()
    term.send("alt+3")
    term.wait_for("tool_13")
    term.click("tool_2")
    term.wait_for("Tool number 2")
    term.send("down")
    term.wait_for("Tool number 3")
    term.send("up", "up")
    term.wait_for("Tool number 1")
    term.send("enter", "end", *"!")  # Enter edits the entry shown
    term.wait_for("tool_1!")
    term.save()
    assert values(many_tools)["tools"]["http"][1]["name"] == "tool_1!"
