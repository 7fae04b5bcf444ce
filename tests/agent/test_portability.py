"""The code generator copies runtime/agent/ verbatim under another name: it must
import there with nothing else from this repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import runtime.agent

SOURCE = Path(runtime.agent.__file__).parent


ALWAYS = ("__init__", "call", "call_ending", "data_collection", "delivery", "masking", "redact",
          "schema", "settings", "variables")  # what every project gets (codegen.context)


@pytest.mark.parametrize("modules", [None, ALWAYS], ids=["all", "the-minimal-set"])
def test_the_package_works_under_another_name_without_this_repo(tmp_path: Path, modules):
    package = tmp_path / "acme_support"
    package.mkdir()
    for path in SOURCE.glob("*.py"):
        if modules is None or path.stem in modules:
            shutil.copy(path, package / path.name)
    names = [p.stem for p in package.glob("*.py") if p.stem != "__init__"]
    code = (
        "import importlib, sys; "
        f"[importlib.import_module('acme_support.' + n) for n in {sorted(names)!r}]; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('runtime', 'tui', 'templates', 'textual', 'tomlkit', 'jinja2')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_only_relative_imports_inside_the_package():
    for module in SOURCE.glob("*.py"):
        text = module.read_text()
        assert "from runtime" not in text and "import runtime" not in text, module.name


def test_the_minimal_set_is_what_codegen_copies_for_a_plain_agent():
    from runtime.codegen.context import support_modules
    from runtime.config.model import AgentConfig

    plain = AgentConfig.from_dict({"version": 1, "agent": {"name": "a", "instructions": "x"}})
    assert support_modules(plain) == tuple(sorted(ALWAYS))
