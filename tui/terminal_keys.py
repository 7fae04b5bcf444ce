"""Escape + digit is alt+digit, as xterm, tmux, screen, VS Code and the browser mean it.

Terminals that "send meta as escape" deliver alt+1 as ESC 1. Textual reads those bytes as
the characters macOS types for option+digit (ESC 1 is "¡", ESC 2 "™", ESC 3 "£"...), for
WezTerm on macOS; everywhere else that typed a stray symbol into the focused field and
no alt+digit binding ever fired. This editor reads them as alt+digit. (Terminals speaking
the kitty keyboard protocol send alt+digit as such and are not affected.)
"""

from __future__ import annotations

from typing import NamedTuple


class _KeyName(NamedTuple):
    """Stands in for a `Keys` member in Textual's sequence table (it reads `.value`)."""

    value: str


def read_escape_digit_as_alt() -> None:
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

    for digit in "0123456789":
        ANSI_SEQUENCES_KEYS[f"\x1b{digit}"] = (_KeyName(f"alt+{digit}"),)
