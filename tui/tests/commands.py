"""The command palette's test commands ("Tests: Run all", "Tests: Save preview as test")."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand

PASS_RATE_RUNS = 5


def tests_commands(app) -> Iterator[SystemCommand]:
    yield SystemCommand("Tests: Run all scenarios",
                        "Run every scenario of the agent's tests, in the Tests tab (f5 there)",
                        partial(_on_tests_tab, app, "run_all"))
    yield SystemCommand(f"Tests: Run all scenarios {PASS_RATE_RUNS} times",
                        "Each scenario's pass rate: voice agents vary from run to run",
                        partial(_on_tests_tab, app, "pass_rate"))
    yield SystemCommand("Tests: Stop the run", "Stop the scenarios running in the Tests tab",
                        partial(_on_tests_tab, app, "stop"))
    yield SystemCommand("Tests: Save preview as test",
                        "Turn the preview conversation so far into a scenario",
                        partial(save_preview_as_test, app))


async def _on_tests_tab(app, what: str) -> None:
    await app.action_show_tab("tests")
    tab = app.query_one("TestsTab")
    if what == "stop":
        tab.stop()
    else:
        tab.run_scenarios(None, repeat=PASS_RATE_RUNS if what == "pass_rate" else 1)


def save_preview_as_test(app) -> None:
    panels = app.query("PreviewPanel")
    if not panels:
        app.notify("Open the preview (f7) and talk to the agent first.", title="No conversation")
        return
    panels.first().save_as_test()
