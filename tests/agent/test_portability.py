"""The code generator copies runtime/agent/ verbatim under another name: it must
import there with nothing else from this repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import runtime.agent

SOURCE = Path(runtime.agent.__file__).parent


def test_the_package_works_under_another_name_without_this_repo(tmp_path: Path):
    shutil.copytree(SOURCE, tmp_path / "acme_support", ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "import sys; import acme_support as s; "
        "assert s.AgentSettings and s.call_http_tool and s.on_session_end; "
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
