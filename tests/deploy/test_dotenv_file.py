import stat

from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.dotenv_file import DotenvFile, format_value, parse, render

HAND_WRITTEN = """\
# LiveKit project (keep this comment)
export LIVEKIT_URL=wss://demo.livekit.cloud
LIVEKIT_API_KEY = APIabc123   # inline comment
QUOTED="a \\"b\\" c\\nnext"
SINGLE='no $expansion \\n here'
MULTI="first
second"
EMPTY=
URL_WITH_HASH=https://x.test/#frag

not a binding at all
TAIL=last
"""


def test_reads_hand_written_file():
    values = parse(HAND_WRITTEN)
    assert values == {
        "LIVEKIT_URL": "wss://demo.livekit.cloud",
        "LIVEKIT_API_KEY": "APIabc123",
        "QUOTED": 'a "b" c\nnext',
        "SINGLE": "no $expansion \\n here",
        "MULTI": "first\nsecond",
        "EMPTY": "",
        "URL_WITH_HASH": "https://x.test/#frag",
        "TAIL": "last",
    }


def test_unparseable_line_is_reported_by_number_and_kept(tmp_path):
    path = tmp_path / ".env.local"
    path.write_text(HAND_WRITTEN)
    file = DotenvFile.load(path)
    assert [p.line for p in file.problems] == [11]
    assert "not a binding" not in str(file.problems[0])  # the line is never echoed
    file.set("TAIL", "changed")
    file.save()
    assert "not a binding at all\n" in path.read_text()


def test_set_rewrites_only_that_line_and_keeps_export(tmp_path):
    path = tmp_path / ".env.local"
    path.write_text(HAND_WRITTEN)
    file = DotenvFile.load(path)
    file.set("LIVEKIT_URL", "wss://other.livekit.cloud")
    file.set("NEW_ONE", "with space")
    file.save()
    text = path.read_text()
    expected = HAND_WRITTEN.replace(
        "export LIVEKIT_URL=wss://demo.livekit.cloud", "export LIVEKIT_URL=wss://other.livekit.cloud"
    )
    assert text == expected + "NEW_ONE='with space'\n"


def test_unset_removes_every_binding_of_the_name(tmp_path):
    path = tmp_path / ".env.local"
    path.write_text("A=1\n# keep\nB=2\nA=3\n")
    file = DotenvFile.load(path)
    assert file.get("A") == "3"  # last binding wins, as dotenv loaders do
    assert file.unset("A") is True
    assert file.unset("A") is False
    file.save()
    assert path.read_text() == "# keep\nB=2\n"


def test_set_on_a_duplicated_name_leaves_one_binding(tmp_path):
    path = tmp_path / ".env.local"
    path.write_text("A=1\nB=2\nA=3\n")
    file = DotenvFile.load(path)
    file.set("A", "9")
    assert file.text() == "A=9\nB=2\n"


def test_set_appends_after_a_file_without_final_newline(tmp_path):
    path = tmp_path / ".env.local"
    path.write_text("A=1")
    file = DotenvFile.load(path)
    file.set("B", "2")
    assert file.text() == "A=1\nB=2\n"


def test_save_is_private_even_over_a_world_readable_file(tmp_path):
    path = tmp_path / ".env.local"
    path.write_text("A=1\n")
    path.chmod(0o644)
    file = DotenvFile.load(path)
    file.set("A", "2")
    file.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name != ".env.local"]  # no temp file left


def test_values_are_written_in_portable_forms():
    assert format_value("sk-abc_123") == "sk-abc_123"
    assert format_value("has space") == "'has space'"
    assert format_value("a=b#c") == "'a=b#c'"
    assert format_value("cost $5") == "'cost $5'"
    # double quotes only when single quotes cannot hold it; `$` escaped for godotenv
    assert format_value("it's $5\n") == '"it\'s \\$5\\n"'
    assert format_value('back\\slash "q"') == '"back\\\\slash \\"q\\""'


def test_bad_names_are_refused():
    import pytest

    from runtime.dotenv_file import DotenvError

    file = DotenvFile(path=None)  # type: ignore[arg-type]
    for bad in ["", "1ABC", "A-B", "A B", "A=B", "ä"]:
        with pytest.raises(DotenvError, match="not a valid secret name"):
            file.set(bad, "x")


names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True)
values = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(names, values, max_size=6))
def test_any_values_round_trip(mapping):
    assert parse(render(mapping)) == mapping


@settings(max_examples=100, deadline=None)
@given(names, values)
def test_set_then_reload_round_trips_inside_hand_written_text(tmp_path_factory, name, value):
    path = tmp_path_factory.mktemp("env") / ".env.local"
    path.write_text(HAND_WRITTEN)
    file = DotenvFile.load(path)
    file.set(name, value)
    file.save()
    reloaded = DotenvFile.load(path)
    assert reloaded.get(name) == value
    assert reloaded.problems == file.problems
    assert "# LiveKit project (keep this comment)\n" in path.read_text()


def test_values_lk_cannot_read_back_are_recognised():
    from runtime.dotenv_file import lk_can_carry

    # bare and single-quoted forms are read literally by the LiveKit CLI
    assert lk_can_carry("sk-abc") and lk_can_carry('say "hi"') and lk_can_carry("a $b")
    # double-quoted forms work unless they end in a quote or a backslash
    assert lk_can_carry("it's \"x\" here") and lk_can_carry("line\nbreak")
    assert not lk_can_carry("it's \"x\"")
    assert not lk_can_carry("it's a\\") and not lk_can_carry("a$b\\")
