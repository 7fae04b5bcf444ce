"""Unsaved edits survive what the editor did not plan for: a recovery copy beside the file.

When something fails unexpectedly (or the terminal goes away: an SSH link dropped), the
document's text is written to `.NAME.recovered` next to the agent file, private to its
owner. Opening the file again offers it back. The copy never holds a secret's value: the
agent file itself never does, and should one have been typed or pasted into a field, it
is written as the `{{secrets.NAME}}` reference instead.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def recovery_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.recovered")


def write_recovery(path: Path, text: str) -> Path:
    """Write `text` (secret values replaced by their references) as `path`'s recovery
    copy, mode 600. Raises SaveError when it cannot be written."""
    from runtime.config.atomic_write import atomic_write

    target = recovery_path(path)
    atomic_write(target, _without_secret_values(path, text).encode("utf-8"), mode=0o600)
    return target


def read_recovery(path: Path) -> tuple[str, datetime] | None:
    """The recovery copy's text and when it was written, or None."""
    target = recovery_path(path)
    try:
        return target.read_text(encoding="utf-8"), datetime.fromtimestamp(target.stat().st_mtime)
    except (OSError, UnicodeDecodeError):
        return None


def discard_recovery(path: Path) -> None:
    recovery_path(path).unlink(missing_ok=True)


def _without_secret_values(path: Path, text: str) -> str:
    try:
        from runtime.config import variables
        from runtime.secrets import SecretsStore

        store = SecretsStore.beside(path)
        known = dict(store.values())
        # Values from the environment too, for the names the text references.
        referenced = variables.secret_names({"text": text})
        known.update(store.resolve(referenced))
    except Exception:  # noqa: BLE001 - an unreadable secrets file: nothing to hide then
        return text
    # Longest first, so a value containing another is replaced whole.
    for name, value in sorted(known.items(), key=lambda item: -len(item[1] or "")):
        if value and len(value) >= 4:
            text = text.replace(value, f"{{{{secrets.{name}}}}}")
    return text
