"""What the screen shows at 80x24 (an SSH session) and 120x40, read from a real terminal."""

from __future__ import annotations

import re
import tomllib

from tests.terminal.driver import file_text


def values(path) -> dict:
    return tomllib.loads(file_text(path))


def row_of(term, text: str) -> int:
    return next(y for y, line in enumerate(term.lines) if text in line)


def parameter_row(term) -> str:
    """The `order_id` parameter's row (the URL names it too)."""
    return next((line for line in term.lines if "order_id" in line and "[✓]" in line), "")


def to_the_parameters(term) -> None:
    """Actions tab, keyboard only, to the first parameter's name."""
    term.send("alt+3")
    term.wait_for("Timeout (s)")
    term.click("Timeout (s)")
    term.send(*["tab"] * 5)  # header name, value, its delete button, + Add header, parameter
    term.wait_for("+ Add parameter")


def test_at_80_columns_a_list_stands_above_its_form_from_the_first_frame(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+3")
    term.wait_for("Timeout (s)")
    # Never side by side, not even for a frame: a click aimed at it would land elsewhere.
    assert row_of(term, "HTTP tools (1)") < row_of(term, "Name *")
    assert term.line_with("Name *").startswith(" Name *")
    to_the_parameters(term)
    row = term.wait_for(lambda: parameter_row(term), what="the parameter row")
    # The name and description columns have room (they had 7 cells).
    assert "The order number" in row
    header = next(line for line in term.lines if "Type" in line and "Description" in line)
    assert header.index("Description") - header.index("Type") >= 10
    assert header.index("Type") - header.index("Name") >= 16


def test_an_unfocused_field_shows_the_start_of_its_value(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    to_the_parameters(term)
    term.send("tab", "tab", "end")  # past the type: the description, scrolled to its end
    term.wait_for(lambda: "digits only" in parameter_row(term), what="scrolled to the end")
    term.send("tab")
    term.wait_for(lambda: "The order number" in parameter_row(term),
                  what="the start of the description once it lost focus")
    assert parameter_row(term).startswith(" order_id ")  # the name shows whole too


def test_a_choice_with_a_default_takes_one_line_and_offers_each_value_once(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    to_the_parameters(term)
    term.send("tab", "enter")  # the type's list
    term.wait_for("integer")
    shown = [line for line in term.lines if re.search(r"\b(string|number|integer|boolean)\b", line)]
    assert sum(len(re.findall(r"\bstring\b", line)) for line in shown) == 1, term.text
    assert "(default)" not in term.text
    term.send("escape")
    term.wait_gone("integer")
    assert parameter_row(term).count("string") == 1
    assert "(default)" not in term.text


def test_labels_read_as_people_write_them(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+2")
    term.wait_for("TTS ")
    labels = [line.split()[0] for line in term.lines if line.strip()]
    assert {"STT", "LLM", "TTS"} <= set(labels)
    term.send("alt+3")
    term.wait_for("Timeout (s)")
    assert term.line_with("URL *").startswith(" URL *")
    term.send("alt+5")
    term.wait_for("Endpoint URL")
    for tab in "123456":
        term.send(f"alt+{tab}")
        term.wait_still()  # the tab drawn
        for wrong in ("Llm", "Url", "Stt", "Tts"):
            assert not re.search(rf"\b{wrong}\b", term.text), (wrong, term.text)


def test_thinking_effort_says_it_is_ignored_only_beside_a_model_that_ignores_it(editor,
                                                                                front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+2")
    term.wait_for("not a reasoning model")  # openai/gpt-4.1-mini
    term.click("openai/gpt-4.1-mini")
    term.send("home", "shift+end")
    term.type("openai/gpt-5-mini")
    term.wait_gone("not a reasoning model")
    assert "reasoning" not in term.text
    term.save()
    assert values(front_desk)["models"]["llm"] == "openai/gpt-5-mini"


WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
         "sierra", "tango"]


def test_a_multi_line_text_shows_what_the_file_holds_as_it_wraps_and_unwraps(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("tab", "end")
    term.type(" " + " ".join(WORDS))  # wraps onto two more lines at 80 columns
    term.wait_for("tango")
    term.send(*["backspace"] * len(" quebec romeo sierra tango"))
    term.wait_gone("quebec")
    term.type(" zulu")
    term.wait_for("zulu")
    term.save()
    saved = values(front_desk)["agent"]["instructions"]
    shown = term.text
    for word in (*WORDS[:16], "zulu"):
        assert shown.count(word) == 1 and saved.count(word) == 1, (word, shown)
    for word in WORDS[16:]:
        assert word not in shown and word not in saved
