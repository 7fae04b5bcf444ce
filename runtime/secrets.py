"""The local secrets store: a dotenv file beside the agent config (`.env.local` by default).

Secret values never live in `agent.toml`. Locally they come from this file and, for names
it lacks, from the environment (so CI can provide them without a file). The file is
private (mode 600), kept out of git, and edited line by line so comments survive.

    store = SecretsStore.beside("agent.toml")
    store.set("SHOP_TOKEN", value)           # creates the file, mode 600, git-ignored
    for status in store.statuses(referenced={"SHOP_TOKEN"}):
        print(status.name, status.source, status.masked)
    store.missing({"SHOP_TOKEN", "HOOK_KEY"})   # -> ["HOOK_KEY"]

Nothing here ever returns a full value for display: use `mask()`.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from runtime.dotenv_file import DotenvError, DotenvFile, DotenvProblem, check_name

DEFAULT_SECRETS_FILENAME = ".env.local"

# Where a secret's value comes from.
SOURCE_FILE = "file"
SOURCE_ENVIRONMENT = "environment"

__all__ = [
    "DEFAULT_SECRETS_FILENAME",
    "SOURCE_ENVIRONMENT",
    "SOURCE_FILE",
    "DotenvError",
    "SecretStatus",
    "SecretsStore",
    "check_name",
    "ensure_gitignored",
    "known_secrets",
    "mask",
    "referenced_secrets",
    "secrets_path_for",
]


def secrets_path_for(config_path: str | os.PathLike[str], filename: str | None = None) -> Path:
    """The secrets file that belongs to a config: beside it, `.env.local` unless told."""
    from runtime.files import folder_of

    return folder_of(config_path) / (filename or DEFAULT_SECRETS_FILENAME)


def referenced_secrets(config_path: str | os.PathLike[str]) -> list[str]:
    """Names the config uses as `{{secrets.NAME}}`, sorted. Works on a file with errors
    elsewhere, so the secrets view stays useful while the config is being edited.
    Raises runtime.config's ConfigLoadError when the file is not readable TOML."""
    from runtime.config.document import AgentDocument
    from runtime.config.variables import secret_names

    return secret_names(AgentDocument.load(config_path).to_dict())


