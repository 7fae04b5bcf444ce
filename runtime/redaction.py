"""Secret masking for the command line: `runtime/agent/redact.py`, the one implementation.

That module lives with the agent's support library (it masks tool results and logs in
the agent process too), whose package imports the Agents SDK when it is imported; it
is loaded here from its file instead, so headless commands stay free of the SDK.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "agent_builder_redact"


def _load():
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    spec = importlib.util.spec_from_file_location(
        _NAME, Path(__file__).with_name("agent") / "redact.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module
    spec.loader.exec_module(module)
    return module


_module = _load()
Redactor = _module.Redactor
RedactingWriter = _module.RedactingWriter

__all__ = ["RedactingWriter", "Redactor"]
