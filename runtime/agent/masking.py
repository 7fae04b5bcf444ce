"""Secret values masked out of text before the model, a transcript or a log sees it.

A secret can come back in many spellings: an API that echoes the token in a 401 body
(often JSON-escaped, or percent-encoded from a query string), an HTTP client's error
that quotes a header value with a newline in it, or a value split over lines. `mask`
replaces every spelling of every known value with `[secret]`; the spellings are the
redactor's (`redact.py`), which the command line masks its own output with too.
"""

from __future__ import annotations

from collections.abc import Iterable

from .redact import Redactor

MASK = "[secret]"


def mask(text: str, secrets: Iterable[str]) -> str:
    return Redactor(values=secrets)(text)