def known_secrets(
    config_path: str | os.PathLike[str] | None,
    secrets_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every secret value a command could come across, to mask in what it prints: the
    secrets file's, and from the environment those the agent file uses and LiveKit's
    credentials. Files that cannot be read give nothing (the command says why)."""
    import re

    from runtime.files import read_text

    environ = os.environ if environ is None else environ
    found: dict[str, str] = {}
    paths = [Path(secrets_file)] if secrets_file else []
    if config_path is not None:
        paths.append(secrets_path_for(config_path))
    for path in paths:
        try:
            found.update(DotenvFile.load(path).as_dict())
        except (OSError, DotenvError):
            pass
    names = {"LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", *found}
    if config_path is not None:
        try:
            names.update(re.findall(r"\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)", read_text(config_path)))
        except OSError:
            pass
    for name in names:
        if environ.get(name):
            found.setdefault(name, environ[name])
    # The project URL is an address, not a secret: commands print it on purpose.
    return {name: value for name, value in found.items() if value and name != "LIVEKIT_URL"}


def mask(value: str | None) -> str:
    """A hint that tells two secrets apart without revealing them: `sk-…9f`."""
    if value is None:
        return ""
    if value == "":
        return "(empty)"
    hint = f"{value[:3]}…{value[-2:]}"
    if len(value) < 16 or not hint.isprintable():
        return "•••"  # too short to show any of it safely, or ends in terminal controls
    return hint


@dataclass(frozen=True)
class SecretStatus:
    name: str
    source: str | None  # SOURCE_FILE, SOURCE_ENVIRONMENT, or None when it has no value
    masked: str  # mask() of the value; "" when missing
    referenced: bool  # the config uses it as {{secrets.NAME}}

    @property
    def is_set(self) -> bool:
        return self.source is not None


class SecretsStore:
    """One dotenv file of secrets. Every call re-reads the file: it is the source of truth."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @classmethod
    def beside(cls, config_path: str | os.PathLike[str], filename: str | None = None) -> SecretsStore:
        return cls(secrets_path_for(config_path, filename))

    def read(self) -> DotenvFile:
        return DotenvFile.load(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def problems(self) -> list[DotenvProblem]:
        """Lines of the file that are not NAME=value (they are kept, and reported here)."""
        return self.read().problems

    def values(self) -> dict[str, str]:
        return self.read().as_dict()

    def names(self) -> list[str]:
        return self.read().names()

    def get(self, name: str) -> str | None:
        return self.read().get(name)

    def set(self, name: str, value: str) -> None:
        """Store a value (raises DotenvError on a bad name); the file stays mode 600 and git-ignored."""
        file = self.read()
        file.set(name, value)
        file.save()
        ensure_gitignored(self.path)

    def unset(self, name: str) -> bool:
        """Remove a name; False when it was not in the file (the file is then left alone)."""
        file = self.read()
        if not file.unset(name):
            return False
        file.save()
        return True

    def resolve(
        self, names: Iterable[str], environ: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        """The non-empty values of `names`, from the file first, then the environment.

        An empty value counts as unset: `lk` refuses empty secrets, and an empty header
        token is never what was meant.
        """
        environ = os.environ if environ is None else environ
        stored = self.values()
        found: dict[str, str] = {}
        for name in names:
            value = stored.get(name) or environ.get(name)
            if value:
                found[name] = value
        return found

    def missing(
        self, referenced: Iterable[str], environ: Mapping[str, str] | None = None
    ) -> list[str]:
        """Referenced names with no value in the file or the environment, sorted."""
        referenced = set(referenced)
        return sorted(referenced - set(self.resolve(referenced, environ)))

    def statuses(
        self, referenced: Iterable[str] = (), environ: Mapping[str, str] | None = None
    ) -> list[SecretStatus]:
        """Every name in the file or referenced by the config: file order, then the rest sorted."""
        environ = os.environ if environ is None else environ
        referenced = set(referenced)
        stored = self.values()
        names = list(stored) + sorted(referenced - set(stored))
        result = []
        for name in names:
            if name in stored:
                source, value = SOURCE_FILE, stored[name]
            elif name in environ:
                source, value = SOURCE_ENVIRONMENT, environ[name]
            else:
                source, value = None, None
            result.append(SecretStatus(name, source, mask(value), name in referenced))
        return result


def ensure_gitignored(path: Path) -> bool:
    """Make sure git will not pick up the secrets file. True when a .gitignore was changed.

    Acts when a .gitignore sits beside the file or the folder is inside a git work tree;
    elsewhere there is nothing to protect against and no file is created.
    """
    folder = path.parent
    gitignore = folder / ".gitignore"
    if not gitignore.exists() and not _inside_git_work_tree(folder):
        return False
    from runtime.files import read_text

    try:
        existing = read_text(gitignore)
    except FileNotFoundError:
        existing = ""
    # The .gitignore beside it answers most often and costs no process; git knows the rest.
    if _ignores(existing, path.name) or _git_ignores(path):
        return False
    separator = "" if existing == "" or existing.endswith("\n") else "\n"
    with gitignore.open("a", encoding="utf-8") as handle:
        handle.write(f"{separator}# local secrets (agent-builder)\n/{path.name}\n")
    return True


def _ignores(gitignore_text: str, filename: str) -> bool:
    ignored = False
    for raw in gitignore_text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line[1:] if negated else line
        pattern = pattern.lstrip("/").rstrip("/")
        if fnmatch.fnmatchcase(filename, pattern):
            ignored = not negated  # later lines win, as in git
    return ignored


def _git_ignores(path: Path) -> bool | None:
    """git's own answer (every .gitignore up the tree, global excludes), or None when
    git cannot say (not installed, not a work tree)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(path.parent), "check-ignore", "-q", "--no-index", path.name],
            capture_output=True, check=False, timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return {0: True, 1: False}.get(done.returncode)


def _inside_git_work_tree(folder: Path) -> bool:
    folder = folder.resolve()
    return any((candidate / ".git").exists() for candidate in (folder, *folder.parents))
