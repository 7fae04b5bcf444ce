"""Every command given a path it cannot use, through the real command line in a process:
a FIFO, a directory, a symlink loop, a file it may not read, a huge file, non-UTF-8
bytes. Each is one line on stderr and exit 2 (exit 1 where an output already exists),
never a hang or a traceback, and no file changes (hashed before and after).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOOD = (REPO / "examples" / "kiosk" / "agent.toml").read_text(encoding="utf-8")
KINDS = ["fifo", "directory", "symlink-loop", "unreadable", "huge", "not-utf8"]
# Root reads anything: the unreadable file is tried as nobody when the tool is there.
AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
CAN_DROP = os.geteuid() != 0 or shutil.which("setpriv") is not None


def make_bad(folder: Path, kind: str, suffix: str = ".toml") -> Path:
    path = folder / f"bad-{kind}{suffix}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "symlink-loop":
        other = folder / f"bad-{kind}-other{suffix}"
        path.symlink_to(other)
        other.symlink_to(path)
    elif kind == "unreadable":
        path.write_text(GOOD)
        path.chmod(0)
    elif kind == "huge":
        with path.open("wb") as handle:
            handle.write(b"# " + b"x" * (17 * 1024 * 1024) + b"\n")
    elif kind == "not-utf8":
        path.write_bytes(GOOD.encode().replace(b"kiosk", b"kiosk\xe9", 1))
    return path


# (command line with {bad} and {good}, exit status expected, stdin)
COMMANDS = [
    ("validate {bad}", 2),
    ("validate {bad} --json", 2),
    ("edit {bad}", 2),
    ("{bad}", 2),
    ("serve {bad}", 2),
    ("preview {bad}", 2),
    ("preview {good} --script {bad}", 2),
    ("generate {bad} --dry-run", 2),
    ("generate {bad}", 2),
    ("secrets list {bad}", 2),
    ("secrets list {good} --secrets-file {bad}", 2),
    ("secrets set TOKEN {good} --secrets-file {bad}", 2),
    ("secrets unset TOKEN {good} --secrets-file {bad}", 2),
    ("deploy {bad} --dry-run", 2),
    ("deploy {good} --dry-run --secrets-file {bad}", 2),
    ("status {bad}", 2),
    ("logs {bad}", 2),
    ("dispatch {bad} --room r", 2),
    ("dispatch {good} --room r --secrets-file {bad}", 2),
    ("token {bad}", 2),
    ("token {good} --secrets-file {bad}", 2),
    ("test {bad}", 2),
    ("test {badtests}", 2),
    ("test {good} --junit {bad}", 2),  # checked before any scenario runs
    ("scenarios validate {badtests}", 2),
    ("scenarios validate {bad}", 2),
    ("scenarios export {badtests}", 2),
    ("scenarios import {bad} {good}", 2),
    ("scenarios import {goodyaml} {badtests}", 2),
    ("generate {good} -o {bad}", 2),  # an output folder that is no folder (a folder is fine)
    ("generate {good} -o {bad} --dry-run", 2),
    ("deploy {good} -o {bad} --dry-run", 2),
    ("new {bad}", None),  # an output: exists (1), or not a file at all (2)
    ("schema -o {bad}", None),
    ("schema -o {bad} --force", 2),  # (only where it is no file: --force replaces files)
    ("scenarios schema -o {bad}", None),
    ("scenarios export {good} -o {bad}", None),
]
# A scenario file beside the good agent, and a LiveKit scenarios.yaml to import.
GOOD_TESTS = 'version = 1\n\n[[scenarios]]\nname = "greets"\n\n[[scenarios.turns]]\nuser = "Hello"\n'
GOOD_YAML = "name: kiosk\nscenarios:\n  - label: asks\n    instructions: Ask the way.\n    agent_expectations: Gives it.\n"
NOT_FILES = ("fifo", "directory", "symlink-loop")


def digest(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and os.access(path, os.R_OK):
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_case(command: str, expected: int | None, kind: str) -> list[str]:
    """The problems with one case (none when it behaves)."""
    folder = Path(tempfile.mkdtemp(prefix="bad-path-"))
    folder.chmod(0o755)
    try:
        good = folder / "agent.toml"
        good.write_text(GOOD)
        (folder / "agent.tests.toml").write_text(GOOD_TESTS)
        (folder / "scenarios.yaml").write_text(GOOD_YAML)
        bad = make_bad(folder, kind)
        bad_tests = make_bad(folder, kind, ".tests.toml") if "{badtests}" in command else None
        before = digest(folder)
        line = command.format(bad=bad, good=good, badtests=bad_tests,
                              goodyaml=folder / "scenarios.yaml")
        argv = [sys.executable, "-m", "runtime.cli", *line.split()]
        if kind == "unreadable" and os.geteuid() == 0:
            argv = [*AS_NOBODY, *argv]
        env = {**os.environ, "LIVEKIT_URL": "wss://example.livekit.cloud",
               "LIVEKIT_API_KEY": "key", "LIVEKIT_API_SECRET": "secret", "TOKEN": "t"}
        env.pop("AGENT_BUILDER_DEBUG", None)
        try:
            done = subprocess.run(argv, check=False, cwd=REPO, env=env, input="value\n",
                                  capture_output=True,
                                  text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return [f"{command} ({kind}): hangs"]
        problems = []
        if expected is None:
            expected = 1 if kind in ("unreadable", "huge", "not-utf8") else 2
        if done.returncode != expected:
            problems.append(f"{command} ({kind}): exit {done.returncode}, not {expected}: {done.stderr!r}")
        output = done.stdout + done.stderr
        if "--json" in command:
            report = json.loads(done.stdout)
            output = report["problems"][0]["message"] if not report["readable"] else output
        lines = [line for line in output.splitlines() if line.strip()]
        if len(lines) != 1 or "Traceback" in output or "internal error" in output:
            problems.append(f"{command} ({kind}): not one line: {output!r}")
        after = digest(folder)
        if after != before:
            problems.append(f"{command} ({kind}): files changed: {set(after.items()) ^ set(before.items())}")
        return problems
    finally:
        for path in folder.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(not CAN_DROP, reason="running as root without setpriv")
def test_every_command_refuses_every_bad_path_in_one_line():
    cases = [
        (command, expected, kind)
        for command, expected in COMMANDS
        for kind in KINDS
        if ("--force" not in command or kind in NOT_FILES)
        and not (" -o {bad}" in command and command.startswith(("generate", "deploy")) and kind == "directory")
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda case: run_case(*case), cases))
    problems = [p for found in results for p in found]
    print(f"bad paths: {len(cases)} cases, {len(problems)} problems")
    assert not problems, "\n".join(problems)


def test_a_file_with_a_duplicate_key_is_one_located_line_for_every_command_that_reads_it():
    folder = Path(tempfile.mkdtemp(prefix="duplicate-key-"))
    try:
        path = folder / "agent.toml"
        path.write_text(GOOD.replace("[agent]\n", '[agent]\nname = "twice"\n', 1))
        line = path.read_text().splitlines().index('name = "twice"') + 2  # the second name
        env = {**os.environ, "LIVEKIT_URL": "wss://example.livekit.cloud",
               "LIVEKIT_API_KEY": "APIdupkey0123", "LIVEKIT_API_SECRET": "secret-0123456789"}
        failures = []
        for command in ("validate", "preview", "generate --dry-run", "deploy --dry-run",
                        "dispatch --room r", "token"):
            argv = [sys.executable, "-m", "runtime.cli", *command.split()[:1], str(path),
                    *command.split()[1:]]
            done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True,
                                  timeout=60, check=False)
            output = (done.stdout + done.stderr).strip()
            if done.returncode != 2 or len(output.splitlines()) != 1 or f":{line}:" not in output:
                failures.append(f"{command}: exit {done.returncode}: {output!r}")
        assert not failures, "\n".join(failures)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("kind", ["fifo", "directory", "symlink-loop"])
def test_a_project_file_that_is_no_file_stops_generate_in_one_line(kind, tmp_path):
    """Where a generated file goes (src/agent.py) there is a FIFO, a folder or a loop:
    reading it to compare would wait forever or raise."""
    (tmp_path / "agent.toml").write_text(GOOD)
    project = tmp_path / "project"
    run = [sys.executable, "-m", "runtime.cli", "generate", str(tmp_path / "agent.toml"), "-o", str(project)]
    subprocess.run(run, cwd=REPO, capture_output=True, timeout=120, check=True)
    target = project / "src" / "agent.py"
    target.unlink()
    if kind == "symlink-loop":
        target.symlink_to("agent.py")
    else:
        make_bad(project / "src", kind).rename(target)
    before = digest(tmp_path)
    for extra in ([], ["--dry-run"]):
        done = subprocess.run([*run, *extra], cwd=REPO, capture_output=True, text=True,
                              timeout=60, check=False)
        output = (done.stdout + done.stderr).strip()
        assert done.returncode == 2 and len(output.splitlines()) == 1, output
        assert "agent.py" in output and "Traceback" not in output
    assert digest(tmp_path) == before
