"""Figures: samples of ours and of the anchor, their p50/p95/n, the ratio, the table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100), interpolated between the nearest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Figure:
    """One row of the table. `on` is the statistic the target is about ("p50" or "p95");
    `target` the highest acceptable ratio (or, with `absolute`, the highest value)."""

    name: str
    anchor_name: str
    unit: str = "ms"
    on: str = "p50"
    target: float | None = None
    absolute: float | None = None
    ours: list[float] = field(default_factory=list)
    anchor: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def stat(self, samples: list[float], which: str | None = None) -> float:
        return percentile(samples, 95 if (which or self.on) == "p95" else 50)

    @property
    def ratio(self) -> float:
        if not self.anchor:
            return math.nan
        return self.stat(self.ours) / self.stat(self.anchor)

    @property
    def verdict(self) -> str:
        if self.failures or not self.ours:
            return "FAILED"
        checks = []
        if self.target is not None:
            checks.append(self.ratio <= self.target)
        if self.absolute is not None:
            checks.append(self.stat(self.ours) <= self.absolute)
        if not checks:
            return "info"
        return "met" if all(checks) else "MISSED"

    @property
    def target_text(self) -> str:
        parts = []
        if self.target is not None:
            parts.append(f"{self.on} <= {self.target:g}x")
        if self.absolute is not None:
            parts.append(f"{self.on} <= {_value(self.absolute, self.unit)}")
        return ", ".join(parts) or "-"


def _value(value: float, unit: str) -> str:
    if math.isnan(value):
        return "-"
    if unit == "ms":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value / 1e6:.1f} MB"
    return f"{value:g}"


def table(figures: list[Figure]) -> str:
    header = ("figure", "ours p50", "ours p95", "anchor", "anchor p50", "anchor p95", "n",
              "ratio", "target", "")
    rows = [header]
    for f in figures:
        rows.append((
            f.name,
            _value(f.stat(f.ours, "p50"), f.unit),
            _value(f.stat(f.ours, "p95"), f.unit),
            f.anchor_name,
            _value(f.stat(f.anchor, "p50"), f.unit) if f.anchor else "-",
            _value(f.stat(f.anchor, "p95"), f.unit) if f.anchor else "-",
            f"{len(f.ours)}/{len(f.anchor)}" if f.anchor else str(len(f.ours)),
            "-" if math.isnan(f.ratio) else f"{f.ratio:.2f}x ({f.on})",
            f.target_text,
            f.verdict,
        ))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        cells = [str(cell).ljust(width) if i in (0, 3, 8, 9) else str(cell).rjust(width)
                 for i, (cell, width) in enumerate(zip(row, widths))]
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"  {f.name}: {failure}" for f in figures for failure in f.failures]
    if notes:
        lines += ["", "failures:", *notes]
    return "\n".join(lines)
