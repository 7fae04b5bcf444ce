"""Writing the file a command was told to write with `-o`: never over a file it did not
write (unless `--force`), never through a FIFO, a folder or a symlink loop."""

from __future__ import annotations

import sys


def write_output(command: str, path: str, text: str, *, force: bool = False,
                 written_by: str | None = None, can_force: bool = True) -> int:
    """Write `text` to `path`; on failure print one line and return its exit status:
    1 an existing file this command did not write (`written_by`: the mark its output
    opens with), 2 a path it cannot write. 0 when written."""
    from pathlib import Path

    from runtime.config.atomic_write import atomic_write
    from runtime.config.errors import SaveError
    from runtime.files import UnreadableFile, check_output
    from runtime.printable import printable

    try:
        check_output(path, force=force, written_by=written_by)
        atomic_write(Path(path), text.encode("utf-8"))
    except FileExistsError:
        hint = " (--force replaces it)" if can_force else "; give another path"
        print(f"agent-builder {command}: {printable(path)} already exists and was not written "
              f"by this command; not replacing it{hint}", file=sys.stderr)
        return 1
    except (UnreadableFile, SaveError) as exc:
        print(f"agent-builder {command}: {printable(exc)}", file=sys.stderr)
        return 2
    return 0
