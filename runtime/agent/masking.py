"""Secrets masked out of what the agent sends back to the model or writes to its logs.

A secret can come back in many spellings: an API that echoes the token in a 401 body
(often JSON-escaped, or percent-encoded from a query string), an HTTP client's error
that quotes a header value with a newline in it, or a value split over lines. `mask`
replaces every spelling of every known value with `[secret]`; the spellings are the
redactor's (`redact.py`), which the command line masks its own output with too.

Tool results and errors are masked by the tools themselves, with the secrets of their
call. Log records are masked as they are made, for every logger of the process
(`mask_logs_of`), so a library's debug line that quotes a request or a response never
carries a secret the agent sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from .redact import Redactor
from .redact import forms as spellings  # noqa: F401 - the forms a secret may take

MASK = "[secret]"


def mask(text: str, secrets: Iterable[str]) -> str:
    return Redactor(values=secrets)(text)


# Every secret value this process has rendered (for a header): log records of any
# logger (the SDK's, an HTTP or MCP client's debug output) are masked against them.
_rendered: set[str] = set()
_log_redactor = Redactor()
_factory_installed = False


def mask_logs_of(secret: str) -> None:
    """From now on, no log record of this process carries `secret` in any spelling."""
    global _factory_installed, _log_redactor
    if not secret or secret in _rendered:
        return
    _rendered.add(secret)
    _log_redactor = Redactor(values=_rendered)
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
        masked = _log_redactor(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = _log_redactor(text)
        return record

    return factory
