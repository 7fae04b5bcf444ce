"""Secret values masked in any text that is printed or logged, in every form they take.

A secret reaches output as it is, but also JSON-escaped (once, or twice when a JSON
body is quoted in a JSON log line), shell-quoted, percent-encoded, written the way a
dotenv file writes it, as a Python repr, or split over several lines; `Redactor`
replaces every one of those with `[secret NAME]` (`[secret]` for a value given without
a name). A value of one to three characters would match ordinary words, so it is replaced only where it stands alone
(not inside a longer word, nor as the end of a contraction like "agent's").

Standard library only: the agent's support library (`runtime/agent/`) uses it inside
the agent process and the command line uses it for what it prints, so both mask alike.

    redact = Redactor({"SHOP_TOKEN": value})
    redact(text)                         # -> text with every form masked
    stream = RedactingWriter(sys.stdout, redact)   # a file object that masks as it writes
"""

from __future__ import annotations

import json
import re
import shlex
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import TextIO

SHORT = 4  # values shorter than this are masked only where they stand alone


def forms(value: str) -> set[str]:
    """The ways `value` can be written out by a program or a log."""
    forms = {value, shlex.quote(value), repr(value)[1:-1], repr(value)}
    escaped = {json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    forms |= escaped
    # JSON inside a JSON string (a request body quoted in a JSON log line): escaped twice.
    forms |= {json.dumps(e, ensure_ascii=ascii)[1:-1] for e in escaped for ascii in (True, False)}
    forms.add(urllib.parse.quote(value, safe=""))
    forms.add(urllib.parse.quote_plus(value, safe=""))
    forms.add(urllib.parse.quote(value))
    forms.add(value.encode("unicode_escape").decode("ascii"))  # Python escapes
    forms.add(repr(value.encode("utf-8"))[2:-1])  # as bytes
    dotenv = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    forms.add(dotenv.replace("\n", "\\n").replace("\r", "\\r"))
    # Printed over several lines (or cut at a NUL), each piece of it is secret too, as
    # written or indented otherwise; not a piece too short to mean anything alone (the
    # `{` line of a JSON key would mask every brace).
    for piece in re.split(r"\r\n|\r|\n|\x00", value):
        if len(piece.strip()) >= SHORT:
            forms.update((piece, piece.strip()))
    return {form for form in forms if form.strip()}


class Redactor:
    """Replaces secret values (in all their forms) with `[secret NAME]`."""

    def __init__(
        self, secrets: Mapping[str, str] | None = None, values: Iterable[str] = ()
    ) -> None:
        """`secrets`: name -> value; `values`: values masked without a name."""
        named = [(name, value) for name, value in (secrets or {}).items() if value]
        named += [("", value) for value in values if value]
        names: dict[str, str] = {}
        owner: dict[str, int] = {}
        for name, value in named:
            for form in forms(value):
                # A form shared by two secrets is named after the longer one.
                if form not in names or len(value) > owner[form]:
                    names[form], owner[form] = name, len(value)
        self._names = names
        self._pattern = _compile(names)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: _marker(self._names[m.group(0)]), text)

    @classmethod
    def joined(cls, *redactors: Redactor) -> Redactor:
        """One redactor masking what each of `redactors` masks."""
        joined = cls()
        for redactor in redactors:
            joined._names.update(redactor._names)
        joined._pattern = _compile(joined._names)
        return joined


def _marker(name: str) -> str:
    return f"[secret {name}]" if name else "[secret]"


def _compile(names: Mapping[str, str]) -> re.Pattern[str] | None:
    """One pattern for every form, longest first, so one pass never masks inside a mask."""
    long = sorted((f for f in names if len(f) >= SHORT), key=len, reverse=True)
    short = sorted((f for f in names if len(f) < SHORT), key=len, reverse=True)
    parts = []
    if long:
        parts.append("|".join(re.escape(f) for f in long))
    if short:
        alone = "|".join(re.escape(f) for f in short)
        # Alone: not inside a word, nor the end of a contraction (the "s" of "agent's").
        parts.append(rf"(?<!\w)(?<!\w')(?:{alone})(?!\w)")
    return re.compile("|".join(parts)) if parts else None


class RedactingWriter:
    """A text stream that masks secrets in what is written to it. Text is held until a
    line ends (or `flush`), so a secret written in pieces is still seen whole."""

    def __init__(self, stream: TextIO, redact: Redactor) -> None:
        self._stream = stream
        self._redact = redact
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        cut = self._pending.rfind("\n") + 1
        if cut:
            self._stream.write(self._redact(self._pending[:cut]))
            self._pending = self._pending[cut:]
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._redact(self._pending))
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
