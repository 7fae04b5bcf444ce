"""The preview switch: environment variables the builder's preview sets on the worker.

AGENT_BUILDER_PREVIEW=1              text-only session from the start; client tools answer
                                     with their configured preview response
AGENT_BUILDER_PREVIEW_METADATA=JSON  mock job metadata, used when the job has none
AGENT_BUILDER_PREVIEW_ENDPOINT=URL   where the end-of-call POST goes instead of the
                                     configured endpoint
"""

from __future__ import annotations

import os
from collections.abc import Mapping

PREVIEW = "AGENT_BUILDER_PREVIEW"
PREVIEW_METADATA = "AGENT_BUILDER_PREVIEW_METADATA"
PREVIEW_ENDPOINT = "AGENT_BUILDER_PREVIEW_ENDPOINT"


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def is_preview(environ: Mapping[str, str] | None = None) -> bool:
    return _env(environ).get(PREVIEW, "").strip().lower() in ("1", "true", "yes", "on")


def effective_metadata(job_metadata: str, environ: Mapping[str, str] | None = None) -> str:
    """The job's metadata, or the preview's mock metadata when the job has none."""
    if job_metadata and job_metadata.strip():
        return job_metadata
    if is_preview(environ):
        return _env(environ).get(PREVIEW_METADATA, "")
    return job_metadata


def effective_endpoint(configured: str, environ: Mapping[str, str] | None = None) -> str:
    if is_preview(environ):
        return _env(environ).get(PREVIEW_ENDPOINT, "") or configured
    return configured
