"""`AgentDocument`: the agent file as an editable TOML document.

Edits go key by key through tomlkit (`toml_edit.TomlEdit`), so comments, blank lines and
key order survive and an unchanged file saves to the same bytes. Saving is atomic and
refuses to overwrite a file that changed on disk since it was read, unless the caller
forces it.

Until the first edit, values are read from the standard library's parse of the text:
tomlkit costs several times more to import and to parse, and opening a file to show or
check it (the editor's first frame, `validate`, `generate`) needs none of what it keeps.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from runtime.config.errors import ExternalChangeError, SaveError
from runtime.config.paths import Path, parse_path
from runtime.config.textfile import BOM, decode_bytes, read_file, read_text  # noqa: F401 - re-exported

if TYPE_CHECKING:
    from runtime.config.toml_edit import TomlEdit

_MISSING = object()


def parse_text(text: str, source: str = "<text>"):
    """Parse with tomlkit (raising `ConfigLoadError` with line and column)."""
    from runtime.config.toml_edit import parse_text as tomlkit_parse

    return tomlkit_parse(text, source)


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
        self._unparsed = text  # what the editor parses when it is first needed
        self._values: dict[str, Any] | None = self._read_values(text)

    def _read_values(self, text: str) -> dict[str, Any] | None:
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            # Errors are reported as they always were, by tomlkit (message, line and
            # column); should tomlkit accept what the standard parser refused, edit it.
            self._editor()
            return None

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
        """Parse for editing now rather than on the first edit (the editor calls this
        right after its first frame, so the first keystroke does not wait for it).
        Raises `ConfigLoadError` in the rare case tomlkit refuses what tomllib read."""
        self._editor()

    def _editor(self) -> TomlEdit:
        if self._edit is None:
            from runtime.config.toml_edit import TomlEdit

            self._edit = TomlEdit(self._unparsed, self._source)
            self._values = None  # from now on the tomlkit document is the only truth
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
        node = self._find_value(parse_path(path))
        if node is _MISSING:
            return default
        # Like tomlkit's unwrap: the caller gets its own copy of a table or list.
        return copy.deepcopy(node) if isinstance(node, (dict, list)) else node

    def has(self, path: str | Path) -> bool:
        if self._edit is not None:
            return self._edit.has(path)
        return self._find_value(parse_path(path)) is not _MISSING

    def _find_value(self, path: Path) -> Any:
        node: Any = self._values
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or not 0 <= part < len(node):
                    return _MISSING
            elif not isinstance(node, dict) or part not in node:
                return _MISSING
            node = node[part]
        return node

    def items(self, path: str | Path) -> list[dict[str, Any]]:
        return list(self.get(path, []) or [])

    # -- edits (through tomlkit; see toml_edit.TomlEdit for what each keeps) -------
    def set(self, path: str | Path, value: Any) -> None:
        """Set a value, creating missing tables. Setting an absent key to its default
        writes nothing (defaults stay implicit); setting None deletes the key."""
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
