"""Errors raised while reading, editing and saving the agent file."""

from __future__ import annotations


class ConfigError(Exception):
    """Base class: every message is meant to be shown to a person as it is."""


class ConfigLoadError(ConfigError):
    """The file cannot be read as UTF-8 TOML. Carries where, so editors can point at it."""

    def __init__(self, path: str, message: str, line: int = 0, col: int = 0) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.col = col
        where = f"{path}:{line}:{col}" if line else path
        super().__init__(f"{where}: {message}")


class ConfigUnreadableError(ConfigLoadError):
    """The file itself cannot be read: missing, a folder, a FIFO, no access, too large."""


class ConfigPathError(ConfigError, KeyError):
    """A dotted path that does not lead anywhere the operation can go."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ConfigValueError(ConfigError, ValueError):
    """A value that TOML cannot hold (the document is left as it was)."""


class ExternalChangeError(ConfigError):
    """The file changed on disk since it was loaded or last saved; saving would clobber it."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"{path} changed on disk since it was loaded; reload it, or save with force "
            "to overwrite the other changes"
        )


class SaveError(ConfigError):
    """The file could not be written; the file on disk is unchanged."""


class ConfigInvalidError(ConfigError):
    """The file has validation errors; `problems` lists them all."""

    def __init__(self, path: str, problems: list) -> None:
        self.path = path
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = "\n".join(p.format(path) for p in errors)
        # One problem is one line (it names the file); several are listed under a count.
        super().__init__(lines if len(errors) == 1 else f"{path} has {len(errors)} errors:\n{lines}")


class ConfigShapeError(ConfigError):
    """An edit this file's layout does not allow (the document is left as it was)."""
