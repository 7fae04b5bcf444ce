"""Stand-ins for the two things deploy talks to: the `lk` executable and the LiveKit API.

Both are real: `lk` is an executable script first on PATH that records how it was
called, and the API is a real HTTP server speaking Twirp (protobuf bodies, as the
livekit-api client sends them) that checks the request's JWT.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.deploy.helpers import EXAMPLES, TEST_KEY, TEST_SECRET

FAKE_LK = r'''#!{python}
"""A stand-in for the LiveKit CLI that records each call and acts like `lk agent ...`."""
import json, os, stat, sys
from pathlib import Path

args = sys.argv[1:]
cwd = Path.cwd()
record = {{
    "argv": args,
    "cwd": str(cwd),
    "env_names": sorted(os.environ),
    "files_in_cwd": sorted(p.name for p in cwd.iterdir()),
    "secrets_files": {{}},
    "stdin_is_tty": sys.stdin.isatty(),
}}
if "--secrets-file" in args:
    path = Path(args[args.index("--secrets-file") + 1])
    record["secrets_files"][str(path)] = {{
        "text": path.read_text(),
        "mode": stat.S_IMODE(path.stat().st_mode),
    }}
if (cwd / "livekit.toml").exists():
    record["livekit_toml"] = (cwd / "livekit.toml").read_text()
with open(os.environ["FAKE_LK_LOG"], "a") as log:
    log.write(json.dumps(record) + "\n")

command = " ".join(a for a in args[:2])
print(f"Using project [demo] for {{command}}", flush=True)
if os.environ.get("FAKE_LK_ECHO_SECRETS") and "--secrets-file" in args:
    print("debug: " + Path(args[args.index("--secrets-file") + 1]).read_text(), flush=True)
if os.environ.get("FAKE_LK_ECHO_FORMS"):  # every way a program might print a value
    import shlex, urllib.parse
    for value in json.loads(Path(os.environ["FAKE_LK_ECHO_FORMS"]).read_text()):
        for form in (value, json.dumps(value), json.dumps(json.dumps(value)), shlex.quote(value), repr(value),
                     urllib.parse.quote(value), urllib.parse.quote_plus(value),
                     "token=" + value + "&x=1", "{{'k': " + json.dumps(value) + "}}"):
            print("echo: " + form, flush=True)
            print("stderr: " + form, file=sys.stderr, flush=True)
        sys.stdout.write("in pieces: " + value[:1])
        sys.stdout.flush()
        sys.stdout.write(value[1:] + "\n")
        sys.stdout.flush()
if os.environ.get("FAKE_LK_FAIL") == command:
    print("Error: unable to " + command + ": unauthenticated", file=sys.stderr, flush=True)
    sys.exit(int(os.environ.get("FAKE_LK_EXIT", "1")))
if command == "agent create":
    (cwd / "livekit.toml").write_text(
        '[project]\nsubdomain = "demo"\n\n[agent]\nid = "CA_test123"\n'
    )
    print("Created agent with ID [CA_test123]", flush=True)
elif command == "agent deploy":
    print("Building\r[=====     ] 50%\r[==========] 100%\nDeployed agent", flush=True)
elif command == "agent update-secrets":
    print("Updated agent secrets", flush=True)
elif command == "agent status":
    print("CA_test123  Running  us-east", flush=True)
elif command == "agent logs":
    print("log line 1", flush=True)
    print("log line 2", flush=True)
    if os.environ.get("FAKE_LK_FOLLOW"):  # like the real one: follow until stopped
        import time
        Path(os.environ["FAKE_LK_FOLLOW"]).write_text(str(os.getpid()))
        time.sleep(60)
'''


@dataclass
class FakeLk:
    bin_dir: Path
    log: Path
    monkeypatch: pytest.MonkeyPatch

    @property
    def calls(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def fail(self, command: str, exit_code: int = 1) -> None:
        self.monkeypatch.setenv("FAKE_LK_FAIL", command)
        self.monkeypatch.setenv("FAKE_LK_EXIT", str(exit_code))

    def follow_logs(self, pid_file: Path) -> None:
        self.monkeypatch.setenv("FAKE_LK_FOLLOW", str(pid_file))

    def echo_secrets(self) -> None:
        self.monkeypatch.setenv("FAKE_LK_ECHO_SECRETS", "1")

    def echo_values(self, values_file: Path) -> None:
        """Print each value of the JSON list in `values_file` in many forms, always."""
        self.monkeypatch.setenv("FAKE_LK_ECHO_FORMS", str(values_file))


@pytest.fixture
def fake_lk(tmp_path, monkeypatch) -> FakeLk:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "lk"
    script.write_text(FAKE_LK.format(python=sys.executable))
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    log = tmp_path / "lk-calls.jsonl"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_LK_LOG", str(log))
    monkeypatch.delenv("AGENT_BUILDER_LK", raising=False)
    return FakeLk(bin_dir, log, monkeypatch)


@pytest.fixture
def no_lk(tmp_path, monkeypatch) -> None:
    """A PATH on which `lk` does not exist (python stays reachable by absolute path)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("AGENT_BUILDER_LK", raising=False)


@dataclass
class TwirpApi:
    url: str
    requests: list[dict] = field(default_factory=list)
    refuse_with: tuple[int, str, str] | None = None  # (status, twirp code, message)


@pytest.fixture
def livekit_api(httpserver) -> TwirpApi:
    """A real HTTP server answering AgentDispatchService.CreateDispatch like LiveKit does."""
    import jwt
    from livekit import api
    from livekit.protocol.agent_dispatch import AgentDispatch, CreateAgentDispatchRequest
    from werkzeug import Response

    state = TwirpApi(url=httpserver.url_for("/").rstrip("/"))

    def handle(request):
        auth = request.headers.get("Authorization", "")
        claims = None
        try:
            claims = api.TokenVerifier(TEST_KEY, TEST_SECRET).verify(auth.removeprefix("Bearer "))
        except jwt.InvalidTokenError as exc:  # recorded, then refused like the server would
            state.requests.append({"auth_error": str(exc)})
            return _twirp_error(401, "unauthenticated", "invalid token")
        body = CreateAgentDispatchRequest.FromString(request.get_data())
        state.requests.append(
            {
                "content_type": request.headers.get("Content-Type"),
                "agent_name": body.agent_name,
                "room": body.room,
                "metadata": body.metadata,
                "grants": claims.video,
            }
        )
        if state.refuse_with:
            return _twirp_error(*state.refuse_with)
        reply = AgentDispatch(
            id="AD_test42", agent_name=body.agent_name, room=body.room, metadata=body.metadata
        )
        return Response(reply.SerializeToString(), content_type="application/protobuf")

    def _twirp_error(status, code, msg):
        return Response(json.dumps({"code": code, "msg": msg}), status=status,
                        content_type="application/json")

    httpserver.expect_request(
        "/twirp/livekit.AgentDispatchService/CreateDispatch", method="POST"
    ).respond_with_handler(handle)
    return state


@pytest.fixture
def agent_dir(tmp_path, monkeypatch) -> Path:
    """A folder holding the store-support example as agent.toml, made the working directory.
    LiveKit variables from the surrounding environment are removed so only the test's count."""
    folder = tmp_path / "agent"
    folder.mkdir()
    (folder / "agent.toml").write_text((EXAMPLES / "store-support" / "agent.toml").read_text())
    monkeypatch.chdir(folder)
    for name in ("LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "STORE_API_TOKEN",
                 "HELP_CENTRE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return folder
