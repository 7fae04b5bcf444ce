"""The editor's keys, in one table: F1 shows it and the README's key table is this table
(a test holds them together, and checks every key the footer shows is in it)."""

from __future__ import annotations

KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+s or f2", "save (f2 for terminals where ctrl+s freezes the screen)"),
    ("ctrl+z / ctrl+y", ("undo / redo, one step per change (typing in a field is one step "
                        "until you leave it); it says what it undid and shows where")),
    ("f3 / f4", "previous / next tab (in every terminal, tmux, screen, VS Code, the browser)"),
    ("alt+1 .. alt+7", ("go to a tab, where the terminal sends alt as meta (or click a title; "
                       "on the focused tab bar, left/right)")),
    ("tab / shift+tab", "next / previous field"),
    ("enter", "on a list entry: edit it; on a problem: go to its field"),
    ("f1", "help for the focused field, and these keys"),
    ("f8", "the problems list (enter jumps to the field)"),
    ("ctrl+p or f9", ("command palette: save, validate, generate, preview, deploy, add a tool "
                     "or field, go to a tab, theme, quit")),
    ("down in a model, language or voice field",
     ("browse the known ids (the voices of the chosen TTS model), type to filter; any "
     "text is still allowed")),
    ("`{{` in a text field", ("pick a variable (type to filter; a new name declares it); in "
                             "header values, a secret")),
    ("a, c, x, K/J (shift+up/down)", "on a list: add, copy, delete, move an entry"),
    ("escape", "in a scenario's form (Tests tab): back to the scenario list"),
    ("ctrl+home / ctrl+end", "start / end of a multi-line text"),
    ("f6 / f7", "generate (files and diff first) / live preview"),
    ("ctrl+q", "quit (asks when there are unsaved changes)"),
)

# VS Code's terminal keeps some keys for itself unless told otherwise.
VSCODE_NOTE = (
    "In VS Code's terminal, ctrl+p, ctrl+q and f1 go to VS Code itself (unless "
    "`terminal.integrated.sendKeybindingsToShell` is on): f9 opens the palette, which "
    "has every command, help and quit included."
)


def markdown_table() -> str:
    rows = "\n".join(f"| {keys} | {what} |" for keys, what in KEYS)
    return f"| Keys | |\n| --- | --- |\n{rows}\n"
