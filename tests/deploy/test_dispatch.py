import datetime

import pytest
from livekit import api

from runtime.deploy.credentials import MissingCredentials, load_credentials
from runtime.deploy.dispatch import (
    MetadataError,
    create_dispatch,
    join_token,
    parse_metadata,
    playground_instructions,
)
from runtime.secrets import SecretsStore
from tests.deploy.helpers import TEST_KEY, TEST_SECRET


@pytest.fixture
def store(tmp_path):
    return SecretsStore(tmp_path / ".env.local")


def credentials_for(store, url):
    store.set("LIVEKIT_URL", url)
    store.set("LIVEKIT_API_KEY", TEST_KEY)
    store.set("LIVEKIT_API_SECRET", TEST_SECRET)
    return load_credentials(store, environ={})


async def test_dispatch_reaches_the_api_with_a_signed_request(store, livekit_api):
    credentials = credentials_for(store, livekit_api.url)
    result = await create_dispatch(credentials, "front-desk", "room-1", '{"user_name":"Ada"}')
    assert (result.dispatch_id, result.room, result.agent_name) == ("AD_test42", "room-1", "front-desk")
    [request] = livekit_api.requests
    assert request["content_type"] == "application/protobuf"
    assert (request["agent_name"], request["room"]) == ("front-desk", "room-1")
    assert request["metadata"] == '{"user_name":"Ada"}'
    assert request["grants"].room_admin and request["grants"].room == "room-1"


async def test_dispatch_refused_by_the_api_raises_its_message(store, livekit_api):
    credentials = credentials_for(store, livekit_api.url)
    livekit_api.refuse_with = (404, "not_found", "no agent named front-desk")
    with pytest.raises(api.TwirpError) as caught:
        await create_dispatch(credentials, "front-desk", "room-1", "{}")
    assert caught.value.message == "no agent named front-desk"


async def test_wrong_secret_is_refused_by_the_server(store, livekit_api):
    credentials = credentials_for(store, livekit_api.url)
    store.set("LIVEKIT_API_SECRET", "not-the-right-secret-0123456789abcdef")
    wrong = load_credentials(store, environ={})
    with pytest.raises(api.TwirpError):
        await create_dispatch(wrong, "front-desk", "room-1", "{}")
    assert "auth_error" in livekit_api.requests[0]
    assert credentials.api_secret == TEST_SECRET


def test_token_embeds_the_dispatch_and_join_grants(store):
    credentials = credentials_for(store, "wss://demo.livekit.cloud")
    token = join_token(credentials, "front-desk", "room-7", '{"user_name":"Ada"}', identity="tester")
    claims = api.TokenVerifier(TEST_KEY, TEST_SECRET).verify(token)
    assert claims.identity == "tester"
    assert claims.video.room_join and claims.video.room == "room-7"
    assert claims.video.can_publish and claims.video.can_subscribe and claims.video.can_publish_data
    [agent] = claims.room_config.agents
    assert (agent.agent_name, agent.metadata) == ("front-desk", '{"user_name":"Ada"}')


def test_token_ttl_is_applied(store):
    credentials = credentials_for(store, "wss://demo.livekit.cloud")
    token = join_token(credentials, "a", "r", "{}", ttl=datetime.timedelta(minutes=5))
    import jwt

    payload = jwt.decode(token, TEST_SECRET, algorithms=["HS256"], audience=None,
                         options={"verify_aud": False})
    assert payload["exp"] - payload["nbf"] == 300


def test_missing_credentials_name_each_one_and_how_to_set_it(store):
    store.set("LIVEKIT_URL", "wss://demo.livekit.cloud")
    with pytest.raises(MissingCredentials) as caught:
        load_credentials(store, environ={"LIVEKIT_API_KEY": "k"})
    assert caught.value.missing == ["LIVEKIT_API_SECRET"]
    assert "agent-builder secrets set LIVEKIT_API_SECRET" in str(caught.value)


def test_environment_fills_what_the_file_lacks(store):
    store.set("LIVEKIT_URL", "https://demo.livekit.cloud/")
    creds = load_credentials(store, environ={"LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": TEST_SECRET})
    assert creds.http_url == "https://demo.livekit.cloud"
    assert creds.ws_url == "wss://demo.livekit.cloud"
    assert creds.api_secret == TEST_SECRET
    assert TEST_SECRET not in repr(creds)


def test_url_without_scheme_is_a_clear_error(store):
    store.set("LIVEKIT_URL", "demo.livekit.cloud")
    with pytest.raises(ValueError, match="must start with wss://"):
        load_credentials(store, environ={"LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": "s"})


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "must be a JSON object"), ('"x"', "JSON object")],
)
def test_bad_metadata_is_explained(text, message):
    with pytest.raises(MetadataError, match=message):
        parse_metadata(text)


def test_metadata_is_compacted():
    assert parse_metadata('{ "a" : 1,\n "b": "é" }') == '{"a":1,"b":"é"}'


def test_playground_instructions_give_url_and_token(store):
    credentials = credentials_for(store, "https://demo.livekit.cloud")
    text = playground_instructions(credentials, "TOKEN123")
    assert "https://agents-playground.livekit.io" in text
    assert "wss://demo.livekit.cloud" in text and "TOKEN123" in text
    link = next(line.strip() for line in text.splitlines() if "meet.livekit.io" in line)
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "meet.livekit.io", "/custom")
    assert parse_qs(parts.query) == {"liveKitUrl": ["wss://demo.livekit.cloud"], "token": ["TOKEN123"]}
