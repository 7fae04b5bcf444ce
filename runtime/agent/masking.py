"""Secret values masked out of text before the model, a transcript or a log sees it.

A secret can come back in many spellings: an API that echoes the token in a 401 body
(often JSON-escaped, or percent-encoded from a query string), an HTTP client's error
that quotes a header value with a newline in it, or a value split over lines. `mask`
replaces every spelling of every known value. Values shorter than MIN_LENGTH are left
alone: masking "a" would garble every word.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "[secret]"
MIN_LENGTH = 4


def spellings(secret: str) -> set[str]:
    """The forms in which `secret` may appear in text."""
    forms = {
        secret,
        json.dumps(secret)[1:-1],  # JSON string escapes
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        secret.encode("unicode_escape").decode("ascii"),  # Python repr / bytes escapes
        repr(secret.encode("utf-8"))[2:-1],
    }
    # a value with line breaks or NULs may be printed piece by piece
    for separator in ("\r\n", "\n", "\r", "\x00"):
        if separator in secret:
            forms.update(part for part in secret.split(separator))
    return {form for form in forms if len(form.strip()) >= MIN_LENGTH}


def mask(text: str, secrets: Iterable[str]) -> str:
    forms = set()
    for secret in secrets:
        if secret and len(secret) >= MIN_LENGTH:
            forms |= spellings(secret)
    # longest first, so a whole value is masked before any of its pieces
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, MASK)
    return text
