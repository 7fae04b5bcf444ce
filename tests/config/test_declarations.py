"""The declarations drive the typed model, the JSON Schema and the catalog: prove they agree."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import typing

import pytest

from runtime.config import catalog, model
from runtime.config import declarations as decl
from runtime.config.document import AgentDocument
from runtime.config.jsonschema import SCHEMA_FILE_NAME, render_schema
from tests.config.conftest import EXAMPLES, FULL, REPO


def dataclass_tree(cls: type) -> list[str]:
    """Every field of the typed model, spelt like `Spec.walk` patterns."""
    out = []
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        out.append(field.name)
        hint = hints[field.name]
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        nested = None
        if dataclasses.is_dataclass(hint):
            nested, marker = hint, "."
        elif origin is tuple and dataclasses.is_dataclass(args[0]):
            nested, marker = args[0], "[]."
        elif origin is dict and dataclasses.is_dataclass(args[1]):
            nested, marker = args[1], ".*."
        if nested is not None:
            out.extend(f"{field.name}{marker}{sub}" for sub in dataclass_tree(nested))
    return out


def test_typed_model_mirrors_the_declarations_exactly():
    declared = {path for path, _ in decl.ROOT.walk()}
    modelled = set(dataclass_tree(model.AgentConfig))
    assert modelled == declared


def test_every_declaration_is_described_and_its_default_has_the_right_type():
    kinds = {"string": str, "enum": str, "integer": int, "number": (int, float), "boolean": bool,
             "json": (str, int, float, bool, list, dict)}
    for path, spec in decl.ROOT.walk():
        assert spec.description.endswith((".", ")")), path
        if spec.has_default:
            assert isinstance(spec.default, kinds[spec.kind]), path
        if spec.kind == "enum" and spec.has_default:
            assert spec.default in spec.enum, path


def test_typed_view_fills_defaults():
    config = model.AgentConfig.from_document(AgentDocument.from_text(FULL))
    assert config.tools.http[0].method == "GET" and config.tools.http[0].timeout_s == 10.0
    assert config.tools.http[0].parameters[0] == model.Parameter("order_id", "string", "", True, "string", {})
    assert config.tools.mcp[0].transport == "streamable-http"
    assert config.models.voice == "" and config.call_ending.summary.thinking_effort is None
    assert config.data_collection.fields[0].properties["day"].description == "Weekday"
    assert config.secret_names == ["HOOK_KEY", "SHOP_TOKEN"]
    assert config.metadata_example() == {"user_name": "Ada", "clinic_name": "Riverside"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.agent.name = "x"  # type: ignore[misc]


def test_load_config_refuses_a_file_with_errors(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text(FULL.replace('name = "front-desk"', 'name = "Front Desk"'))
    with pytest.raises(Exception, match=r"^[^\n]*agent\.toml:\d+:\d+: error: agent\.name: [^\n]*$"):
        model.load_config(path)  # one error: one line
    path.write_text(FULL.replace('name = "front-desk"', 'name = "Front Desk"').replace("version = 1", "version = 2"))
    with pytest.raises(Exception, match=r"has 2 errors:\n.*version.*\n.*agent\.name"):
        model.load_config(path)
    assert model.load_config(EXAMPLES[0]).agent.name


def test_committed_schema_is_not_stale():
    committed = (REPO / SCHEMA_FILE_NAME).read_text()
    assert committed == render_schema(), "run `agent-builder schema -o agent-builder.schema.json`"


@pytest.fixture(scope="module")
def taplo() -> str:
    path = shutil.which("taplo") or str(REPO / ".venv" / "bin" / "taplo")
    if not shutil.which(path):
        pytest.skip("taplo is not installed")
    return path


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_taplo_accepts_the_examples_through_their_schema_directive(taplo, example):
    proc = subprocess.run(
        [taplo, "lint", str(example)], check=False, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_taplo_rejects_what_validation_rejects(taplo, tmp_path):
    (tmp_path / SCHEMA_FILE_NAME).write_text(render_schema())
    bad = tmp_path / "agent.toml"
    bad.write_text(
        "#:schema ./agent-builder.schema.json\n"
        + FULL.replace('language = "en"', 'langauge = "en"').replace(
            'name = "front-desk"', 'name = "Front"'
        )
    )
    proc = subprocess.run([taplo, "lint", str(bad)], check=False, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "langauge" in proc.stderr and "does not match" in proc.stderr


def test_catalog_matches_the_installed_sdk():
    assert catalog.render_catalog(catalog.catalog_from_sdk()) == catalog.CATALOG_FILE.read_text(), (
        "run `python -m runtime.config.catalog` to refresh the catalog"
    )
    assert "openai/gpt-4.1-mini" in catalog.model_ids("llm")
    assert catalog.suggestions("language")[:2] == ["multi", "en"]
    assert catalog.suggestions("voice") == [] and catalog.suggestions(None) == []
    assert json.loads(catalog.CATALOG_FILE.read_text())["stt"]


def test_model_suggestions_are_declared_for_the_model_keys():
    suggested = {path: spec.suggest for path, spec in decl.ROOT.walk() if spec.suggest}
    assert suggested == {
        "models.stt": "stt",
        "models.language": "language",
        "models.llm": "llm",
        "models.tts": "tts",
        "models.voice": "voice",
        "call_ending.summary.llm": "llm",
    }
