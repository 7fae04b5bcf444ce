"""Secret values never reach the terminal, whatever they hold and however they are printed.

Values with quotes, backslashes, line breaks, non-ASCII text, one to three characters
go through every command, run as a person runs them (a process), with an `lk` on PATH
that prints the values it was given in many forms (raw, JSON, JSON inside JSON,
shell-quoted, repr, percent-encoded, split over writes) on stdout and stderr. No form
of any value may appear in anything a command prints.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from runtime.dotenv_file import format_value
from runtime.secrets import SecretsStore
from tests.deploy.helpers import EXAMPLES, TEST_KEY, TEST_SECRET

VALUES = {
    "STORE_API_TOKEN": 'say "hi" to it',
    "HELP_CENTRE_TOKEN": "back\\slash\\path-x",
    "OTHER_LINES": "first line of it\nsecond line of it",
    "UNICODE": "clé-secrète-✓-😀",
    "ONE": "q",
    "TWO": "z9",
    "THREE": "k3y",
    "SINGLE": "it's 'quoted'",
    "DOLLAR": "x$HOME${PATH}",
    "JSON_KEY": '{\n  "type": "service_account",\n  "private_key": "-----BEGIN KEY-----abc"\n}',
    "CONTROLS": "\x1b[31mred-secret\u202e",
    "LIVEKIT_API_KEY": TEST_KEY,
    "LIVEKIT_API_SECRET": TEST_SECRET,
}
HAND_NUL = "ab\x00cd-secret-by-hand"  # `secrets set` refuses it; a hand edit may not
REPO = Path(__file__).resolve().parents[2]


def forms(value: str) -> set[str]:
    found = {value, json.dumps(value)[1:-1], json.dumps(json.dumps(value))[1:-1],
             shlex.quote(value), repr(value)[1:-1], urllib.parse.quote(value, safe=""),
             urllib.parse.quote_plus(value), format_value(value)}
    found.update(piece.strip() for piece in re.split("[\n\x00]", value) if len(piece.strip()) >= 4)
    return {f for f in found if f}


def leaks(output: str) -> list[str]:
    found = []
    for name, value in [*VALUES.items(), ("HAND_NUL", HAND_NUL)]:
        for form in forms(value):
            if len(form) < 4:  # short ones count where they stand alone
                if re.search(rf"(?<!\w)(?<!\w'){re.escape(form)}(?!\w)", output):
                    found.append(f"{name}: {form!r}")
            elif form in output:
                found.append(f"{name}: {form!r}")
    return found


@pytest.fixture
def secret_agent(tmp_path, fake_lk) -> Path:
    folder = tmp_path / "agent"
    folder.mkdir()
    text = (EXAMPLES / "store-support" / "agent.toml").read_text()
    extra = "".join(f'"X-{n}" = "{{{{secrets.{n}}}}}", ' for n in VALUES if not n.startswith("LIVEKIT"))
    text = text.replace(
        'headers = { Authorization = "Bearer {{secrets.STORE_API_TOKEN}}" }',
        "headers = { " + extra + 'Authorization = "Bearer {{secrets.STORE_API_TOKEN}}" }', 1,
    )
    # A secret pasted into the file by mistake is masked too.
    text = text.replace('description = "Look an order up', f'description = "{VALUES["THREE"]} Look an order up', 1)
    (folder / "agent.toml").write_text(text)
    store = SecretsStore(folder / ".env.local")
    for name, value in VALUES.items():
        store.set(name, value)
    store.set("LIVEKIT_URL", "wss://demo.livekit.cloud")
    with (folder / ".env.local").open("a") as handle:  # written by hand: a NUL inside
        handle.write(f'HAND_NUL="{HAND_NUL}"\n')
    values_file = tmp_path / "values.json"
    values_file.write_text(json.dumps([*VALUES.values(), HAND_NUL]))
    fake_lk.echo_values(values_file)
    fake_lk.echo_secrets()
    return folder


def run(folder: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIVEKIT")}
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *argv], cwd=folder, env={**env, "PYTHONPATH": str(REPO)},
        input=stdin, capture_output=True, text=True, timeout=120, check=False,
    )


COMMANDS = [
    ("validate", "agent.toml"),
    ("validate", "agent.toml", "--json"),
    ("secrets", "list", "agent.toml"),
    ("secrets", "unset", "NOT_THERE", "agent.toml"),
    ("generate", "agent.toml", "--dry-run", "--diff"),
    ("deploy", "agent.toml", "--dry-run"),
    ("deploy", "agent.toml"),
    ("deploy", "agent.toml"),  # the second time: update-secrets, then deploy
    ("status", "agent.toml"),
    ("logs", "agent.toml"),
    ("token", "agent.toml"),
    ("token", "agent.toml", "--json"),
    ("dispatch", "agent.toml", "--room", "r"),  # the API is unreachable: an error message
]


def test_no_form_of_any_secret_reaches_the_output(secret_agent):
    printed = []
    for argv in COMMANDS:
        done = run(secret_agent, *argv)
        assert "Traceback" not in done.stderr, (argv, done.stderr)
        printed.append((argv, done.stdout + done.stderr))
    for name, value in VALUES.items():  # storing one prints it masked only
        done = run(secret_agent, "secrets", "set", name, "agent.toml", stdin=value + "\n")
        printed.append((("secrets", "set", name), done.stdout + done.stderr))
    found = {" ".join(argv): leaks(output) for argv, output in printed if leaks(output)}
    tried = sum(len(forms(v)) for v in [*VALUES.values(), HAND_NUL])
    print(f"secret forms: {tried} forms of {len(VALUES) + 1} values through {len(printed)} runs; "
          f"leaks: {sum(map(len, found.values()))}")
    assert not found, found
    deploy_output = printed[6][1]
    assert "echo: " in deploy_output and "[secret STORE_API_TOKEN]" in deploy_output  # lk ran


def test_a_value_with_nul_is_refused_without_printing_it(secret_agent):
    done = run(secret_agent, "secrets", "set", "NUL_TOKEN", "agent.toml", stdin="ab\x00cd-secret\n")
    assert done.returncode == 2
    assert "cd-secret" not in done.stdout + done.stderr and "NUL" in done.stderr


def test_a_short_value_is_masked_where_it_stands_alone_not_inside_words():
    from runtime.redaction import Redactor

    redact = Redactor({"S": "s", "K": "k3y"})
    assert redact("the agent's notes, s and 'k3y', café's k3y") == (
        "the agent's notes, [secret S] and [secret K], café's [secret K]"
    )
    assert redact("token=s&x=1 s\nk3y:k3y") == "token=[secret S]&x=1 [secret S]\n[secret K]:[secret K]"


def test_a_multi_line_secret_masks_its_lines_not_every_brace_or_short_word():
    """A service account's JSON key is a common secret: its lines are masked wherever
    they appear, but its `{` and `}` lines are not secrets, and JSON output stays JSON."""
    from runtime.redaction import Redactor

    key = '{\n  "type": "service_account",\n  "private_key": "-----BEGIN KEY-----abc"\n}'
    redact = Redactor({"GOOGLE_KEY": key, "PIECES": "ab\x00cd-secret\nx"})
    printed = json.dumps({"token": "eyJ0", "room": "r"}, indent=2)
    assert redact(printed) == printed
    assert redact('"private_key": "-----BEGIN KEY-----abc"') == "[secret GOOGLE_KEY]"
    assert redact("cut at the NUL: ab, then cd-secret") == "cut at the NUL: ab, then [secret PIECES]"
