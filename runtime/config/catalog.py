"""Known LiveKit Inference model ids, for suggestions and the thinking-effort check.

The data lives in `catalog.json`, extracted from the installed SDK's typed model ids
(`python -m runtime.config.catalog` rewrites it), so reading it never imports the SDK.
Any id is accepted in the file: the gateway knows models the SDK does not list.
"""

from __future__ import annotations

import json
import sys
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOG_FILE = Path(__file__).with_name("catalog.json")
MODEL_KINDS = ("stt", "llm", "tts")
EFFORT_ORDER = ("none", "minimal", "low", "medium", "high")


@lru_cache(maxsize=1)
def catalog() -> dict[str, Any]:
    return json.loads(CATALOG_FILE.read_text(encoding="utf-8"))


def model_ids(kind: str) -> list[str]:
    """Known ids for "stt", "llm" or "tts"."""
    return list(catalog()[kind])


def stt_languages() -> list[str]:
    return list(catalog()["stt_languages"])


def suggestions(kind: str | None) -> list[str]:
    """Values to offer for a declaration's `suggest` hint ("stt", "llm", "tts",
    "language"); empty when nothing is known (the SDK lists no voices)."""
    if kind in MODEL_KINDS:
        return model_ids(kind)
    if kind == "language":
        return stt_languages()
    return []


def _bare(model: Any) -> str:
    """The id without its provider; "" for anything that is not text (a file may hold
    a list where a model id belongs, and the editor reads it before it is fixed)."""
    return model.split("/")[-1] if isinstance(model, str) else ""


def is_reasoning_model(model: str) -> bool:
    return _bare(model) in catalog()["min_reasoning_effort"]


def thinking_efforts(model: str) -> tuple[str, ...]:
    """Efforts a reasoning model accepts (empty for other models). Models whose lowest
    effort is "none" (gpt-5.1 and later) no longer accept "minimal"."""
    lowest = catalog()["min_reasoning_effort"].get(_bare(model))
    if lowest is None:
        return ()
    accepted = EFFORT_ORDER[EFFORT_ORDER.index(lowest) :]
    return tuple(e for e in accepted if not (lowest == "none" and e == "minimal"))


def _literal_values(alias: Any) -> list[str]:
    values: list[str] = []
    for arg in typing.get_args(alias):
        values.extend([arg] if isinstance(arg, str) else _literal_values(arg))
    return values


def catalog_from_sdk() -> dict[str, Any]:
    """Build the catalog from the installed livekit-agents (imports the SDK)."""
    from livekit.agents.inference import llm, stt, tts

    return {
        "stt": _literal_values(stt.STTModels),
        "llm": _literal_values(llm.LLMModels),
        "tts": _literal_values(tts.TTSModels),
        "stt_languages": _literal_values(stt.STTLanguages),
        "min_reasoning_effort": dict(llm._MIN_REASONING_EFFORT),
    }


def render_catalog(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2) + "\n"


if __name__ == "__main__":
    CATALOG_FILE.write_text(render_catalog(catalog_from_sdk()), encoding="utf-8")
    sys.exit(0)
