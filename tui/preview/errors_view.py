"""Errors from the preview's worker, said once and in words.

The SDK reports a failing model call as the repr of its error event, once per retry:
`type='llm_error' ... error=APIStatusError('Error code: 502 - upstream broke',
status_code=502, ...) recoverable=True`. The transcript shows one line per failure
instead ("The language model failed (502 upstream broke) at agent-gateway.livekit.cloud;
retrying, 3 tries"), naming the host the call went to.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_INFERENCE_URL = "https://agent-gateway.livekit.cloud/v1"  # the SDK's default gateway
_PARTS = {"llm": "language model", "stt": "speech-to-text", "tts": "text-to-speech"}
_EVENT = re.compile(r"type='(?P<kind>[a-z]+)_error'")
_ERROR = re.compile(r"error=(?P<cls>\w+)\((?P<quote>['\"])(?P<text>.*?)(?P=quote)")
_STATUS = re.compile(r"status_code=(?P<status>\d+)")
_RECOVERABLE = re.compile(r"recoverable=(?P<flag>True|False)")


@dataclass(frozen=True)
class ModelError:
    part: str  # "language model"...
    reason: str  # "502 upstream broke"
    recoverable: bool

    @property
    def key(self) -> tuple[str, str]:
        """Retries of one failure share this."""
        return self.part, self.reason


def parse_model_error(message: str) -> ModelError | None:
    """The failing model call a worker error event describes, or None for other errors."""
    kind = _EVENT.search(message)
    if kind is None:
        return None
    error = _ERROR.search(message)
    text = error["text"] if error else message
    text = re.sub(r"^Error code: (\d+) - ", r"\1 ", text)
    status = _STATUS.search(message)
    if status and not text.startswith(status["status"]):
        text = f"{status['status']} {text}"
    recoverable = _RECOVERABLE.search(message)
    return ModelError(_PARTS.get(kind["kind"], kind["kind"]), text.strip(),
                      recoverable is None or recoverable["flag"] == "True")


def inference_host(config_path: Path) -> str:
    """Where the worker's model calls go: LIVEKIT_INFERENCE_URL from the secrets file beside
    the agent or the environment (as the worker gets them), else the SDK's gateway."""
    url = None
    try:
        from runtime.secrets import SecretsStore

        url = SecretsStore.beside(config_path).values().get("LIVEKIT_INFERENCE_URL")
    except Exception:  # noqa: BLE001 - an unreadable secrets file: fall back
        url = None
    url = url or os.environ.get("LIVEKIT_INFERENCE_URL") or DEFAULT_INFERENCE_URL
    return urlsplit(url).netloc or url


def describe(error: ModelError, host: str, tries: int) -> str:
    state = "retrying" if error.recoverable else "gave up"
    count = f", {tries} tries" if tries > 1 else ""
    return f"The {error.part} failed ({error.reason}) at {host}; {state}{count}."
