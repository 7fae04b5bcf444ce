"""Bad input of every kind: a clear error, and the file on disk exactly as it was."""

from __future__ import annotations

import hashlib
import sys

import pytest

from runtime.cli import main
from runtime.config.document import AgentDocument
from runtime.config.errors import ConfigLoadError, SaveError
from runtime.config.validate import validate
from tests.config.conftest import FULL


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_validate(path, capsys) -> tuple[int, str]:
    status = main(["validate", str(path)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_broken_toml_reports_the_parsers_line_and_column(tmp_path, capsys):
    path = tmp_path / "agent.toml"
    path.write_text('version = 1\n\n[agent]\nname = "x" oops\n')
    before = digest(path)
    with pytest.raises(ConfigLoadError) as caught:
        AgentDocument.load(path)
    assert (caught.value.line, caught.value.col) == (4, 12)
    status, output = run_validate(path, capsys)
    assert status == 2
    assert f"{path}:4:12: error: not valid TOML: " in output
    assert digest(path) == before


@pytest.mark.parametrize(("text", "said"), [
    ('[agent]\nname = "x"\n\n[agent]\n', "Cannot declare agent twice"),
    ('["a.b".c]\n["a.b".c]\n', 'Cannot declare "a.b".c twice'),
    ("[\"it's\"]\n[\"it's\"]\n", 'Cannot declare "it\'s" twice'),
])
def test_a_table_declared_twice_is_named_as_the_file_writes_it(tmp_path, capsys, text, said):
    path = tmp_path / "agent.toml"
    path.write_text(text)
    status, output = run_validate(path, capsys)
    assert status == 2
    assert f"not valid TOML: {said}" in output and "('" not in output


def test_non_utf8_bytes_report_where_they_are(tmp_path, capsys):
    path = tmp_path / "agent.toml"
    path.write_bytes(b'version = 1\n[agent]\nname = "caf\xe9"\n')
    before = digest(path)
    with pytest.raises(ConfigLoadError, match=r"not UTF-8 text \(byte 0xe9") as caught:
        AgentDocument.load(path)
    assert (caught.value.line, caught.value.col) == (3, 12)
    status, output = run_validate(path, capsys)
    assert status == 2 and ":3:12: error: not UTF-8" in output
    assert digest(path) == before


def test_missing_file_is_unreadable(tmp_path, capsys):
    status, output = run_validate(tmp_path / "nope.toml", capsys)
    assert status == 2 and "cannot read the file" in output


def test_wrong_types_unknown_keys_and_duplicates_are_errors_with_positions(tmp_path, capsys):
    text = (
        FULL.replace("enabled = true                 #", 'enabled = "yes"                 #')
        .replace('language = "en"', 'langauge = "en"')
        .replace('name = "show_product"', 'name = "lookup_order"')
    )
    path = tmp_path / "agent.toml"
    path.write_text(text)
    before = digest(path)
    status, output = run_validate(path, capsys)
    assert status == 1
    lines = text.splitlines()
    enabled_line = next(i for i, l in enumerate(lines, 1) if l.startswith('enabled = "yes"'))
    assert (
        f":{enabled_line}:1: error: greeting.enabled: expected true or false, found the text 'yes'"
        in output
    )
    assert (
        "error: models.langauge: unknown key 'langauge' in [models]; did you mean 'language'?"
        in output
    )
    assert (
        "error: tools.client[0].name: the name 'lookup_order' is already used by tools.http[0]"
        in output
    )
    assert digest(path) == before


def test_undeclared_path_parameter_and_secret_outside_a_header():
    text = FULL.replace("orders/:order_id", "orders/:order_id/lines/:line").replace(
        "Be brief and friendly.", "Token {{secrets.SHOP_TOKEN}}."
    )
    found = {(p.severity, p.path, p.message) for p in validate(text)}
    assert (
        "error",
        "tools.http[0].url",
        "path parameter ':line' is not declared under [[tools.http.parameters]]",
    ) in found
    assert any(
        path == "agent.instructions" and "only allowed in header values" in message
        for severity, path, message in found
        if severity == "error"
    )


def test_five_megabyte_instructions_are_refused_by_validation_and_survive_a_round_trip(tmp_path):
    huge = "Be helpful. " * (5 * 1024 * 1024 // 12)
    path = tmp_path / "agent.toml"
    doc = AgentDocument.from_text(FULL, path)
    doc.set("agent.instructions", huge)
    doc.save(force=True)
    before = digest(path)
    problems = validate(AgentDocument.load(path))
    [too_long] = [p for p in problems if p.path == "agent.instructions" and p.severity == "error"]
    assert "characters long; the limit is 200,000" in too_long.message
    AgentDocument.load(path).save()
    assert digest(path) == before


def test_a_directory_nobody_may_create_files_in(tmp_path):
    # /proc refuses new files even for root, unlike a chmod-ed directory.
    if not sys.platform.startswith("linux"):
        pytest.skip("needs /proc")
    doc = AgentDocument.from_text(FULL, "/proc/self/agent.toml")
    with pytest.raises(
        SaveError, match=r"cannot write /proc/.*agent.toml: .*\(the file is unchanged\)"
    ):
        doc.save(force=True)


def test_validate_from_text_never_raises_on_garbage():
    [problem] = validate("[[[")
    assert problem.severity == "error" and problem.message.startswith("not valid TOML")
    assert problem.line == 1


def test_a_byte_order_mark_is_kept_and_ignored(tmp_path, capsys):
    path = tmp_path / "agent.toml"
    path.write_bytes(b"\xef\xbb\xbf" + FULL.encode())
    doc = AgentDocument.load(path)
    assert doc.get("agent.name") == "front-desk" and not doc.text.startswith("\ufeff")
    doc.save()
    assert path.read_bytes() == b"\xef\xbb\xbf" + FULL.encode()
    assert run_validate(path, capsys)[0] == 0
