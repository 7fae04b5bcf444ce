"""dispatch, token, status and logs from the command line, against real local stand-ins."""

import json

from livekit import api

from runtime.cli import main
from tests.deploy.helpers import KEPT_TOML, TEST_KEY, TEST_SECRET, store_credentials


def test_token_embeds_the_agent_and_the_metadata_examples(agent_dir, capsys):
    store_credentials(agent_dir)
    assert main(["token", "--room", "room-9", "--json"]) == 0
    out, err = capsys.readouterr()
    printed = json.loads(out)
    assert printed["url"] == "wss://demo.livekit.cloud" and printed["room"] == "room-9"
    claims = api.TokenVerifier(TEST_KEY, TEST_SECRET).verify(printed["token"])
    assert claims.identity == "test-user" and claims.video.room == "room-9"
    [dispatch] = claims.room_config.agents
    assert dispatch.agent_name == "store-support"
    assert json.loads(dispatch.metadata) == {"store_name": "Example Outfitters", "session_id": "sess-123"}
    assert TEST_SECRET not in out + err


def test_token_text_output_points_at_the_playground(agent_dir, capsys):
    store_credentials(agent_dir)
    assert main(["token", "agent.toml", "--metadata", '{"store_name": "Shop"}', "--identity", "ada"]) == 0
    out, _ = capsys.readouterr()
    assert "https://agents-playground.livekit.io" in out
    assert "URL:   wss://demo.livekit.cloud" in out
    token = next(line.split()[-1] for line in out.splitlines() if "Token:" in line)
    claims = api.TokenVerifier(TEST_KEY, TEST_SECRET).verify(token)
    assert claims.identity == "ada"
    assert claims.video.room.startswith("store-support-test-")
    assert claims.room_config.agents[0].metadata == '{"store_name":"Shop"}'
    assert TEST_SECRET not in out


def test_token_without_credentials_explains_what_to_set(agent_dir, capsys):
    assert main(["token"]) == 2
    _, err = capsys.readouterr()
    assert "LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET" in err
    assert "agent-builder secrets set LIVEKIT_API_KEY" in err


def test_token_with_bad_metadata_is_refused(agent_dir, capsys):
    store_credentials(agent_dir)
    assert main(["token", "--metadata", "[1]"]) == 2
    assert "must be a JSON object" in capsys.readouterr().err


def test_token_for_an_invalid_config_shows_its_errors(agent_dir, capsys):
    (agent_dir / "agent.toml").write_text('version = 1\n[agent]\nname = "Bad Name"\n')
    store_credentials(agent_dir)
    assert main(["token"]) == 2
    assert "agent.name" in capsys.readouterr().err


def test_dispatch_sends_the_request_with_default_metadata(agent_dir, livekit_api, capsys):
    store_credentials(agent_dir, livekit_api.url)
    assert main(["dispatch", "agent.toml", "--room", "room-1"]) == 0
    out, err = capsys.readouterr()
    assert "Dispatched store-support to room room-1 (dispatch AD_test42)" in out
    [request] = livekit_api.requests
    assert request["agent_name"] == "store-support" and request["room"] == "room-1"
    assert json.loads(request["metadata"]) == {"store_name": "Example Outfitters", "session_id": "sess-123"}
    assert TEST_SECRET not in out + err


def test_dispatch_with_explicit_metadata(agent_dir, livekit_api, capsys):
    store_credentials(agent_dir, livekit_api.url)
    assert main(["dispatch", "--room", "r", "--metadata", '{"store_name": "Other"}']) == 0
    assert livekit_api.requests[0]["metadata"] == '{"store_name":"Other"}'


def test_dispatch_refused_by_the_api(agent_dir, livekit_api, capsys):
    store_credentials(agent_dir, livekit_api.url)
    livekit_api.refuse_with = (400, "invalid_argument", "agent not found")
    assert main(["dispatch", "--room", "r"]) == 1
    assert "refused the dispatch (invalid_argument, HTTP 400): agent not found" in capsys.readouterr().err


def test_dispatch_to_an_unreachable_server(agent_dir, capsys):
    store_credentials(agent_dir, "http://127.0.0.1:9")  # discard port: nothing listens
    assert main(["dispatch", "--room", "r"]) == 1
    assert "cannot reach the LiveKit API at http://127.0.0.1:9" in capsys.readouterr().err


def test_status_runs_lk_beside_the_kept_livekit_toml(agent_dir, fake_lk, capsys):
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    assert main(["status"]) == 0
    out, _ = capsys.readouterr()
    assert "CA_test123  Running  us-east" in out
    [call] = fake_lk.calls
    assert call["argv"] == ["agent", "status"]
    assert call["cwd"] == str(agent_dir)
    assert call["livekit_toml"] == KEPT_TOML


def test_logs_passes_the_log_type(agent_dir, fake_lk, capsys):
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    assert main(["logs", "--log-type", "build"]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == ["log line 1", "log line 2"]
    assert fake_lk.calls[0]["argv"] == ["agent", "logs", "--log-type", "build"]


def test_status_before_any_deploy_says_so(agent_dir, fake_lk, capsys):
    assert main(["status"]) == 1
    assert "has not been deployed yet" in capsys.readouterr().err
    assert fake_lk.calls == []


def test_status_failure_keeps_lk_exit_code_and_hints_at_auth(agent_dir, fake_lk, capsys):
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    fake_lk.fail("agent status", exit_code=3)
    assert main(["status"]) == 3
    out, err = capsys.readouterr()
    assert "unauthenticated" in out  # lk's own stderr, shown in order with its output
    assert "`lk agent status` failed (exit 3)" in err and "lk cloud auth" in err


def test_status_without_lk_explains_how_to_install(agent_dir, no_lk, capsys):
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    assert main(["status"]) == 127
    err = capsys.readouterr().err
    assert "brew install livekit-cli" in err and "lk cloud auth" in err
