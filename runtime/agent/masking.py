"""Secret values masked out of text before the model, a transcript or a log sees it.

A secret can come back in many spellings: an API that echoes the token in a 401 body
(often JSON-escaped, or percent-encoded from a query string), an HTTP client's error
that quotes a header value with a newline in it, or a value split over lines. `mask`
replaces every spelling of every known value. Values shorter than MIN_LENGTH are left
alone: masking "a" would garble every word.

Tool results and errors are masked by the tools themselves, with the secrets of their
call. Log records are masked as they are made, for every logger of the process
(`mask_logs_of`), so a library's debug line that quotes a request or a response never
carries a secret the agent sent.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any
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


# Every secret value this process has rendered (for a header): log records of any
# logger (the SDK's, an HTTP or MCP client's debug output) are masked against them.
_rendered: set[str] = set()
_factory_installed = False


def mask_logs_of(secret: str) -> None:
    """From now on, no log record of this process carries `secret` in any spelling."""
    global _factory_installed
    if not secret or len(secret) < MIN_LENGTH or secret in _rendered:
        return
    _rendered.add(secret)
    if not _factory_installed:
        _factory_installed = True
        logging.setLogRecordFactory(_masking_factory(logging.getLogRecordFactory()))


def _masking_factory(
    make_record: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report
            return record
        masked = mask(message, _rendered)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = mask(text, _rendered)
        return record

    return factory
