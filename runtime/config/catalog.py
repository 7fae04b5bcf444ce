"""Known LiveKit Inference model ids and voices, for pickers and the thinking-effort check.

The data lives in `catalog.json`. The model ids are extracted from the installed SDK's
typed model ids (`python -m runtime.config.catalog` rewrites them, keeping the rest), so
reading it never imports the SDK. The voices are LiveKit's published suggested voices of
each TTS provider (name, description, language, gender; their `source` says where),
which the SDK does not list. Any id or voice is accepted in the file: the gateway knows
more than these.
"""

from __future__ import annotations

import fnmatch
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


def voices_for(model: str | None) -> list[dict[str, str]]:
    """The known voices of a TTS model (provider's default model for a bare provider),
    each with id, name, description, language, gender and provider."""
    if not model:
        return []
    found = []
    for group in catalog().get("voices", []):
        if any(fnmatch.fnmatchcase(model, pattern) for pattern in group["models"]):
            found += [{**voice, "provider": group["provider"]} for voice in group["voices"]]
    return found


def describe_voice(model: str | None, voice_id: str) -> str | None:
    """ "Jacqueline · en-US · female: Confident, young American adult female", or None."""
    for voice in voices_for(model):
        if voice["id"] == voice_id:
            return (f"{voice['name']} · {voice['language']} · {voice['gender']}: "
                    f"{voice['description']}")
    return None


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


def refreshed_catalog() -> dict[str, Any]:
    """The catalog with its model ids from the installed SDK, and what the SDK does not
    know (the voices) as it is in the file."""
    from_sdk = catalog_from_sdk()
    kept = {key: value for key, value in json.loads(CATALOG_FILE.read_text(encoding="utf-8")).items()
            if key not in from_sdk}
    return {**from_sdk, **kept}


if __name__ == "__main__":
    CATALOG_FILE.write_text(render_catalog(refreshed_catalog()), encoding="utf-8")
    sys.exit(0)
