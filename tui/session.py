"""The open agent file as the app sees it: load state, values with defaults, validation.

A thin layer over the foundation's `AgentDocument`; everything about TOML, saving and
the file on disk is done there. This adds what only an editor needs: "missing" and
"invalid" as states rather than exceptions, undo snapshots and lookups for the forms.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Any

from runtime.config.declarations import spec_for_path
from runtime.config.document import AgentDocument, disk_bytes
from runtime.config.errors import ConfigLoadError, ExternalChangeError
from runtime.config.paths import format_path, parse_path
from tui import collector
from tui.layout_reading import LayoutReading, ReadingGate

_NOTHING_DECLINED = object()
READING_WAIT_S = 30.0  # a check waits no longer than this for the layout reading
# From this size of file on (about a hundred tools), checks beside the loop go to a process
# of their own (tui.check_process).
PROCESS_FROM_CHARS = 20_000


class OpenResult(enum.Enum):
    OPEN = "open"
    MISSING = "missing"
    INVALID = "invalid"


class DocumentSession:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.document: AgentDocument | None = None
        self.load_error: ConfigLoadError | None = None
        # The outside version of the file the user chose to overwrite (its bytes, None if
        # it was deleted), while that choice stands.
        self._declined_disk: bytes | None | object = _NOTHING_DECLINED
        self._dirty: bool | None = None  # None: not known, compute it
        # The text both this editor and the file last agreed on (read, saved or merged):
        # the base of a three-way merge with an outside change.
        self.base_text = ""
        # Counts changes to the document: work done off the event loop is kept only if the
        # count is the same when it is done.
        self.generation = 0
        # Reading the layout for editing runs in slices (a big file takes a tenth of a
        # second or more); edits typed meanwhile are held, by field, as "decide and return
        # the change" calls, and anything that needs the document's text first calls
        # `settle` (the app's: it finishes the reading and applies them).
        self._loading: LayoutReading | None = None
        self._reading_gate = ReadingGate()  # a big file's first check waits for it
        self.held: dict[str, Callable[[], Callable | None]] = {}
        self.settle: Callable[[], None] = lambda: None
        self._check_process = None  # made (and started) by the first check of a big file

    # ---- lifecycle -------------------------------------------------------------------

    def open(self) -> OpenResult:
        self._forget_loading()
        if self.document is not None:
            collector.document_replaced()
        self.generation += 1
        if not self.path.exists():
            return OpenResult.MISSING
        try:
            self.document = AgentDocument.load(self.path)
        except ConfigLoadError as error:
            # Nothing of the old document may stay in use: the forms are for a file that
            # is no longer there.
            self.document, self.load_error = None, error
            return OpenResult.INVALID
        self.load_error = None
        self._declined_disk = _NOTHING_DECLINED
        self._dirty = None
        self.base_text = self.document.text
        return OpenResult.OPEN

    def prepare_editing(self) -> OpenResult:
        """Load the round-trip parser for the open file (reading it did not need it):
        INVALID in the rare case it refuses a file the standard parser accepted."""
        try:
            self.document.load_editor()
        except ConfigLoadError as error:
            self.document, self.load_error = None, error
            return OpenResult.INVALID
        return OpenResult.OPEN

    def prepare_editing_in_background(self, when_ready: Callable[[], None]) -> None:
        """Read the file's layout for editing on the event loop, a slice at a time between
        everything else the loop does (see layout_reading.py), then call `when_ready`.
        Until `finish_preparing`, edits queue up (`editing_ready` is False)."""
        reading = self._loading = LayoutReading(self.document.editor_steps())
        self._reading_gate.busy()

        def done() -> None:
            self._reading_gate.idle()
            when_ready()

        reading.start(done)

    @property
    def editing_ready(self) -> bool:
        return self._loading is None

    def finish_preparing(self) -> OpenResult:
        """Finish reading the layout at once (nothing is left when `when_ready` was
        called): OPEN, or INVALID when it could not be read (held edits are then
        dropped)."""
        reading, self._loading = self._loading, None
        error = reading.finish() if reading is not None else None
        self._reading_gate.idle()
        if error is not None and self.document is not None:
            self.document, self.load_error = None, error
            self.held.clear()
            return OpenResult.INVALID
        if self.document is None:
            return OpenResult.INVALID
        if reading is not None:
            collector.keep_document()
        return OpenResult.OPEN

    def _forget_loading(self) -> None:
        # Another file (or the same one re-read) replaces the document being loaded.
        if self._loading is not None:
            self._loading.drop()
            self._loading = None
        self._reading_gate.idle()
        self.held.clear()

    def reload(self) -> OpenResult:
        return self.open()

    def create_from_starter(self) -> None:
        from runtime.config.starter import write_starter

        write_starter(self.path)

    def save(self) -> str:
        """Save; "external-change" when the file changed on disk in a way the user has
        not yet been asked about (an outside change they chose to overwrite is)."""
        self.settle()
        try:
            self.document.save(force=self._overrule_disk())
        except ExternalChangeError:
            return "external-change"
        self._declined_disk = _NOTHING_DECLINED
        self._dirty = None
        self.base_text = self.document.text
        return "saved"

    def changed_on_disk(self) -> bool:
        """True for an outside change the user has not been asked about yet."""
        if self.document is None or not self.document.changed_on_disk():
            return False
        return not self._overrule_disk()

    def disk_text(self) -> str | None:
        """The file's text now (None: deleted or not text)."""
        data = disk_bytes(self.path)
        if data is None:
            return None
        from runtime.config.document import decode_bytes
        from runtime.config.errors import ConfigLoadError

        try:
            return decode_bytes(data, str(self.path)).removeprefix("\ufeff")
        except ConfigLoadError:
            return None

    def merged_with_disk(self, text: str, theirs: str) -> None:
        """The document now holds `text`, the merge of its edits with the file's `theirs`:
        the file's version is the new base, and the next save writes over it."""
        self.document.restore_text(text)
        self.base_text = theirs
        self.keep_local_version()
        self._dirty = None

    def keep_local_version(self) -> None:
        """The user chose their edits over the current file on disk: the next save wins."""
        self._declined_disk = disk_bytes(self.path)

    def _overrule_disk(self) -> bool:
        return self._declined_disk is not _NOTHING_DECLINED and self._declined_disk == disk_bytes(self.path)

    @property
    def dirty(self) -> bool:
        """Unsaved edits? Cached: comparing the whole text on every keystroke is too slow
        for big files, so an edit marks it and `recheck_dirty` (after typing) is exact."""
        if self._dirty is None:
            self.recheck_dirty()
        return self._dirty

    def mark_edited(self) -> None:
        self._dirty = True
        self.generation += 1

    def recheck_dirty(self, text: str | None = None) -> None:
        """Compare with the file as saved; `text` is the document's text when the caller
        has rendered it already (rendering a large file is the costly part)."""
        if self.document is None:
            self._dirty = False
            return
        if text is None:
            self.settle()
            text = self.document.text
        # A deleted file counts as unsaved: quitting would lose the agent.
        self._dirty = self.document.differs_from_saved(text) or not self.path.exists()

    # ---- undo --------------------------------------------------------------------------

    def snapshot(self) -> str:
        self.settle()
        return self.document.text

    def restore(self, text: str) -> None:
        """Put back an earlier text, keeping what the document knows about the disk."""
        self.settle()
        collector.document_replaced()
        self.document.restore_text(text)
        self._dirty = None
        self.generation += 1

    # ---- lookups for the forms ---------------------------------------------------------

    def value(self, path: tuple, spec) -> Any:
        """The value shown for `path`: the file's, else the declared default."""
        value = self.document.get(path, None)
        if value is None and spec is not None and spec.has_default:
            return spec.default
        return value

    def validate(self) -> list:
        """Problems of the document as it is now. Settles the unsaved marker too, from the
        same rendering of the file: on a large file rendering costs more than checking."""
        self.settle()
        text, problems = self.check()
        self.recheck_dirty(text)
        return problems

    def check(self, beside: bool = False) -> tuple[str, list]:
        """(text, problems) of the document as it is now, changing nothing: safe to run in
        a thread, the result being good only if `generation` did not move meanwhile (an
        edit during it may even make it fail). `beside`: called beside the event loop,
        where a big file is checked in a process of its own (see check_process.py)."""
        from runtime.config.validate import validate

        text = self.document.text
        problems = None
        if beside and len(text) >= PROCESS_FROM_CHARS:
            # Starting the checking process (an interpreter, its imports) takes a core for
            # a third of a second: not while the file is read for editing beside the first
            # keys, which would wait for the core.
            self._reading_gate.wait(READING_WAIT_S)
            problems = self._checker.check(text)
        return text, validate(text) if problems is None else problems

    @property
    def _checker(self):
        if self._check_process is None:
            from tui.check_process import CheckProcess  # only big files need it

            self._check_process = CheckProcess()
        return self._check_process

    def close(self) -> None:
        """The app is done with the file: end what works for it in the background."""
        if self._check_process is not None:
            self._check_process.close()

    def describe(self, config_path: str | None) -> str:
        """Where a path is, in words: "Agent name (Agent tab)", "Description of lookup_order
        (Actions tab)"."""
        if not config_path:
            return "the whole file"
        from tui.editor import tab_title_for

        parts = parse_path(config_path)
        spec = spec_for_path(parts)
        what = spec.title if spec is not None else config_path
        # The nearest list entry's name says which tool or field it was.
        for depth in range(len(parts) - 1, 0, -1):
            if isinstance(parts[depth], int):
                entry = self.document.get(parts[: depth + 1], None) if self.document else None
                if isinstance(entry, dict) and entry.get("name") and depth + 1 < len(parts):
                    what = f"{what} of {entry['name']}"
                break
        return f"{what} ({tab_title_for(config_path)} tab)"

    def spec_for(self, parts: tuple) -> Any:
        """The declaration of a key of this file (None: not one of its keys)."""
        return spec_for_path(parts)

    def help_for(self, config_path: str) -> str:
        spec = self.spec_for(parse_path(config_path))
        if spec is None:
            return f"## {config_path}\n\nNot a key of {self.path.name}."
        lines = [f"## {spec.title}", "", f"`{config_path}`", "", spec.description, ""]
        if spec.enum:
            lines.append("One of: " + ", ".join(f"`{v}`" for v in spec.enum))
        if spec.has_default:
            lines.append(f"Default: `{spec.default!r}`")
        if spec.required:
            lines.append("Required.")
        if spec.pattern_hint:
            lines.append(f"Format: {spec.pattern_hint}.")
        if spec.variables:
            names = ", ".join(f"`{{{{{ns}.…}}}}`" for ns in sorted(spec.variables))
            lines.append(f"May use {names} (type `{{{{` to pick one).")
        return "\n\n".join(line for line in lines if line is not None)

    # The model catalogue and the variables scanner load with the first form that needs
    # them: the first tab on screen has no model ids and lists no secrets.
    def suggestions(self, spec) -> list[str]:
        if not spec.suggest:
            return []
        from runtime.config import catalog

        return catalog.suggestions(spec.suggest)

    def browse_choices(self, spec, path: tuple) -> list[tuple[str, str]]:
        """(value, label) of what the field's picker lists: model ids, languages, or the
        known voices of the TTS model chosen beside it."""
        from runtime.config import catalog

        if spec.suggest == "voice":
            model = self.document.get((*path[:-1], "tts"), None) or self.default_of(path[:-1], "tts")
            return [(v["id"], (f"{v['name']:<11} {v['language']:<6} {v['gender']:<7} "
                              f"{v['description']}"))
                    for v in catalog.voices_for(model)]
        return [(value, value) for value in catalog.suggestions(spec.suggest)]

    def note_for(self, spec, path: tuple, value) -> str | None:
        """A line about the value shown under its field: which known voice an id is."""
        if spec.suggest != "voice" or not value:
            return None
        from runtime.config import catalog

        model = self.document.get((*path[:-1], "tts"), None) or self.default_of(path[:-1], "tts")
        return catalog.describe_voice(model, str(value))

    def default_of(self, table: tuple, key: str):
        """The declared default of `key` in the table at `table` (None: it has none)."""
        spec = spec_for_path((*table, key))
        return spec.default if spec is not None and spec.has_default else None

    def enum_choices(self, spec, path: tuple) -> tuple[str, ...]:
        """The values to offer: a thinking effort lists only what the chosen model takes."""
        if spec.key == "thinking_effort":
            from runtime.config import catalog

            model = self.document.get((*path[:-1], "llm"), None) or self.default_llm(path[:-1])
            return (catalog.thinking_efforts(model) if model else ()) or spec.enum
        return spec.enum

    def blank_choice(self, spec, path: tuple) -> str:
        """What a choice left out of the file is shown as."""
        if spec.key == "thinking_effort":
            model = self.document.get((*path[:-1], "llm"), None) or self.default_llm(path[:-1])
            if self.is_reasoning_model(model):
                return "(the model's default)"
        return spec.placeholder or "(not set)"

    def is_reasoning_model(self, model: str | None) -> bool:
        from runtime.config import catalog

        return bool(model) and catalog.is_reasoning_model(model)

    def default_llm(self, table: tuple) -> str | None:
        return self.default_of(table, "llm")

    def variables_for(self, spec) -> list[tuple[str, str]]:
        """(name, description) of the variables `spec`'s value may use, for the picker."""
        found = []
        if "metadata" in spec.variables:
            metadata = self.document.get("metadata", {}) or {}
            found += [
                (f"metadata.{name}", str((entry or {}).get("description", "")))
                for name, entry in metadata.items()
            ]
        if "secrets" in spec.variables:
            found += [
                (f"secrets.{status.name}", "set" if status.is_set else "not set locally")
                for status in self.secret_statuses()
            ]
        return found

    def undeclared_variables(self) -> list[tuple[str, str]]:
        """(name, where it is used) of every metadata variable the file reads but does
        not declare under [metadata] (what the warnings name)."""
        from runtime.config import variables

        data = self.document.to_dict()
        declared = set((data.get("metadata") or {}).keys()) if isinstance(
            data.get("metadata"), dict) else set()
        uses: dict[str, list[str]] = {}
        for path, var in variables.variables_in(data):
            if var.namespace == "metadata" and var.root not in declared:
                uses.setdefault(var.root, []).append(format_path(path))
        return [(name, ", ".join(dict.fromkeys(where))) for name, where in sorted(uses.items())]

    def secret_statuses(self) -> list:
        from runtime.config import variables
        from runtime.secrets import SecretsStore

        referenced = variables.secret_names(self.document.to_dict())
        return SecretsStore.beside(self.path).statuses(referenced=referenced)

    def secret_rows(self) -> list[tuple[str, str, str]]:
        """(name, where it is used, status) of every secret; never the value."""
        from runtime.config import variables

        uses: dict[str, list[str]] = {}
        for path, var in variables.variables_in(self.document.to_dict()):
            if var.namespace == "secrets":
                uses.setdefault(var.name, []).append(format_path(path))
        rows = []
        for status in self.secret_statuses():
            if status.is_set:
                state = f"set ({'environment' if status.source == 'environment' else 'secrets file'})"
            else:
                state = "MISSING"
            rows.append((status.name, ", ".join(uses.get(status.name, [])) or "(not used)", state))
        return rows
