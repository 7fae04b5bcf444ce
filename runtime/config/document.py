"""`AgentDocument`: the agent file as an editable TOML document.

Edits splice the text (`toml_edit.TomlEdit`), so comments, blank lines and key order
survive and an unchanged file saves to the same bytes; every edit is checked by reading
the new text back, and one that cannot be made exactly changes nothing. Saving is atomic
and refuses to overwrite a file that changed on disk since it was read, unless the
caller forces it.

Until the first edit, values are the standard library's parse of the text: opening a
file to show or check it (the editor's first frame, `validate`, `generate`) needs none
of what editing keeps.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from runtime.config.errors import ExternalChangeError, SaveError
from runtime.config.paths import MISSING, Path, lookup, parse_path
from runtime.config.textfile import BOM, decode_bytes, parse_toml, read_file, read_text  # noqa: F401 - re-exported

if TYPE_CHECKING:
    from runtime.config.toml_edit import TomlEdit


def parse_text(text: str, source: str = "<text>") -> None:
    """Check that a text can be opened for editing (`ConfigLoadError` with line and
    column when it cannot)."""
    from runtime.config.toml_edit import parse_text as parse_for_editing

    parse_for_editing(text.removeprefix(BOM), source)


def disk_bytes(path: FsPath) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class AgentDocument:
    """An agent file being edited. Paths are dotted strings or parsed tuples."""

    def __init__(self, text: str = "", path: str | os.PathLike[str] | None = None) -> None:
        self.path = FsPath(path) if path is not None else None
        # Some Windows editors start files with a byte-order mark: keep it, but out of TOML.
        self._bom = text.startswith(BOM)
        text = text.removeprefix(BOM)
        self._source = str(path or "<text>")
        self._saved_text = text
        # The bytes last read from or written to the file: a change made outside is any
        # difference from them (None: the file did not exist).
        self._disk_bytes: bytes | None = None
        self._positions: tuple[str, dict[Path, tuple[int, int]]] | None = None
        self._edit: TomlEdit | None = None
        self._unparsed = text  # what the editor starts from when it is first needed
        self._values: dict[str, Any] | None = parse_toml(text, self._source)

    # -- reading and writing files ----------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> AgentDocument:
        data = read_file(path)
        doc = cls(decode_bytes(data, str(path)), path)
        doc._disk_bytes = data
        return doc

    @classmethod
    def from_text(cls, text: str, path: str | os.PathLike[str] | None = None) -> AgentDocument:
        """A document not read from disk (saving it refuses to replace an existing file)."""
        return cls(text, path)

    def reload(self) -> None:
        """Re-read the file, dropping unsaved edits. On error the document is unchanged."""
        fresh = type(self).load(self._require_path())
        self.__dict__.update(fresh.__dict__)

    def restore_text(self, text: str) -> None:
        """Replace the content with `text` (an earlier `text`, for undo), keeping what the
        document knows about its file: saving still notices changes made outside."""
        from runtime.config.toml_edit import TomlEdit

        self._edit = TomlEdit(text.removeprefix(BOM), self._source)
        self._values = None
        self._positions = None

    def changed_on_disk(self) -> bool:
        return disk_bytes(self._require_path()) != self._disk_bytes

    def save(self, force: bool = False) -> None:
        path = self._require_path()
        if not force and self.changed_on_disk():
            raise ExternalChangeError(str(path))
        if self._edit is not None:
            self._edit.check()  # the last line of defence: never write what it does not mean
        data = ((BOM if self._bom else "") + self.text).encode("utf-8")
        from runtime.config.atomic_write import atomic_write  # loaded with the first save

        atomic_write(path, data)
        self._saved_text = self.text
        self._disk_bytes = data

    def _require_path(self) -> FsPath:
        if self.path is None:
            raise SaveError("this document has no file path")
        return self.path

    def load_editor(self) -> None:
        """Read the file's layout for editing now rather than at the first edit (the
        editor calls this right after its first frame, so the first keystroke does not
        wait for it). Raises `ConfigLoadError` if the layout cannot be read."""
        for _ in self.editor_steps():
            pass

    def editor_steps(self) -> Iterator[None]:
        """`load_editor` in small steps, each a moment's work: whoever drives it can do
        other things between two. Raises `ConfigLoadError` as `load_editor` does."""
        yield from self._editor().prepare_steps()

    def _editor(self) -> TomlEdit:
        if self._edit is None:
            from runtime.config.toml_edit import TomlEdit

            self._edit = TomlEdit(self._unparsed, self._source, data=self._values)
            self._values = None  # from now on the editor holds the only truth
        return self._edit

    # -- state ------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self._unparsed if self._edit is None else self._edit.text

    @property
    def dirty(self) -> bool:
        return self.differs_from_saved(self.text)

    def differs_from_saved(self, text: str) -> bool:
        """Whether `text` (this document's `text`, rendered once by a caller that also
        needs it) differs from what was last loaded or saved."""
        return text != self._saved_text

    def to_dict(self) -> dict[str, Any]:
        """The whole document as plain Python values."""
        if self._edit is None:
            return copy.deepcopy(self._values)
        return self._edit.to_dict()

    def line_of(self, path: str | Path) -> tuple[int, int]:
        """(line, column) of a key, or of its nearest ancestor present in the file."""
        from runtime.config.locate import locate_keys, position_of  # only with problems

        text = self.text
        if self._positions is None or self._positions[0] != text:
            self._positions = (text, locate_keys(text))
        return position_of(self._positions[1], parse_path(path))

    # -- values -----------------------------------------------------------------
    def get(self, path: str | Path, default: Any = None) -> Any:
        if self._edit is not None:
            return self._edit.get(path, default)
        node = lookup(self._values, parse_path(path))
        if node is MISSING:
            return default
        # The caller gets its own copy of a table or list.
        return copy.deepcopy(node) if isinstance(node, dict | list) else node

    def has(self, path: str | Path) -> bool:
        if self._edit is not None:
            return self._edit.has(path)
        return lookup(self._values, parse_path(path)) is not MISSING

    def items(self, path: str | Path) -> list[dict[str, Any]]:
        return list(self.get(path, []) or [])

    # -- edits (see toml_edit.TomlEdit for what each keeps) ------------------------
    def set(self, path: str | Path, value: Any) -> None:
        """Set a value, creating missing tables. Defaults stay implicit: setting an
        absent key to its default writes nothing, and changing a key back to its
        default removes it (unless it has a comment of its own); None deletes the key."""
        self._editor().set(path, value)

    def delete(self, path: str | Path) -> None:
        """Remove a key (it falls back to its default) or a list element."""
        self._editor().delete(path)

    def rename_key(self, path: str | Path, new_name: str) -> None:
        """Rename a key where it stands: its value, position and comments stay."""
        self._editor().rename_key(path, new_name)

    def append_item(self, path: str | Path, values: dict[str, Any] | None = None) -> int:
        """Append a table to an array of tables (creating it); returns its index."""
        return self._editor().append_item(path, values)

    def insert_item(self, path: str | Path, index: int, values: dict[str, Any]) -> None:
        self._editor().insert_item(path, index, values)

    def duplicate_item(self, path: str | Path, index: int) -> int:
        """Copy an element right after itself, renaming it so names stay unique."""
        return self._editor().duplicate_item(path, index)

    def move_item(self, path: str | Path, index: int, new_index: int) -> None:
        self._editor().move_item(path, index, new_index)

    def remove_item(self, path: str | Path, index: int) -> None:
        self._editor().remove_item(path, index)
