"""The end-of-call POST: never silently lost.

- Retried on connection errors, timeouts, 408, 425, 429 and 5xx, with exponential
  backoff or the receiver's `Retry-After`; never on other 4xx (sending the same body
  again cannot help). Redirects (301/302/307/308) are followed as POSTs.
- Every attempt carries the same `Idempotency-Key`, so a receiver that answered late
  (after our timeout) can drop the duplicates.
- With a signing secret, each attempt is signed: `X-Agent-Builder-Signature:
  t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` over the exact bytes sent.
- The whole retry budget is bounded (`DeliverySettings.budget_s`): the agent sets its
  shutdown timeout from it, so the worker never kills a job mid-delivery.
- When it cannot be delivered (refused, gave up, or the job was stopped mid-retry), the
  complete payload is logged at error level on one line starting with
  UNDELIVERABLE_PREFIX: nothing is lost, and the builder's preview puts that line in its
  inbox. Header values are never logged (they may hold secrets).
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from .settings import DeliverySettings

logger = logging.getLogger("agent_builder.delivery")

IDEMPOTENCY_HEADER = "Idempotency-Key"
SIGNATURE_HEADER = "X-Agent-Builder-Signature"
UNDELIVERABLE_PREFIX = "end-of-call POST undeliverable"
RETRIED_STATUSES = frozenset({408, 425, 429})
REDIRECTS = frozenset({301, 302, 307, 308})
MAX_REDIRECTS = 3


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The signature header's value for `body` sent at `timestamp` (unix seconds)."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def retry_after_s(response: httpx.Response) -> float | None:
    """Seconds the receiver asked us to wait (`Retry-After`: seconds or an HTTP date)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _retryable(status: int) -> bool:
    return status in RETRIED_STATUSES or status >= 500


async def post_end_of_call(
    url: str,
    payload: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
    delivery: DeliverySettings | None = None,
    *,
    idempotency_key: str | None = None,
    signing_secret: str = "",
) -> bool:
    """POST `payload` as JSON. True once the endpoint accepted it (2xx); False after it
    was logged as undeliverable. Cancelled (the job stopping), it logs it too."""
    delivery = delivery or DeliverySettings()
    body = json.dumps(dict(payload), ensure_ascii=False, separators=(",", ":")).encode()
    key = idempotency_key or uuid.uuid4().hex
    base_headers = {
        **(headers or {}),
        "Content-Type": "application/json",
        IDEMPOTENCY_HEADER: key,
    }
    deadline = time.monotonic() + delivery.budget_s
    why = "not attempted"
    attempt = 0
    target = url
    try:
        async with httpx.AsyncClient() as client:
            while True:
                attempt += 1
                remaining = deadline - time.monotonic()
                sent = httpx.Headers(base_headers, encoding="utf-8")
                if signing_secret:
                    sent[SIGNATURE_HEADER] = signature(signing_secret, body, int(time.time()))
                wait: float | None = None
                try:
                    timeout = max(0.05, min(delivery.timeout_s, remaining))
                    response = await client.post(
                        target, content=body, headers=sent, timeout=timeout
                    )
                except httpx.TimeoutException:
                    why = f"timed out after {timeout:g}s"
                except httpx.HTTPError as exc:
                    why = f"connection failed ({type(exc).__name__})"
                else:
                    if response.is_success:
                        logger.info(
                            "end-of-call payload delivered to %s (attempt %d)", url, attempt
                        )
                        return True
                    why = f"HTTP {response.status_code}"
                    location = response.headers.get("location")
                    if response.status_code in REDIRECTS and location:
                        if attempt > MAX_REDIRECTS:
                            break
                        target = str(response.url.join(location))
                        wait = 0.0
                    elif not _retryable(response.status_code):
                        break  # the endpoint refused this payload: sending it again won't help
                    else:
                        wait = retry_after_s(response)
                if wait is None:
                    wait = delivery.backoff_s * 2 ** (attempt - 1)
                if attempt >= delivery.max_attempts or time.monotonic() + wait >= deadline:
                    break
                logger.warning(
                    "end-of-call POST to %s failed (%s), attempt %d; retrying in %.2gs",
                    url,
                    why,
                    attempt,
                    wait,
                )
                await asyncio.sleep(wait)
    except asyncio.CancelledError:
        _log_undeliverable(url, f"stopped during attempt {attempt} ({why})", key, body)
        raise
    _log_undeliverable(url, f"{why}, after {attempt} attempt(s)", key, body)
    return False


def _log_undeliverable(url: str, why: str, key: str, body: bytes) -> None:
    # headers are left out on purpose: they may carry secrets
    logger.error(
        "%s to %s (%s); idempotency key %s; payload: %s",
        UNDELIVERABLE_PREFIX,
        url,
        why,
        key,
        body.decode("utf-8"),
    )
