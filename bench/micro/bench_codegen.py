"""Code generation speed: render the project for each example and for a 200-tool /
100-field agent; plan and write it to disk.

Prints best-of-N times and ratios against an anchor measured in the same run: rendering
one trivial Jinja2 template with the generator's own environment. Never pass/fail.
Run: python -m bench.micro.bench_codegen [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.files import big_agent as big_config
from bench.micro.common import best
from runtime.codegen import load_for_generation, render_project
from runtime.codegen.plan import apply_plan, plan_files
from runtime.codegen.templating import environment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    trivial = environment("text").from_string("Hello {{ name }}!\n")
    anchor = best(lambda: [trivial.render(name="x") for _ in range(1000)], args.repeat) / 1000

    with tempfile.TemporaryDirectory() as tmp:
        big_path = Path(tmp) / "big.toml"
        big_path.write_text(big_config(), encoding="utf-8")
        configs = [*sorted(REPO.glob("examples/*/agent.toml")), big_path]
        rows = []
        for path in configs:
            name = path.parent.name if path.name == "agent.toml" else "200 tools/100 fields"
            config, text = load_for_generation(path)
            render_project(config, source_text=text)  # warm the template cache
            render = best(lambda c=config, t=text: render_project(c, source_text=t), args.repeat)
            load = best(lambda p=path: load_for_generation(p), args.repeat)
            out = Path(tmp) / f"out-{len(rows)}"

            def write(c=config, t=text, o=out) -> None:
                apply_plan(plan_files(render_project(c, source_text=t), o), force=True)

            first_write = best(write, 1)  # creates every file
            rewrite = best(write, args.repeat)  # nothing changed: plan only
            rows.append((name, load, render, first_write, rewrite))

    print(f"anchor: one trivial template render = {anchor * 1e6:.1f} us")
    print(f"{'config':<22}{'load+validate':>16}{'render':>16}{'first write':>16}{'regenerate':>16}")
    for name, *times in rows:
        cells = "".join(f"{t * 1e3:8.1f}ms {t / anchor:6.0f}x" for t in times)
        print(f"{name:<22}{cells}")
    print("(x = times the anchor; regenerate = render + plan with nothing to write)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
