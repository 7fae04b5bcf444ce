"""Three-way merge of the agent file: the edits made here and those made outside, both
against the text they started from.

Line by line, as version control merges: each side's changes are found against the base
(the text as last read or saved), and changes to different lines are both kept, with their
comments and layout. Changes that touch the same lines differently clash; so does a merge
whose result is not valid TOML. In an agent file a line is, nearly always, one key.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    start: int  # lines [start, end) of the base are replaced by `lines`
    end: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Clash:
    base_line: int  # 1-based line of the base where both sides changed the text
    ours: tuple[str, ...]
    theirs: tuple[str, ...]

    def describe(self) -> str:
        mine = "".join(self.ours).strip() or "(removed)"
        other = "".join(self.theirs).strip() or "(removed)"
        return f"line {self.base_line}: here {mine!r}, on disk {other!r}"


@dataclass
class Merge:
    text: str | None  # None when the sides clash
    clashes: list[Clash] = field(default_factory=list)
    problem: str = ""  # why there is no text, in a sentence


def changes(base: list[str], other: list[str]) -> list[Change]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            # Lines replaced one for one are changes of their own: two keys edited next to
            # each other, one of them also edited on the other side, still merge.
            found += [Change(i1 + k, i1 + k + 1, (other[j1 + k],))
                      for k in range(i2 - i1) if base[i1 + k] != other[j1 + k]]
        else:
            found.append(Change(i1, i2, tuple(other[j1:j2])))
    return found


def _overlap(a: Change, b: Change) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at the same place
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def merge(base: str, ours: str, theirs: str) -> Merge:
    base_lines = base.splitlines(keepends=True)
    mine = changes(base_lines, ours.splitlines(keepends=True))
    other = changes(base_lines, theirs.splitlines(keepends=True))
    clashes = [
        Clash(a.start + 1, a.lines, b.lines)
        for a in mine for b in other
        if _overlap(a, b) and (a.start, a.end, a.lines) != (b.start, b.end, b.lines)
    ]
    if clashes:
        return Merge(None, clashes, "both sides changed the same lines")
    # The same change made on both sides is taken once.
    picked = {(c.start, c.end, c.lines): c for c in [*mine, *other]}
    result: list[str] = []
    position = 0
    # Insertions before replacements starting at the same line.
    for change in sorted(picked.values(), key=lambda c: (c.start, c.end != c.start, c.end)):
        result.extend(base_lines[position:change.start])
        result.extend(change.lines)
        position = max(position, change.end)
    result.extend(base_lines[position:])
    text = "".join(result)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Merge(None, [], f"the merged text is not valid TOML ({error})")
    return Merge(text)


def outside_diff(base: str, theirs: str, name: str) -> str:
    """The change made outside, as a unified diff."""
    return "".join(difflib.unified_diff(
        base.splitlines(keepends=True), theirs.splitlines(keepends=True),
        fromfile=f"{name} (as read)", tofile=f"{name} (on disk now)", n=1))
