"""Regeneration never loses a person's edits: plans, refusals, diffs and forced writes."""

from __future__ import annotations

import json

import pytest

from runtime.codegen.manifest import MANIFEST_PATH, Manifest
from runtime.codegen.plan import GenerationRefused, apply_plan, plan_files


def _render(files: dict[str, str], sha: str = "abc") -> dict[str, bytes]:
    encoded = {path: text.encode() for path, text in files.items()}
    return {**encoded, MANIFEST_PATH: Manifest.of_files(sha, encoded).to_bytes()}


def _statuses(plan) -> dict[str, str]:
    return {c.path: c.status for c in plan.changes}


def test_first_generation_creates_everything_and_a_manifest(tmp_path):
    files = _render({"src/agent.py": "print(1)\n", "README.md": "# hi\n"})
    plan = plan_files(files, tmp_path)
    assert _statuses(plan) == {"src/agent.py": "create", "README.md": "create"}
    apply_plan(plan)
    assert (tmp_path / "src/agent.py").read_text() == "print(1)\n"
    manifest = json.loads((tmp_path / MANIFEST_PATH).read_text())
    assert set(manifest["files"]) == {"src/agent.py", "README.md"}
    assert (tmp_path / "src/agent.py").stat().st_mode & 0o777 == 0o644


def test_regeneration_updates_untouched_files(tmp_path):
    apply_plan(plan_files(_render({"a.py": "v1\n", "b.py": "same\n"}), tmp_path))
    plan = plan_files(_render({"a.py": "v2\n", "b.py": "same\n"}, sha="def"), tmp_path)
    assert _statuses(plan) == {"a.py": "update", "b.py": "unchanged"}
    assert not plan.blocked
    apply_plan(plan)
    assert (tmp_path / "a.py").read_text() == "v2\n"
    assert json.loads((tmp_path / MANIFEST_PATH).read_text())["config_sha256"] == "def"


def test_edited_file_blocks_with_a_diff_and_loses_nothing(tmp_path):
    apply_plan(plan_files(_render({"a.py": "v1\n", "b.py": "b1\n"}), tmp_path))
    (tmp_path / "a.py").write_text("v1\nmy own line\n")
    plan = plan_files(_render({"a.py": "v2\n", "b.py": "b2\n"}), tmp_path)
    assert _statuses(plan) == {"a.py": "edited", "b.py": "update"}
    assert plan.blocked
    diff = plan.edited[0].diff
    assert "--- a/a.py" in diff and "-my own line" in diff and "+v2" in diff
    with pytest.raises(GenerationRefused) as refused:
        apply_plan(plan)
    assert "a.py" in str(refused.value)
    # nothing was written: neither the edited file nor the others
    assert (tmp_path / "a.py").read_text() == "v1\nmy own line\n"
    assert (tmp_path / "b.py").read_text() == "b1\n"


def test_force_overwrites_edits(tmp_path):
    apply_plan(plan_files(_render({"a.py": "v1\n"}), tmp_path))
    (tmp_path / "a.py").write_text("mine\n")
    apply_plan(plan_files(_render({"a.py": "v2\n"}), tmp_path), force=True)
    assert (tmp_path / "a.py").read_text() == "v2\n"
    assert plan_files(_render({"a.py": "v2\n"}), tmp_path).has_changes is False


def test_a_file_that_was_never_generated_counts_as_edited(tmp_path):
    (tmp_path / "README.md").write_text("my notes\n")
    plan = plan_files(_render({"README.md": "# generated\n"}), tmp_path)
    assert _statuses(plan) == {"README.md": "edited"}


def test_an_edit_that_happens_to_match_the_new_output_is_fine(tmp_path):
    apply_plan(plan_files(_render({"a.py": "v1\n"}), tmp_path))
    (tmp_path / "a.py").write_text("v2\n")
    assert _statuses(plan_files(_render({"a.py": "v2\n"}), tmp_path)) == {"a.py": "unchanged"}


def test_files_no_longer_generated_are_removed_unless_edited(tmp_path):
    apply_plan(plan_files(_render({"a.py": "a\n", "old.py": "o\n", "kept.py": "k\n"}), tmp_path))
    (tmp_path / "kept.py").write_text("k, edited\n")
    plan = plan_files(_render({"a.py": "a\n"}), tmp_path)
    assert _statuses(plan) == {"a.py": "unchanged", "old.py": "remove", "kept.py": "edited"}
    assert plan.edited[0].obsolete
    with pytest.raises(GenerationRefused):
        apply_plan(plan)
    apply_plan(plan, force=True)
    assert not (tmp_path / "old.py").exists() and not (tmp_path / "kept.py").exists()


def test_other_files_in_the_project_are_left_alone(tmp_path):
    (tmp_path / "livekit.toml").write_text("[agent]\nid = 'CA_1'\n")
    apply_plan(plan_files(_render({"a.py": "a\n"}), tmp_path))
    apply_plan(plan_files(_render({"b.py": "b\n"}), tmp_path))
    assert (tmp_path / "livekit.toml").read_text() == "[agent]\nid = 'CA_1'\n"


def test_unreadable_manifest_is_treated_as_no_manifest(tmp_path):
    apply_plan(plan_files(_render({"a.py": "v1\n"}), tmp_path))
    (tmp_path / MANIFEST_PATH).write_text("{not json")
    assert _statuses(plan_files(_render({"a.py": "v2\n"}), tmp_path)) == {"a.py": "edited"}
