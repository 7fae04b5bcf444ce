"""The end-of-call POST: retried on 5xx, timeouts and connection errors, never on 4xx,
one idempotency key for all attempts, and the payload logged when it cannot be sent."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from .settings import DeliverySettings

logger = logging.getLogger("agent_builder.delivery")

IDEMPOTENCY_HEADER = "Idempotency-Key"


async def post_end_of_call(
    url: str,
    payload: Mapping[str, Any],
    headers: Mapping[str, str | bytes] | None = None,
    delivery: DeliverySettings | None = None,
    *,
    idempotency_key: str | None = None,
) -> bool:
    """POST `payload` as JSON. True once the endpoint accepted it (2xx)."""
    delivery = delivery or DeliverySettings()
    sent_headers = {**(headers or {}), IDEMPOTENCY_HEADER: idempotency_key or uuid.uuid4().hex}
    attempts = max(1, delivery.max_attempts)
    why = ""
    async with httpx.AsyncClient(timeout=delivery.timeout_s) as client:
        for attempt in range(1, attempts + 1):
            try:
                response = await client.post(url, json=dict(payload), headers=sent_headers)
            except httpx.TimeoutException:
                why = f"timed out after {delivery.timeout_s:g}s"
            except httpx.HTTPError as exc:
                why = f"connection failed ({type(exc).__name__})"
            else:
                if response.is_success:
                    logger.info("end-of-call payload delivered to %s", url)
                    return True
                why = f"HTTP {response.status_code}"
                if response.status_code < 500:
                    break  # the endpoint refused this payload: sending it again won't help
            if attempt < attempts:
                delay = delivery.backoff_s * 2 ** (attempt - 1)
                logger.warning(
                    "end-of-call POST to %s failed (%s), attempt %d/%d; retrying in %.2gs",
                    url,
                    why,
                    attempt,
                    attempts,
                    delay,
                )
                await asyncio.sleep(delay)
    # headers are left out on purpose: they may carry secrets
    logger.error(
        "end-of-call POST to %s undeliverable (%s); payload: %s",
        url,
        why,
        json.dumps(dict(payload), ensure_ascii=False),
    )
    return False
