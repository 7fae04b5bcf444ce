"""Deploy-side speed: the secrets file, and what `deploy`/`token` add around `lk`.

Prints times and ratios against anchors measured in the same run, never pass/fail:
  - secrets: `SecretsStore.set` (re-read, rewrite one line, fsync, atomic replace, mode
    600) and reading a 200-name file, against writing/splitting the same bytes naively;
  - commands: `agent-builder deploy` of an already generated project (so: load, check
    secrets, plan generation, write the private secrets file, run `lk` twice) and
    `agent-builder token`, against one bare run of the same recording `lk` and
    `python -c pass`.
`lk` is the recording stand-in the tests use (it cannot be installed here), so the
figures measure this tool's overhead, not LiveKit Cloud.
Run: python -m bench.micro.bench_deploy [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.micro.common import best
from runtime.secrets import SecretsStore
from tests.deploy.conftest import FAKE_LK
from tests.deploy.helpers import TEST_KEY, TEST_SECRET


def wall(cmd: list[str], repeat: int, cwd: Path, env: dict[str, str]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, check=False, capture_output=True, cwd=cwd, env=env)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{cmd} failed: {done.stderr.decode()}")
    return statistics.median(times)


def naive_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())  # the store syncs too: compare like with like
    os.replace(tmp, path)


def row(name: str, seconds: float, anchor: float) -> None:
    print(f"  {name:40} {seconds * 1000:8.2f} ms  {seconds / anchor:6.1f}x anchor")


def bench_secrets(folder: Path, repeat: int) -> None:
    store = SecretsStore(folder / ".env.local")
    for i in range(200):
        store.set(f"SECRET_{i}", f"value-{i}-" + "x" * 30)
    text = store.path.read_text()
    counter = iter(range(10**9))

    anchor_write = best(lambda: naive_write(folder / "plain.env", text), repeat)
    anchor_read = best(lambda: dict(line.split("=", 1) for line in text.splitlines()), repeat)
    print(f"secrets file: 200 names, {len(text):,} bytes (best of {repeat})")
    print(f"  anchor: write + fsync + os.replace      {anchor_write * 1000:8.2f} ms  1.0x")
    row("SecretsStore.set (one name)", best(
        lambda: store.set("SECRET_100", f"changed-{next(counter)}"), repeat), anchor_write)
    print(f"  anchor: naive split of the same text    {anchor_read * 1000:8.2f} ms  1.0x")
    row("SecretsStore.values (parse)", best(store.values, repeat), anchor_read)
    row("SecretsStore.statuses (parse + mask)", best(store.statuses, repeat), anchor_read)


def bench_commands(folder: Path, repeat: int) -> None:
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    lk = bin_dir / "lk"
    lk.write_text(FAKE_LK.format(python=sys.executable))
    lk.chmod(0o755)
    agent = folder / "agent"
    agent.mkdir()
    config = agent / "agent.toml"
    config.write_text((REPO / "examples" / "store-support" / "agent.toml").read_text())
    store = SecretsStore(agent / ".env.local")
    for name, value in {
        "STORE_API_TOKEN": "sk-bench-0123456789", "HELP_CENTRE_TOKEN": "hc-bench-0123456789",
        "LIVEKIT_URL": "wss://bench.livekit.cloud", "LIVEKIT_API_KEY": TEST_KEY,
        "LIVEKIT_API_SECRET": TEST_SECRET,
    }.items():
        store.set(name, value)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "FAKE_LK_LOG": str(folder / "calls.jsonl")}
    cli = [sys.executable, "-m", "runtime.cli"]
    # the first deploy creates the agent and generates the project; measure the next ones
    subprocess.run([*cli, "deploy", str(config)], check=True, capture_output=True, env=env)

    python_start = wall([sys.executable, "-c", "pass"], repeat, agent, env)
    bare_lk = wall([str(lk), "agent", "deploy"], repeat, agent / "store-support", env)
    deploy = wall([*cli, "deploy", str(config)], repeat, agent, env)
    token = wall([*cli, "token", str(config)], repeat, agent, env)
    status = wall([*cli, "status", str(config)], repeat, agent, env)
    print(f"process wall time (median of {repeat})")
    print(f"  anchor: python -c pass                  {python_start * 1000:8.1f} ms  1.0x")
    row("bare `lk agent deploy` (stand-in)", bare_lk, python_start)
    row("agent-builder status (1 lk call)", status, python_start)
    row("agent-builder token", token, python_start)
    row("agent-builder deploy (2 lk calls)", deploy, python_start)
    print(f"  deploy / bare lk call: {deploy / bare_lk:.1f}x "
          f"(two lk calls are at least 2.0x)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        bench_secrets(Path(tmp), max(repeat, 20))
        bench_commands(Path(tmp), repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
