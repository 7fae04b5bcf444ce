from __future__ import annotations

import os
import stat

import pytest

from runtime.config.document import AgentDocument
from runtime.config.errors import ExternalChangeError, SaveError
from tests.config.conftest import FULL


def test_save_is_atomic_and_keeps_the_file_mode(agent_file):
    os.chmod(agent_file, 0o640)
    inode_before = agent_file.stat().st_ino
    doc = AgentDocument.load(agent_file)
    doc.set("agent.name", "renamed")
    doc.save()
    assert stat.S_IMODE(agent_file.stat().st_mode) == 0o640
    assert agent_file.stat().st_ino != inode_before  # replaced by rename, not rewritten in place
    assert 'name = "renamed"' in agent_file.read_text()
    assert not doc.dirty
    assert [p.name for p in agent_file.parent.iterdir()] == ["agent.toml"]  # no temp file left


def test_a_file_changed_on_disk_is_not_clobbered(agent_file):
    doc = AgentDocument.load(agent_file)
    doc.set("agent.name", "mine")
    theirs = FULL.replace("front-desk", "theirs")
    agent_file.write_text(theirs)
    assert doc.changed_on_disk()
    with pytest.raises(ExternalChangeError, match="changed on disk"):
        doc.save()
    assert agent_file.read_text() == theirs
    doc.save(force=True)  # the caller decided
    assert 'name = "mine"' in agent_file.read_text()


def test_a_deleted_file_counts_as_changed(agent_file):
    doc = AgentDocument.load(agent_file)
    agent_file.unlink()
    with pytest.raises(ExternalChangeError):
        doc.save()
    assert not agent_file.exists()


def test_saving_twice_tracks_its_own_writes(agent_file):
    doc = AgentDocument.load(agent_file)
    doc.set("agent.name", "one")
    doc.save()
    doc.set("agent.name", "two")
    doc.save()  # its own previous save is not an external change
    assert 'name = "two"' in agent_file.read_text()


def test_reload_picks_up_the_disk_and_keeps_the_document_on_error(agent_file):
    doc = AgentDocument.load(agent_file)
    doc.set("agent.name", "unsaved")
    agent_file.write_text(FULL.replace("front-desk", "from-disk"))
    doc.reload()
    assert doc.get("agent.name") == "from-disk" and not doc.dirty
    agent_file.write_text("agent = [")
    with pytest.raises(Exception, match="not valid TOML"):
        doc.reload()
    assert doc.get("agent.name") == "from-disk"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_an_unwritable_directory_gives_a_clear_error_and_leaves_the_file(agent_file):
    doc = AgentDocument.load(agent_file)
    doc.set("agent.name", "changed")
    os.chmod(agent_file.parent, 0o500)
    try:
        with pytest.raises(SaveError, match="cannot write .*unchanged"):
            doc.save()
    finally:
        os.chmod(agent_file.parent, 0o700)
    assert agent_file.read_text() == FULL
    assert doc.dirty  # the edit is still there to retry


def test_a_failed_rename_leaves_the_file_and_no_temp_file(agent_file, tmp_path):
    # A directory where the file should be makes os.replace fail even for root.
    target = tmp_path / "sub" / "agent.toml"
    target.mkdir(parents=True)
    doc = AgentDocument.from_text(FULL, target)
    doc._disk_bytes = None  # pretend it was loaded from there and is missing
    with pytest.raises(SaveError, match="cannot write"):
        doc.save(force=True)
    assert target.is_dir() and list(target.parent.iterdir()) == [target]


def test_saving_through_a_symlink_updates_its_target(agent_file, tmp_path):
    link = tmp_path / "linked.toml"
    link.symlink_to(agent_file)
    doc = AgentDocument.load(link)
    doc.set("agent.name", "via-link")
    doc.save()
    assert link.is_symlink()
    assert 'name = "via-link"' in agent_file.read_text()
