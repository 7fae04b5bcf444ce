"""The generated project, built and loaded into this process for `agent-builder test`.

The runner tests the code that deploys: the project generated from the agent file by
the same build the preview uses, its `src/agent.py` imported under a name of its own.
How a call of it is started is the engine's (`engine/agent_call.py`), shared with the
project's own tests.
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import sys
from pathlib import Path

from runtime.scenarios.engine.agent_call import SUPPORT_PACKAGE, AgentUnderTest

_module_numbers = itertools.count(1)


def build_project(config_path: Path, build_dir: Path) -> Path:
    """Generate the project into `build_dir`; returns the path of its `src/agent.py`
    (the production entrypoint: the preview's own wraps it, and is not what deploys)."""
    from runtime.codegen import generate_project

    generate_project(config_path, build_dir, force=True)
    return build_dir / "src" / "agent.py"


def load_project(entrypoint: Path) -> AgentUnderTest:
    """Import `src/agent.py` under a name of its own, with the support package copied
    beside it (every project has one named the same, so an earlier one is dropped)."""
    for name in [n for n in sys.modules if n == SUPPORT_PACKAGE or n.startswith(SUPPORT_PACKAGE + ".")]:
        del sys.modules[name]
    src = str(entrypoint.parent)
    sys.path.insert(0, src)
    try:
        name = f"agent_builder_generated_{next(_module_numbers)}"
        spec = importlib.util.spec_from_file_location(name, entrypoint)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        support = importlib.import_module(SUPPORT_PACKAGE)
        importlib.import_module(f"{SUPPORT_PACKAGE}.call_ending")
    finally:
        sys.path.remove(src)
    return AgentUnderTest(module, support)
