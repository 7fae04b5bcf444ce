"""Test the deployed agent: an explicit dispatch, or a join token that carries one.

An agent with a name is dispatched explicitly only. `create_dispatch` asks the LiveKit
API to send it to a room; `join_token` signs a token for a test user whose room
configuration dispatches the agent when they join, which is what a frontend does.
Both pass job metadata, which the agent reads as `{{metadata.KEY}}`.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets as random_tokens
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runtime.deploy.credentials import LiveKitCredentials, load_credentials
from runtime.secrets import SecretsStore

PLAYGROUND_URL = "https://agents-playground.livekit.io"
MEET_CUSTOM_URL = "https://meet.livekit.io/custom"
DEFAULT_IDENTITY = "test-user"
DEFAULT_TOKEN_TTL = datetime.timedelta(hours=6)


class MetadataError(ValueError):
    pass


def parse_metadata(text: str) -> str:
    """Validate `--metadata`: a JSON object, returned in compact form."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MetadataError(
            f"metadata is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
            """pass an object like '{"user_name": "Ada"}'"""
        ) from None
    if not isinstance(value, dict):
        raise MetadataError("metadata must be a JSON object (the agent reads its keys)")
    return encode_metadata(value)


def metadata_for(config: Any, override: str | None) -> str:
    """`--metadata` when given, else the examples declared under [metadata]."""
    if override is not None:
        return parse_metadata(override)
    return encode_metadata(config.metadata_example())


def encode_metadata(values: Mapping[str, Any]) -> str:
    return json.dumps(dict(values), separators=(",", ":"), ensure_ascii=False)


def random_room_name(agent_name: str) -> str:
    return f"{agent_name}-test-{random_tokens.token_hex(3)}"


@dataclass(frozen=True)
class DispatchTarget:
    """Who to dispatch, with what metadata, through which LiveKit project."""

    agent_name: str
    metadata: str
    credentials: LiveKitCredentials


def dispatch_target(
    config_path: str | os.PathLike[str],
    store: SecretsStore,
    metadata_override: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> DispatchTarget:
    """Raises ConfigError (bad agent file), MetadataError or CredentialsError; each
    message is meant for a person."""
    from runtime.config.model import load_config

    config = load_config(config_path)
    metadata = metadata_for(config, metadata_override)
    return DispatchTarget(config.agent.name, metadata, load_credentials(store, environ))


@dataclass(frozen=True)
class DispatchResult:
    dispatch_id: str
    room: str
    agent_name: str
    metadata: str


async def create_dispatch(
    credentials: LiveKitCredentials, agent_name: str, room: str, metadata: str
) -> DispatchResult:
    """Create an explicit dispatch; raises `livekit.api.TwirpError` when the API refuses it."""
    from livekit import api

    lkapi = api.LiveKitAPI(
        credentials.http_url, credentials.api_key, credentials.api_secret, failover=False
    )
    try:
        dispatch = await lkapi.agent_dispatch.create_dispatch(
            api.CreateAgentDispatchRequest(agent_name=agent_name, room=room, metadata=metadata)
        )
    finally:
        await lkapi.aclose()
    return DispatchResult(dispatch.id, dispatch.room or room, dispatch.agent_name, dispatch.metadata)


def join_token(
    credentials: LiveKitCredentials,
    agent_name: str,
    room: str,
    metadata: str,
    identity: str = DEFAULT_IDENTITY,
    ttl: datetime.timedelta = DEFAULT_TOKEN_TTL,
) -> str:
    """A token for `identity` to join `room`; joining dispatches the agent with `metadata`."""
    from livekit import api

    grants = api.VideoGrants(
        room_join=True, room=room, can_publish=True, can_subscribe=True, can_publish_data=True
    )
    room_config = api.RoomConfiguration(
        agents=[api.RoomAgentDispatch(agent_name=agent_name, metadata=metadata)]
    )
    return (
        api.AccessToken(credentials.api_key, credentials.api_secret)
        .with_identity(identity)
        .with_name(identity)
        .with_grants(grants)
        .with_room_config(room_config)
        .with_ttl(ttl)
        .to_jwt()
    )


def meet_link(credentials: LiveKitCredentials, token: str) -> str:
    """A one-click link: LiveKit Meet's custom-server page joins with a URL and a token."""
    query = urllib.parse.urlencode({"liveKitUrl": credentials.ws_url, "token": token})
    return f"{MEET_CUSTOM_URL}?{query}"


def playground_instructions(credentials: LiveKitCredentials, token: str) -> str:
    # The agents playground deliberately takes the URL and token only by hand (it never
    # reads them from its address), so print both ready to paste, and a one-click
    # alternative that does take them from the link.
    return (
        f"Open {PLAYGROUND_URL} , choose Manual, and paste:\n"
        f"  URL:   {credentials.ws_url}\n"
        f"  Token: {token}\n"
        f"Or join in one click (LiveKit Meet, mic and camera):\n"
        f"  {meet_link(credentials, token)}\n"
    )
