"""Run every bench and print one table: `python -m bench [--pairs N] [--only GROUP ...]`.

Each figure is taken from outside the program (a pseudo-terminal for the editor, the
command line for the preview) and compared with an anchor of the same size and shape,
measured in the same run: the two sides alternate in pairs (which goes first alternates
too), so a busy spell of the machine falls on both. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import commands, editor, preview
from bench.figures import Figure, table

GROUPS = ("paint", "list", "keys", "first-edit", "preview", "commands")


def figures() -> dict[str, Figure]:
    return {f.name: f for f in (
        Figure("first paint, largest example", "bare Textual app", on="p50", target=1.25),
        Figure("Actions tab, 200 tools", "bare 200-item list + form", on="p50", target=1.5),
        Figure("next tool's form (Down)", "bare list + form", on="p95", absolute=0.100),
        Figure("memory, 200 tools, Actions shown", "bare 200-item list + form", unit="MB",
               on="p50", target=1.8),
        Figure("keystroke, 200-tool file", "bare Input", on="p95", target=1.5),
        Figure("first keys, 1,000-tool file", "bare Input, from first paint", on="p95",
               target=1.5),
        Figure("preview cold start", "SDK console, minimal agent", unit="s", on="p50",
               target=1.1),
        Figure("preview edit-to-live", "SDK console, minimal agent", unit="s", on="p50",
               target=0.15),
        Figure("validate, 200 tools + 100 fields", "python reading it (tomllib)", on="p50"),
        Figure("generate, 200 tools + 100 fields", "python copying its output", on="p50"),
    )}


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5,
                        help="pairs of (ours, anchor) runs per group (default 5; 2 is quick)")
    parser.add_argument("--keys", type=int, default=30, help="keys typed per typing run")
    parser.add_argument("--moves", type=int, default=10, help="Down presses per list run")
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these groups")
    parser.add_argument("--json", metavar="FILE", help="also write every sample to FILE")
    args = parser.parse_args(argv)
    groups = args.only or GROUPS
    sys.setswitchinterval(0.001)  # the pty reader stamps chunks promptly
    # Everything measured runs in its own session (so a Ctrl+C in the pty reaches only
    # it): a bench stopped by SIGTERM (a timeout, a CI job cancelled) must still unwind
    # its `with` blocks, which end those sessions, or their processes outlive it.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)

    found = figures()
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="agent-builder-bench-") as tmp:
        folder = Path(tmp)
        files = editor.Files(folder)
        model = preview.ScriptedModel(folder) if "preview" in groups else None
        files.commands = commands.Commands(folder) if "commands" in groups else None
        try:
            for pair in range(args.pairs):
                for group in groups:
                    _run_pair(group, pair, args, files, model, folder, found)
        finally:
            if model is not None:
                model.close()
    minutes = (time.monotonic() - began) / 60
    shown = [f for f in found.values() if f.ours or f.failures]
    print()
    print(table(shown))
    print(f"\n{args.pairs} pairs, {_conditions()}, {minutes:.1f} min")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {f.name: {"ours": f.ours, "anchor": f.anchor, "failures": f.failures} for f in shown},
            indent=1))
    return 1 if any(f.verdict == "FAILED" for f in shown) else 0


def _run_pair(group: str, pair: int, args, files, model, folder: Path,
              found: dict[str, Figure]) -> None:
    sides = (True, False) if pair % 2 == 0 else (False, True)  # who goes first alternates
    for ours in sides:
        _run_side(group, ours, pair + 1, args, files, model, folder, found)


def _run_side(group: str, ours: bool, seed: int, args, files, model, folder: Path,
              found: dict[str, Figure]) -> None:
    if group == "paint":
        for _ in range(2):  # short launches: twice as many
            _sample(found["first paint, largest example"], ours,
                    lambda: editor.first_paint(ours, files))
    elif group == "list":
        results = _attempt(found["Actions tab, 200 tools"],
                           lambda: editor.list_session(ours, files, args.moves, seed))
        if results:
            for name, key in (("Actions tab, 200 tools", "tab"),
                              ("memory, 200 tools, Actions shown", "rss"),
                              ("next tool's form (Down)", "next")):
                _add(found[name], ours, results[key])
    elif group == "keys":
        _sample(found["keystroke, 200-tool file"], ours,
                lambda: editor.keystroke_session(ours, files, args.keys, seed))
    elif group == "first-edit":
        _sample(found["first keys, 1,000-tool file"], ours,
                lambda: editor.first_edit_session(ours, files, 8, seed))
    elif group == "preview":
        if ours:
            results = _attempt(found["preview cold start"],
                               lambda: preview.preview_session(model, folder))
            if results:
                cold, edit, problems = results
                _add(found["preview cold start"], True, [cold])
                _add(found["preview edit-to-live"], True, [edit])
                found["preview cold start"].failures += problems
        else:
            anchor = _attempt(found["preview cold start"],
                              lambda: preview.console_anchor(model, folder))
            if anchor is not None:
                _add(found["preview cold start"], False, [anchor])
                _add(found["preview edit-to-live"], False, [anchor])
    elif group == "commands":
        for _ in range(3):  # short launches
            _sample(found["validate, 200 tools + 100 fields"], ours,
                    lambda: files.commands.validate(ours))
            _sample(found["generate, 200 tools + 100 fields"], ours,
                    lambda: files.commands.generate(ours))


def _sample(figure: Figure, ours: bool, run: Callable[[], float | list[float]]) -> None:
    result = _attempt(figure, run)
    if result is not None:
        _add(figure, ours, result if isinstance(result, list) else [result])


def _attempt(figure: Figure, run: Callable):
    try:
        return run()
    except Exception as error:  # noqa: BLE001 - a failed run is reported in the table
        figure.failures.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
        traceback.print_exc(file=sys.stderr)
        return None


def _add(figure: Figure, ours: bool, samples: list[float]) -> None:
    (figure.ours if ours else figure.anchor).extend(samples)
    side = "ours  " if ours else "anchor"
    shown = ", ".join(f"{s / 1e6:.1f} MB" if figure.unit == "MB" else f"{s * 1000:.0f} ms"
                      for s in samples[:12])
    more = f" (+{len(samples) - 12})" if len(samples) > 12 else ""
    print(f"  {figure.name} [{side}] {shown}{more}", file=sys.stderr, flush=True)


def _conditions() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, load average {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} "
            f"at the end, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    sys.exit(main())
