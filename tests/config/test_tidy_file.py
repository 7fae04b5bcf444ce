"""The file the editor writes reads as if a careful person wrote it: blank lines and
comment columns kept, keys in declaration order, defaults left out, prompts kept as
blocks, literal strings where they need no escapes, stale starter hints gone.

These are edits as the editor makes them (`AgentDocument` calls, one per keystroke).
"""

from __future__ import annotations

import tomllib

from runtime.config.document import AgentDocument
from runtime.config.starter import STARTER_HINTS, starter_text
from tests.config.test_document import changed_lines

ALIGNED = '''\
[models]
stt = "deepgram/nova-3"        # speech to text
llm = "openai/gpt-5-mini"      # the language model
tts = "cartesia/sonic-3"       # text to speech
'''


def type_text(doc: AgentDocument, path: str, text: str) -> None:
    """Keystroke by keystroke, as a form field sends them."""
    for end in range(1, len(text) + 1):
        doc.set(path, text[:end])


def test_a_renamed_table_keeps_its_blank_lines():
    text = '[metadata.x]\nexample = "1"\n\n[metadata.y]\nexample = "2"\n\n[advanced]\nturn_detection = false\n'
    doc = AgentDocument.from_text(text)
    doc.rename_key("metadata.x", "a")
    doc.rename_key("metadata.a", "ab")  # renamed twice, as typing does
    assert doc.text == text.replace("[metadata.x]", "[metadata.ab]")


def test_tables_added_and_removed_leave_one_blank_line_between_tables():
    text = '[agent]\nname = "a"\n\n[advanced]\nturn_detection = false\n'
    doc = AgentDocument.from_text(text)
    doc.set("call_ending.final_response", "Bye.")
    doc.set("models.llm", "openai/gpt-5-mini")
    doc.append_item("tools.http", {"name": "t", "description": "d", "url": "https://x.example"})
    doc.append_item("tools.http[0].parameters", {"name": "p"})
    doc.append_item("tools.http", {"name": "u", "description": "e", "url": "https://y.example"})
    assert doc.text == (
        '[agent]\nname = "a"\n\n[models]\nllm = "openai/gpt-5-mini"\n\n'
        '[[tools.http]]\nname = "t"\ndescription = "d"\nurl = "https://x.example"\n'
        '[[tools.http.parameters]]\nname = "p"\n\n'
        '[[tools.http]]\nname = "u"\ndescription = "e"\nurl = "https://y.example"\n\n'
        '[call_ending]\nfinal_response = "Bye."\n\n[advanced]\nturn_detection = false\n'
    )
    doc.remove_item("tools.http", 0)
    doc.delete("models")
    assert "\n\n\n" not in doc.text
    assert doc.text.startswith('[agent]\nname = "a"\n\n[[tools.http]]\nname = "u"')


def test_typing_a_letter_and_deleting_it_leaves_the_file_as_it_was():
    doc = AgentDocument.from_text(ALIGNED)
    type_text(doc, "models.voice", "a")
    doc.set("models.voice", "")  # the letter deleted: back to the default
    assert doc.text == ALIGNED
    doc.set("models.stt", "x")
    doc.set("models.stt", "deepgram/nova-3")  # an explicit value stays written
    assert doc.text == ALIGNED


def test_a_key_cleared_to_its_default_goes_unless_it_carries_a_comment():
    doc = AgentDocument.from_text('[greeting]\nenabled = false\ninstructions = "Hi"   # say hi\n')
    doc.set("greeting.enabled", True)
    doc.set("greeting.instructions", "")
    assert doc.text == '[greeting]\ninstructions = ""     # say hi\n'


def test_new_keys_go_in_declaration_order():
    doc = AgentDocument.from_text(ALIGNED)
    doc.set("models.thinking_effort", "low")
    doc.set("models.language", "de")
    doc.set("models.voice", "v1")
    keys = [line.split(" ")[0] for line in doc.text.splitlines()[1:]]
    assert keys == ["stt", "language", "llm", "thinking_effort", "tts", "voice"]


def test_comments_stay_in_their_column_as_values_change_length():
    doc = AgentDocument.from_text(ALIGNED)
    type_text(doc, "models.llm", "openai/gpt-4.1")
    assert changed_lines(ALIGNED, doc.text) == [
        '-llm = "openai/gpt-5-mini"      # the language model',
        '+llm = "openai/gpt-4.1"         # the language model',
    ]
    doc.set("models.llm", "a-much-longer-model-name/that-overflows")
    assert 'llm = "a-much-longer-model-name/that-overflows" # the language model' in doc.text


def test_a_block_prompt_replaced_whole_stays_a_block():
    text = '[agent]\nname = "a"\ninstructions = """\nYou are helpful.\nBe brief.\n"""\n'
    doc = AgentDocument.from_text(text)
    doc.set("agent.instructions", "One long paragraph with no line break at all, pasted in.")
    assert 'instructions = """\nOne long paragraph' in doc.text
    assert tomllib.loads(doc.text)["agent"]["instructions"].startswith("One long paragraph")


def test_strings_with_quotes_or_backslashes_are_written_literal():
    doc = AgentDocument.from_text('[[tools.client]]\nname = "show"\ndescription = "d"\n')
    type_text(doc, "tools.client[0].preview_response", '{"shown": true}')
    doc.set("tools.client[0].description", "C:\\kiosk\\maps")
    doc.set("tools.client[0].silent", True)
    assert "preview_response = '{\"shown\": true}'" in doc.text
    assert "description = 'C:\\kiosk\\maps'" in doc.text
    doc.set("tools.client[0].description", "it's \"both\"")  # a literal cannot hold both
    assert 'description = "it\'s \\"both\\""' in doc.text


def test_the_starters_pointer_to_the_examples_goes_once_they_are_added():
    hint = "\n".join(STARTER_HINTS[0][0])
    text = starter_text()
    assert hint in text
    doc = AgentDocument.from_text(text)
    doc.set("advanced.turn_detection", False)
    assert hint in doc.text  # nothing it points to was added
    doc.append_item("tools.http", {"name": "lookup", "description": "d", "url": "https://x.example"})
    assert hint not in doc.text and "see the examples" not in doc.text
    assert "\n\n\n" not in doc.text
    assert "# A LiveKit voice agent." in doc.text  # the other comments stay


def test_the_schema_directive_stays_the_first_line():
    """`#:schema` tells TOML editors where the schema is: it is the file's, not the
    comment of the table below it, so nothing goes above it and it never goes."""
    text = '#:schema ./agent-builder.schema.json\n[agent]\nname = "a"\n'
    doc = AgentDocument.from_text(text)
    doc.set("version", 2)
    assert doc.text == '#:schema ./agent-builder.schema.json\n\nversion = 2\n\n[agent]\nname = "a"\n'
    doc.delete("agent")
    doc.delete("version")
    assert doc.text.startswith("#:schema ./agent-builder.schema.json\n")


def test_a_triple_quoted_string_on_one_line_stays_on_one_line():
    doc = AgentDocument.from_text(
        "[agent]\nname = 'a'\nlanguage = ''''x'''''\ninstructions = \"\"\"Be brief.\"\"\"\n"
    )
    doc.set("agent.language", "fr")
    doc.set("agent.instructions", "Be kind.")
    assert doc.text == "[agent]\nname = 'a'\nlanguage = 'fr'\ninstructions = \"Be kind.\"\n"
    doc.set("agent.instructions", "Two\nlines")  # a line break makes it a block
    assert 'instructions = """\nTwo\nlines"""\n' in doc.text

