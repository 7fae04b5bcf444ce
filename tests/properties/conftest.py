"""The figures of the property tests (sequences, edits, files), after the run."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:
    import sys

    for name, attribute in (
        ("tests.properties.test_document_states", "STATS"),
        ("tests.properties.test_fuzz_loading", "COUNTS"),
    ):
        module = sys.modules.get(name)
        figures = getattr(module, attribute, None)
        if figures and any(figures.values()):
            terminalreporter.write_line(f"{name.rsplit('.', 1)[-1]}: {figures}")
