"""Headless commands as scripts and CI run them: a process launched, timed to its exit.

  validate   `agent-builder validate FILE` on an agent with 200 tools and 100 fields,
             against `python -c` reading the same file with the standard TOML parser
             (the least a check of it can cost);
  generate   `agent-builder generate FILE -o DIR --force` on the same agent, against
             `python -c` copying the project it generates (the same files and bytes
             written, without deciding them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.editor import agent_builder
from bench.files import big_agent, write
from bench.terminal import child_env

READ_TOML = "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))"
COPY_TREE = "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2], dirs_exist_ok=True)"


class Commands:
    def __init__(self, folder: Path) -> None:
        self.folder = folder / "commands"
        self.folder.mkdir(exist_ok=True)
        self.agent = write(self.folder, "agent.toml", big_agent())
        self.generated = self.folder / "generated"
        self._run(agent_builder() + ["generate", str(self.agent), "-o", str(self.generated)])

    def _run(self, argv: list[str]) -> float:
        began = time.perf_counter()
        done = subprocess.run(argv, cwd=self.folder, env=child_env(), capture_output=True,
                              check=False)
        took = time.perf_counter() - began
        if done.returncode not in (0, 1):  # validate exits 1 when it finds errors
            raise RuntimeError(f"{argv[1:3]} exited {done.returncode}: {done.stderr[-500:]!r}")
        return took

    def validate(self, ours: bool) -> float:
        if ours:
            return self._run(agent_builder() + ["validate", str(self.agent)])
        return self._run([sys.executable, "-c", READ_TOML, str(self.agent)])

    def generate(self, ours: bool) -> float:
        target = self.folder / "out"
        shutil.rmtree(target, ignore_errors=True)
        if ours:
            return self._run(agent_builder() + ["generate", str(self.agent), "-o", str(target),
                                                "--force"])
        return self._run([sys.executable, "-c", COPY_TREE, str(self.generated), str(target)])
