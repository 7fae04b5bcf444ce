"""`{{` variables, renamed rows and odd input, typed into the editor in a real terminal."""

from __future__ import annotations

import tomllib

from tests.terminal.driver import file_text


def values(path) -> dict:
    return tomllib.loads(file_text(path))


def first_line(text: str) -> str:
    return text.splitlines()[0]


def to_instructions_end(term) -> None:
    """From the first field (the agent's name) to the end of the instructions' first line."""
    term.send("tab", "end")


def test_text_ending_in_double_brace_typed_in_one_burst_reaches_the_file(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    to_instructions_end(term)
    term.type(" Use {{")
    term.wait_for("Insert variable")
    term.send("escape")  # keep the braces as typed
    term.wait_gone("Insert variable")  # one picker, not one per key
    term.save()
    assert first_line(values(front_desk)["agent"]["instructions"]).endswith(" Use {{")
    term.wait_for(lambda: "unsaved" not in term.lines[0], what="saved")


def test_a_reference_typed_by_hand_in_one_burst_arrives_whole(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    to_instructions_end(term)
    # The picker opens after `{{` and takes the rest of the burst; `}` hands it back.
    term.type(" Hi {{metadata.user_name}}, welcome.")
    term.wait_for("Hi {{metadata.user_name}}, welcome.")
    term.save()
    assert first_line(values(front_desk)["agent"]["instructions"]).endswith(
        " Hi {{metadata.user_name}}, welcome.")


def test_the_picker_inserts_the_chosen_variable(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    to_instructions_end(term)
    term.type(" {{")
    term.wait_for("metadata.user_name")
    term.type("user")  # filters the list
    term.send("enter")
    term.wait_for("{{metadata.user_name}}")
    term.save()
    assert first_line(values(front_desk)["agent"]["instructions"]).endswith(
        ". {{metadata.user_name}}")


def test_the_picker_declares_a_new_variable(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    to_instructions_end(term)
    term.type(" {{caller_city")
    term.wait_for("declare a new variable")
    term.send("enter")
    term.wait_for("{{metadata.caller_city}}")
    term.save()
    saved = values(front_desk)
    assert first_line(saved["agent"]["instructions"]).endswith(". {{metadata.caller_city}}")
    assert "caller_city" in saved["metadata"]


def test_renaming_a_header_twice_keeps_focus_in_its_row(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+5")
    term.wait_for("Endpoint")
    term.click("X-Api-Key")
    term.send("end", *"-Two", "tab")  # rename; tab goes on to its value
    term.send("shift+tab", "end", *"-Three", "tab", "end", *"-v")
    term.wait_for("X-Api-Key-Two-Three")
    term.save()
    headers = values(front_desk)["call_ending"]["headers"]
    assert headers == {"X-Api-Key-Two-Three": "{{secrets.HOOK_KEY}}-v"}
    assert term.proc.poll() is None


def test_renaming_a_variable_then_typing_its_description(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+6")
    term.wait_for("Secrets")
    term.click("user_name")
    term.send("end", *"_first", "tab", "end", *" (given)")
    term.wait_for("user_name_first")
    term.save()
    metadata = values(front_desk)["metadata"]
    assert list(metadata) == ["user_name_first"]
    assert metadata["user_name_first"]["description"] == "Caller's first name (given)"


def test_a_name_that_cannot_be_taken_is_refused_and_shown_as_it_was(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+5")
    term.wait_for("Endpoint")
    term.click("X-Api-Key")
    term.send("end", *" bad", "tab")
    term.wait_for("Not renamed")
    row = term.line_with("{{secrets.HOOK_KEY}}")
    assert row.split()[0] == "X-Api-Key" and "bad" not in row


def test_a_half_typed_ipv6_url_is_a_problem_not_a_crash(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+5")
    term.wait_for("Endpoint")
    term.click("https://hooks")
    term.send("end", *(["backspace"] * 40), *"http://[")
    term.wait_for("'http://[' is not a valid URL")
    term.save()
    assert values(front_desk)["call_ending"]["endpoint_url"] == "http://["
    assert term.proc.poll() is None
