"""`{{metadata.key}}` and `{{secrets.NAME}}` rendering.

Metadata comes from the job metadata (a JSON object; dotted keys reach nested values),
secrets from the environment. A placeholder with no value renders as "" and is logged
once per call, by name only: a literal `{{...}}` must never reach the model or the
caller, and a secret value must never reach a log.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from typing import Any

import httpx

logger = logging.getLogger("agent_builder.variables")

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def parse_metadata(raw: str | None) -> dict[str, Any]:
    """Job metadata as a dict; anything that is not a JSON object yields {} (logged)."""
    if not raw or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        logger.warning("job metadata is not valid JSON (%s); metadata variables are empty", exc)
        return {}
    if not isinstance(value, dict):
        logger.warning("job metadata is JSON but not an object; metadata variables are empty")
        return {}
    return value


class Variables:
    """The values one call renders its templates with."""

    def __init__(
        self,
        metadata: Mapping[str, Any] | None = None,
        secrets: Mapping[str, str] | None = None,
    ) -> None:
        self.metadata: Mapping[str, Any] = metadata or {}
        # where {{secrets.X}} are read (a test may point it elsewhere)
        self.secrets = secrets if secrets is not None else os.environ
        self._reported: set[str] = set()
        self.secret_values: set[str] = set()  # every secret rendered in this call

    def mask(self, text: str) -> str:
        """`text` with every secret this call used masked (every spelling of it)."""
        from .masking import mask

        return mask(text, self.secret_values)

    @classmethod
    def from_job_metadata(
        cls, raw_metadata: str | None, secrets: Mapping[str, str] | None = None
    ) -> Variables:
        return cls(parse_metadata(raw_metadata), secrets)

    def render(self, template: str, *, allow_secrets: bool = False) -> str:
        """Replace every placeholder. Secrets only where `allow_secrets` (headers):
        anywhere else they would leak into a prompt, so they render empty."""
        if not template or "{{" not in template:
            return template
        return PLACEHOLDER.sub(lambda m: self._value(m.group(1), allow_secrets), template)

    def render_headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Header values with secrets; stripped (a missing value would leave an illegal
        trailing space) and left out when nothing remains. Send them with
        `http_headers`: a value that is not ASCII (metadata such as a caller named "Zoë")
        goes out as UTF-8."""
        rendered = {
            name: self.render(value, allow_secrets=True).strip() for name, value in headers.items()
        }
        for name, value in list(rendered.items()):
            if any(c in value for c in "\r\n\x00"):
                # an HTTP client would refuse it and quote the value in its error (and
                # debug logs): leave the header out and say so, by name only
                logger.warning("header %s has a line break or NUL in its value; not sent", name)
                del rendered[name]
        return {name: value for name, value in rendered.items() if value}

    def _value(self, name: str, allow_secrets: bool) -> str:
        namespace, _, key = name.partition(".")
        value: Any = None
        if namespace == "metadata" and key:
            value = _lookup(self.metadata, key)
        elif namespace == "secrets" and key:
            if not allow_secrets:
                self._report(name, "secrets are only allowed in header values")
                return ""
            value = self.secrets.get(key)
            if value:
                self.secret_values.add(value)
                from .masking import mask_logs_of

                mask_logs_of(value)
        if value is None or value == "":
            self._report(name, "no value")
            return ""
        if isinstance(value, str):
            return value
        return json.dumps(value)

    def _report(self, name: str, why: str) -> None:
        if name not in self._reported:
            self._reported.add(name)
            logger.warning("variable {{%s}} rendered empty (%s)", name, why)


def http_headers(headers: Mapping[str, str]) -> httpx.Headers:
    """Rendered headers for a request. HTTP clients refuse non-ASCII text in headers by
    default, and failing the whole request would be worse than sending UTF-8."""
    return httpx.Headers(dict(headers), encoding="utf-8")


def _lookup(data: Mapping[str, Any], dotted: str) -> Any:
    current: Any = data
    for part in dotted.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


def render(template: str, variables: Variables) -> str:
    """Render a prompt-side template (instructions, greeting, final response...)."""
    return variables.render(template)
