"""The project's own code passes its linter (ruff, configured in pyproject.toml), as the
generated projects' code does: unused imports, duplicate definitions left by a merge and
blocking calls in async code are found here, not by a reader."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
