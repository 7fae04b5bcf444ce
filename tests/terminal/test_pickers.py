"""Lists to browse: the voices of the chosen TTS model, the known model ids, and the
variables the file uses but does not declare."""

from __future__ import annotations

import tomllib

from tests.terminal.driver import file_text

JACQUELINE = "9626c31c-bec5-4cca-baa8-f8ba9e84c8bc"
DANIELA = "5c5ad5e7-1020-476b-8b91-fdcbe9cc313c"


def values(path) -> dict:
    return tomllib.loads(file_text(path))


def test_the_voice_picker_lists_the_voices_of_the_tts_model(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+2")
    term.wait_for("Jacqueline · en-US · female")  # the id in the file, named
    term.click(JACQUELINE[:8])
    term.send("down")  # browse
    term.wait_for("Robyn")
    term.type("mexican")  # filters on name, language and description
    term.wait_gone("Robyn")
    term.send("enter")
    term.wait_for("Daniela · es-MX · female")
    term.save()
    assert values(front_desk)["models"]["voice"] == DANIELA


def test_voices_follow_the_tts_model_and_free_text_stays(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+2")
    term.wait_for("TTS")
    term.click("cartesia/sonic-3")
    term.send("home", "shift+end")
    term.type("deepgram/aura-2")
    term.send("tab")  # to the voice
    term.send("down")
    term.wait_for("Odysseus")
    assert "Jacqueline" not in term.text
    term.send("escape")
    term.wait_gone("Odysseus")
    term.send("home", "shift+end")
    term.type("my-own-voice")  # any voice the gateway knows is allowed
    term.save()
    models = values(front_desk)["models"]
    assert models["tts"] == "deepgram/aura-2" and models["voice"] == "my-own-voice"


def test_a_model_field_has_a_list_to_browse(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+2")
    term.wait_for("LLM")
    term.click("openai/gpt-4.1-mini")
    term.send("down")
    term.wait_for("openai/gpt-4o-mini")
    term.type("gpt-5-nano")
    term.send("enter")
    term.wait_for(lambda: "openai/gpt-5-nano" in term.line_with("LLM"), what="the model chosen")
    term.save()
    assert values(front_desk)["models"]["llm"] == "openai/gpt-5-nano"


def test_add_variable_offers_the_undeclared_ones(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+6")
    term.wait_for("+ Add variable")
    term.click("+ Add variable")
    term.wait_for("clinic_name   used in agent.instructions")
    term.send("enter")
    term.wait_for(lambda: "clinic_name" in term.text and "Add variable" not in term.lines[3],
                  what="the variable added")
    term.send("tab", *"The clinic's name")  # its name row has focus: on to the description
    term.save()
    assert values(front_desk)["metadata"]["clinic_name"]["description"] == "The clinic's name"


def test_save_with_the_variable_picker_open_keeps_what_was_typed_and_saves(editor, front_desk):
    """ctrl+s is "save" wherever the user is: a picker open over a field (a modal, which
    app keys do not reach) used to swallow it, and the title kept saying unsaved."""
    term = editor(front_desk, size=(120, 40))
    term.wait_ready()
    term.send("tab", "end")
    term.type(" See {{metadata.user")
    term.wait_for("Insert variable")
    term.save()  # waits for the file to change and the title to drop "unsaved"
    term.wait_gone("Insert variable")
    instructions = values(front_desk)["agent"]["instructions"]
    assert instructions.rstrip("\n").endswith("friendly. See {{metadata.user")
    term.send(*" ok")  # typing goes on in the field, not in a picker
    term.wait_for("{{metadata.user ok")


def test_save_with_a_list_picker_open_closes_it_and_saves(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("alt+2")
    term.wait_for("STT")
    term.send("end", *"-x")  # an edit to save, then the list of known ids
    term.wait_for("nova-3-x")
    term.send("down")
    term.wait_for("type to filter")
    term.save()
    term.wait_gone("type to filter")
    assert values(front_desk)["models"]["stt"] == "deepgram/nova-3-x"
