import stat
import subprocess

import pytest

from runtime.secrets import (
    SOURCE_ENVIRONMENT,
    SOURCE_FILE,
    DotenvError,
    SecretsStore,
    ensure_gitignored,
    mask,
    secrets_path_for,
)


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text('version = 1\n[agent]\nname = "front-desk"\n')
    return path


def test_store_lives_beside_the_config(config):
    assert secrets_path_for(config) == config.parent / ".env.local"
    assert SecretsStore.beside(config, ".env.prod").path == config.parent / ".env.prod"


def test_set_creates_a_private_file(config):
    store = SecretsStore.beside(config)
    assert not store.exists()
    store.set("SHOP_TOKEN", "sk-live-1234567890")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.get("SHOP_TOKEN") == "sk-live-1234567890"
    assert store.path.read_text() == "SHOP_TOKEN=sk-live-1234567890\n"


def test_unset_reports_whether_it_removed_anything(config):
    store = SecretsStore.beside(config)
    assert store.unset("NOPE") is False
    assert not store.exists()  # nothing is created by a no-op
    store.set("A", "1")
    assert store.unset("A") is True
    assert store.names() == []


def test_bad_name_is_refused_and_the_file_is_untouched(config):
    store = SecretsStore.beside(config)
    store.set("GOOD", "1")
    before = store.path.read_text()
    with pytest.raises(DotenvError):
        store.set("bad-name", "x")
    assert store.path.read_text() == before


def test_mask_never_reveals_more_than_five_characters():
    assert mask("sk-abcdefghijklmnop9f") == "sk-…9f"
    assert mask("short") == "•••"
    assert mask("fourteen chars") == "•••"  # under 16: no part of it is shown
    assert mask("") == "(empty)"
    assert mask(None) == ""
    # A hint of terminal controls would drive the terminal: none is shown.
    assert mask("\x1b[2J-then-a-long-value") == mask("\u202ertl-override-value") == "•••"
    assert mask("a-long-value-ending-in\n") == "•••"


def test_statuses_merge_file_environment_and_references(config):
    store = SecretsStore.beside(config)
    store.set("SHOP_TOKEN", "sk-abcdefghijklmnop9f")
    store.set("UNUSED", "x")
    environ = {"HOOK_KEY": "hook-abcdefghijk42", "SHOP_TOKEN": "from-env-loses"}
    statuses = {s.name: s for s in store.statuses({"SHOP_TOKEN", "HOOK_KEY", "DOCS_TOKEN"}, environ)}
    assert [s.name for s in store.statuses({"SHOP_TOKEN", "HOOK_KEY", "DOCS_TOKEN"}, environ)] == [
        "SHOP_TOKEN", "UNUSED", "DOCS_TOKEN", "HOOK_KEY"
    ]
    assert statuses["SHOP_TOKEN"].source == SOURCE_FILE and statuses["SHOP_TOKEN"].masked == "sk-…9f"
    assert statuses["HOOK_KEY"].source == SOURCE_ENVIRONMENT and statuses["HOOK_KEY"].masked == "hoo…42"
    assert not statuses["DOCS_TOKEN"].is_set and statuses["DOCS_TOKEN"].masked == ""
    assert statuses["UNUSED"].referenced is False and statuses["SHOP_TOKEN"].referenced is True


def test_missing_counts_empty_values_as_missing(config):
    store = SecretsStore.beside(config)
    store.set("SHOP_TOKEN", "x")
    store.set("EMPTY_ONE", "")
    environ = {"HOOK_KEY": "y", "BLANK_ENV": ""}
    assert store.missing({"SHOP_TOKEN", "HOOK_KEY", "EMPTY_ONE", "BLANK_ENV", "DOCS"}, environ) == [
        "BLANK_ENV", "DOCS", "EMPTY_ONE"
    ]


def test_resolve_prefers_the_file_over_the_environment(config):
    store = SecretsStore.beside(config)
    store.set("A", "file")
    assert store.resolve(["A", "B", "C"], {"A": "env", "B": "env-b"}) == {"A": "file", "B": "env-b"}


def test_gitignore_beside_the_config_gains_the_file(config):
    gitignore = config.parent / ".gitignore"
    gitignore.write_text("build/")  # no final newline
    SecretsStore.beside(config).set("A", "1")
    assert gitignore.read_text() == "build/\n# local secrets (agent-builder)\n/.env.local\n"
    SecretsStore.beside(config).set("B", "2")
    assert gitignore.read_text().count(".env.local") == 1


def test_existing_pattern_is_respected_and_negation_is_not(tmp_path):
    secrets = tmp_path / ".env.local"
    (tmp_path / ".gitignore").write_text(".env.*\n")
    assert ensure_gitignored(secrets) is False
    (tmp_path / ".gitignore").write_text(".env.*\n!.env.local\n")
    assert ensure_gitignored(secrets) is True


def test_inside_a_git_repo_a_gitignore_is_created_and_git_agrees(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    folder = tmp_path / "agents"
    folder.mkdir()
    store = SecretsStore(folder / ".env.local")
    store.set("A", "1")
    assert (folder / ".gitignore").exists()
    checked = subprocess.run(
        ["git", "-C", str(tmp_path), "check-ignore", "-q", "agents/.env.local"], check=False
    )
    assert checked.returncode == 0


def test_outside_git_no_gitignore_is_created(config):
    SecretsStore.beside(config).set("A", "1")
    assert not (config.parent / ".gitignore").exists()


def test_a_file_git_already_ignores_higher_up_gets_no_new_gitignore(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(".env.*\n")
    folder = tmp_path / "agents" / "desk"
    folder.mkdir(parents=True)
    SecretsStore(folder / ".env.local").set("A", "1")
    assert not (folder / ".gitignore").exists()
