"""The Inbox: every end-of-call POST the preview received, headers masked, body pretty."""

from __future__ import annotations

import json
from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from runtime.preview.events import InboxPost


def describe_post(number: int, post: InboxPost) -> str:
    verdict = (
        "[green]✓ matches the end-of-call payload format[/green]"
        if not post.problems
        else "[red]✗ " + escape("; ".join(post.problems)) + "[/red]"
    )
    headers = "\n".join(f"  {escape(k)}: {escape(v)}" for k, v in sorted(post.headers.items()))
    body = json.dumps(post.body, indent=2, ensure_ascii=False) if not isinstance(post.body, str) else post.body
    return (
        f"[b]POST #{number}[/b] {escape(post.path)}\n{verdict}\n"
        f"[b]Headers[/b]\n{headers}\n[b]Body[/b]\n{escape(body)}"
    )


class InboxScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", id="inbox.close")
    ]
    DEFAULT_CSS = """
    InboxScreen { align: center middle; }
    InboxScreen > Vertical { width: 90%; height: 90%; border: thick $primary; background: $surface; }
    InboxScreen .post { margin: 0 1 1 1; height: auto; }
    InboxScreen #inbox-empty { margin: 1; color: $text-muted; }
    """

    def __init__(self, posts: list[InboxPost]) -> None:
        super().__init__()
        self.posts = list(posts)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Inbox: {len(self.posts)} end-of-call POST(s) — esc to close"
            with VerticalScroll():
                if not self.posts:
                    yield Static(
                        "Nothing received yet. End the call to see what the agent POSTs.",
                        id="inbox-empty",
                    )
                for number, post in enumerate(self.posts, start=1):
                    yield Static(describe_post(number, post), classes="post")
