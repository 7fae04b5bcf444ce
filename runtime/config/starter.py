"""Text of new agent files: the commented starter, or a copy of a bundled example."""

from __future__ import annotations

from pathlib import Path

STARTER_FILE = Path(__file__).with_name("starter.toml")
# Examples live at the top of the source tree (the README and tests use them there);
# this link to them is what ships in the wheel, so `new --example` works when installed.
EXAMPLES_DIR = Path(__file__).with_name("bundled_examples")


# Comments of the starter that stop applying once the file has what they point to: the
# editor removes them when the first of those sections is added.
STARTER_HINTS: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (
        (
            "# Tools, data collection, call ending and metadata variables: see the examples",
            "# (`agent-builder new --example clinic-front-desk`) and the README.",
        ),
        frozenset({"tools", "data_collection", "call_ending", "metadata"}),
    ),
)


class StarterError(Exception):
    pass


def example_names() -> list[str]:
    if not EXAMPLES_DIR.is_dir():
        return []
    return sorted(p.parent.name for p in EXAMPLES_DIR.glob("*/agent.toml"))


def starter_text(example: str | None = None) -> str:
    if example is None:
        return STARTER_FILE.read_text(encoding="utf-8")
    names = example_names()
    if example not in names:
        known = ", ".join(names) or "none are installed"
        raise StarterError(f"no example named {example!r} (examples: {known})")
    text = (EXAMPLES_DIR / example / "agent.toml").read_text(encoding="utf-8")
    # The schema path is relative to the example's folder; it would dangle elsewhere.
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith("#:schema")
    )


def write_starter(path: str | Path, example: str | None = None) -> None:
    """Create `path` with the starter (or an example). Never overwrites: raises
    FileExistsError if the file exists, StarterError for an unknown example."""
    text = starter_text(example)
    with open(path, "x", encoding="utf-8", newline="") as handle:
        handle.write(text)
