"""Where text goes in a TOML file, and what goes with it, the way a careful person edits.

Comments belong to what they describe:
- a comment after a statement or header on the same line belongs to it;
- comment lines right above a statement or header (no blank line between) belong to it,
  except the comments that open the file above its first key, which belong to the file
  (a file that opens with a table gives the comments above it to that table), and a
  `#:schema` directive among them, which is always the file's;
- a comment paragraph between the code of one table (or array element with its
  sub-tables) belongs to that table; one after a table's last line, set apart by a blank
  line, belongs to nobody and stays where it is.

Tables are separated by one blank line, except the sub-tables of an array element
(`[[tools.http.parameters]]`), which follow their element directly. Removing something
leaves the blank lines that separated its neighbours, never two separations in a row.
"""

from __future__ import annotations

from runtime.config.toml_syntax import Line, Path, Syntax


def lead(lines: list[Line], index: int) -> int:
    """The first line of what line `index` owns above it (its comment lines)."""
    first = index
    while first > 0 and lines[first - 1].kind == "comment" and not lines[first - 1].directive:
        first -= 1
    if first == 0 and first != index and lines[index].kind == "stmt":
        return index  # the file's opening comments, above its first key, are the file's
    return first


def attached_end(lines: list[Line], first: int, stop: int) -> int:
    """Index after the last line of `first..stop` that is code, or a comment directly
    below code: where a table's own text ends."""
    end = first
    for index in range(first, stop):
        line = lines[index]
        if line.is_code or (line.kind == "comment" and index == end and index > first):
            end = index + 1
    return end


def next_header(lines: list[Line], index: int) -> int:
    index += 1
    while index < len(lines) and lines[index].kind != "header":
        index += 1
    return index


def table_runs(syntax: Syntax, path: Path) -> list[tuple[int, int]]:
    """Line ranges of the headers defining `path` or tables inside it: each run of such
    tables written one after the other, from the first one's comments to the last one's
    last line."""
    lines = syntax.lines
    size = len(path)
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.kind == "header" and line.path[:size] == path:
            start = lead(lines, index)
            stop = next_header(lines, index)
            while stop < len(lines) and lines[stop].path[:size] == path:
                stop = next_header(lines, stop)
            runs.append((start, attached_end(lines, index, _lead_or_end(lines, stop))))
            index = stop
        else:
            index += 1
    return runs


def _lead_or_end(lines: list[Line], index: int) -> int:
    return lead(lines, index) if index < len(lines) else index


def statement_range(lines: list[Line], index: int) -> tuple[int, int]:
    return lead(lines, index), index + 1


def merge(lines: list[Line], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges in order, joined where only blank lines stand between them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and all(line.kind == "blank" for line in lines[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def delete_lines(syntax: Syntax, ranges: list[tuple[int, int]]) -> str:
    """The text without the lines of `ranges`, keeping one separation where two meet."""
    text, lines = syntax.text, syntax.lines
    pieces: list[str] = []
    cursor = 0
    for start, end in merge(lines, ranges):
        before = _blanks_before(lines, start)
        after = _blanks_after(lines, end)
        cut_from, cut_to = lines[start].start, lines[end - 1].end
        if start - before > 0 and end + after < len(lines):
            # Between two pieces of content: keep the wider of the two separations.
            drop = min(before, after)
            if drop:
                cut_to = lines[end + drop - 1].end
        elif start - before > 0:
            # The end of the file: no blank lines left dangling after the content.
            cut_from, cut_to = lines[start - before].start, len(text)
        elif after:
            cut_to = lines[end + after - 1].end  # the start of the file
        pieces.append(text[cursor : max(cut_from, cursor)])
        cursor = max(cut_to, cursor)
    pieces.append(text[cursor:])
    return "".join(pieces)


def _ends_line(text: str, offset: int) -> bool:
    return offset > 0 and text[offset - 1] == "\n"


def _blanks_before(lines: list[Line], index: int) -> int:
    count = 0
    while index - count - 1 >= 0 and lines[index - count - 1].kind == "blank":
        count += 1
    return count


def _blanks_after(lines: list[Line], index: int) -> int:
    count = 0
    while index + count < len(lines) and lines[index + count].kind == "blank":
        count += 1
    return count


def insert_after(
    syntax: Syntax, end: int, chunk: str, newline: str, separated: bool
) -> tuple[int, int, str]:
    """The edit (offset, offset, text) inserting `chunk` (whole lines) after line
    `end - 1`: set apart by a blank line when `separated`, also from what follows when
    that is code."""
    text, lines = syntax.text, syntax.lines
    offset = lines[end - 1].end if end > 0 else 0
    prefix = ""
    if offset and not text[:offset].endswith("\n"):
        prefix = newline  # the last line had no line break
    if separated and end > 0:
        prefix += newline
    suffix = ""
    if separated and end < len(lines) and lines[end].kind != "blank":
        suffix = newline
    return offset, offset, prefix + chunk + suffix


def insert_before(
    syntax: Syntax, index: int, chunk: str, newline: str, separated: bool
) -> tuple[int, int, str]:
    """The edit inserting `chunk` right before line `index` (the first line of something
    the chunk should precede)."""
    lines = syntax.lines
    offset = lines[index].start
    prefix = ""
    if separated and index > 0 and lines[index - 1].kind != "blank":
        prefix = newline
    return offset, offset, prefix + chunk + (newline if separated else "")


def is_attached(table: Path) -> bool:
    """Sub-tables of an array element follow it without a blank line."""
    return any(isinstance(part, int) for part in table[:-1]) if table else False


def comment_pad(syntax: Syntax, line: Line, old_length: int, new_length: int) -> tuple[int, int, str] | None:
    """Keep a statement's comment in its column when its value changes length: the
    (start, end, spaces) that replace the spaces before the comment, or None."""
    if line.comment is None:
        return None
    text = syntax.text
    gap_start, gap_end = line.content_end, line.comment[0]
    gap = text[gap_start:gap_end]
    if "\n" in text[line.start : gap_end] or gap.strip(" ") or len(gap) < 3:
        return None  # multi-line, tabs, or a comment just after its code (it stays so)
    width = max(1, len(gap) - (new_length - old_length))
    return gap_start, gap_end, " " * width
