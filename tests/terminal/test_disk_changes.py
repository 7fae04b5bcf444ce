"""The file changes on disk while the editor is open (a hand edit in another terminal)."""

from __future__ import annotations

import tomllib

from tests.terminal.driver import file_text


def test_an_invalid_hand_edit_opens_one_raw_view_that_follows_the_disk(editor, front_desk):
    good = file_text(front_desk)
    term = editor(front_desk)
    term.wait_ready()
    front_desk.write_text(good.replace('name = "front-desk"', 'name = "front-desk'))
    term.wait_for("cannot be opened in the forms")
    # A second broken version: the raw view shows it (a raw view per check would not).
    front_desk.write_text(good.replace("[models]", "[models"))
    term.wait_for(lambda: "[models " in term.text and "[models]" not in term.text,
                  what="the second broken version")
    assert "line 14" in term.text  # the banner is about the new error too
    # Fixed in the other editor: the forms come back, showing the fix.
    front_desk.write_text(good.replace('"front-desk"', '"fixed-outside"'))
    term.wait_for("fixed-outside")
    term.wait_for("Agent name")
    assert "cannot be opened" not in term.text


def test_typing_in_the_raw_view_survives_the_checks_of_the_disk(editor, front_desk):
    good = file_text(front_desk)
    broken = good.replace("[models]", "[models")
    front_desk.write_text(broken)
    term = editor(front_desk)
    term.wait_for("cannot be opened in the forms")
    term.send("ctrl+home")
    term.type("# fixing it\n")
    term.wait_for("# fixing it")
    front_desk.write_text(broken + "\n# also touched outside\n")
    term.wait_for("changed on disk")  # checked, and the typing was kept
    assert "# fixing it" in term.text
    term.send("ctrl+r")  # load the file's text after all
    term.wait_gone("# fixing it")
    term.wait_for("cannot be opened in the forms")


def test_an_outside_change_to_another_key_merges_with_the_edits(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("end", *"-two")
    term.wait_for("front-desk-two")
    front_desk.write_text(file_text(front_desk).replace('language = "en"', 'language = "de"'))
    term.wait_for("The file changed on disk")
    term.wait_for('+language = "de"')  # the outside change, as a diff
    term.send("m")
    term.wait_gone("The file changed on disk")
    term.save()
    saved = tomllib.loads(file_text(front_desk))
    assert saved["agent"]["name"] == "front-desk-two"
    assert saved["models"]["language"] == "de"
    # Comments on both sides survive the merge.
    assert 'language = "de"                # STT language' in file_text(front_desk)


def test_changes_to_the_same_key_clash_and_are_not_merged(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("end", *"-two")
    term.wait_for("front-desk-two")
    outside = file_text(front_desk).replace('"front-desk"', '"other-name"')
    front_desk.write_text(outside)
    term.wait_for("They clash")
    assert "Merge both" not in term.text
    term.send("k")  # keep mine: saving then writes this version, as chosen
    term.wait_gone("They clash")
    term.save()
    assert tomllib.loads(file_text(front_desk))["agent"]["name"] == "front-desk-two"


def test_reload_takes_the_outside_version_and_drops_the_edits(editor, front_desk):
    term = editor(front_desk)
    term.wait_ready()
    term.send("end", *"-mine")
    term.wait_for("front-desk-mine")
    theirs = file_text(front_desk).replace('"front-desk"', '"theirs"')
    front_desk.write_text(theirs)
    term.wait_for("The file changed on disk")
    term.wait_for('+name = "theirs"')
    term.send("r")
    term.wait_gone("The file changed on disk")
    term.wait_for(lambda: any("Agent name" in line and "theirs" in line for line in term.lines),
                  what="their name shown")
    assert "front-desk-mine" not in term.text
    term.wait_for(lambda: "unsaved" not in term.lines[0], what="nothing unsaved")
    assert file_text(front_desk) == theirs
