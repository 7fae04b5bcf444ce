"""Config speed: load, validate, edit and save a large agent file; `validate` start-up.

Prints times and ratios against anchors measured in the same run (stdlib `tomllib`
parsing the same text; `python -c pass` for process start-up), never pass/fail.
Run: python -m bench.micro.bench_config [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.files import big_agent as big_config
from bench.micro.common import best
from runtime.config.document import AgentDocument
from runtime.config.validate import validate


def wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    text = big_config()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "agent.toml"
        path.write_text(text)
        doc = AgentDocument.load(path)
        assert [p for p in validate(doc) if p.severity == "error"] == []
        # One bad url: a problem needs every key located for its line number.
        flawed = AgentDocument.from_text(text.replace('url = "https://api.example.com/items/',
                                                      'url = "not a url/', 1))
        assert validate(flawed), "the flawed file should have a problem"

        def edit_and_save() -> None:
            doc.set("tools.http[150].description", f"edited {time.perf_counter()}")
            doc.save()

        anchor = best(lambda: tomllib.loads(text), repeat)
        rows = [
            ("load (tomlkit parse)", best(lambda: AgentDocument.load(path), repeat)),
            ("validate (no problems)", best(lambda: validate(doc), repeat)),
            ("validate (a problem: keys located)", best(lambda: validate(flawed), repeat)),
            ("set one value + atomic save", best(edit_and_save, repeat)),
            ("load + validate + save", best(lambda: _cycle(path), repeat)),
        ]
        print(f"config: {len(text):,} bytes, 200 HTTP tools, 100 fields (best of {repeat})")
        print(f"  anchor: tomllib.loads            {anchor * 1000:8.1f} ms  1.0x")
        for name, seconds in rows:
            print(f"  {name:32} {seconds * 1000:8.1f} ms  {seconds / anchor:5.1f}x anchor")

        python_start = wall([sys.executable, "-c", "pass"], repeat)
        cli = [sys.executable, "-m", "runtime.cli", "validate", str(path)]
        validate_wall = wall(cli, repeat)
        example = str(REPO / "examples" / "clinic-front-desk" / "agent.toml")
        example_wall = wall([sys.executable, "-m", "runtime.cli", "validate", example], repeat)
        print(f"process wall time (median of {repeat})")
        print(f"  anchor: python -c pass           {python_start * 1000:8.1f} ms  1.0x")
        print(f"  agent-builder validate (example) {example_wall * 1000:8.1f} ms  "
              f"{example_wall / python_start:5.1f}x anchor")
        print(f"  agent-builder validate (big)     {validate_wall * 1000:8.1f} ms  "
              f"{validate_wall / python_start:5.1f}x anchor")
    return 0


def _cycle(path: Path) -> None:
    doc = AgentDocument.load(path)
    validate(doc)
    doc.set("agent.name", "big-2" if doc.get("agent.name") == "big" else "big")
    doc.save()


if __name__ == "__main__":
    sys.exit(main())
