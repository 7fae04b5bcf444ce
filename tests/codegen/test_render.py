"""The rendered project: deterministic, traceable, self-consistent and secret-free."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch

from livekit.agents import Agent

from runtime.codegen import generate_project
from runtime.codegen.manifest import MANIFEST_PATH
from runtime.codegen.provenance import config_hash, sha256_hex
from runtime.codegen.tools_view import AGENT_ATTRIBUTES
from tests.codegen.conftest import EVERYTHING, REPO, rendered

PROJECT_FILES = {
    "src/agent.py", "tests/test_agent.py", "tests/conftest.py", "tests/scripted_llm.py",
    "tests/openai_contract.py", "tests/text_calls.py", "tests/local_server.py", "pyproject.toml", "Dockerfile", ".dockerignore", ".gitignore", ".env.example",
    "README.md", "AGENTS.md", "agent.toml", MANIFEST_PATH,
}


def test_the_project_has_every_file_and_only_the_support_it_uses(config_path):
    from runtime.codegen import load_for_generation

    files = rendered(config_path)
    assert PROJECT_FILES <= set(files)
    copied = {p.rsplit("/", 1)[1] for p in files if p.startswith("src/agent_support/")}
    config, _ = load_for_generation(config_path)
    wanted = {
        "summary.py": config.call_ending.summary.enabled,
        "http_tools.py": bool(config.tools.http),
        "client_tools.py": bool(config.tools.client),
        "mcp_servers.py": bool(config.tools.mcp),
        "collection_tools.py": bool(
            config.data_collection.enabled and config.data_collection.fields
        ),
    }
    library = {p.name for p in (REPO / "runtime" / "agent").glob("*.py")}
    assert copied == library - {name for name, used in wanted.items() if not used}
    # what agent.py imports from it is there
    tree = ast.parse(files["src/agent.py"])
    imported = {
        node.module.split(".", 1)[1] + ".py"
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("agent_support.")
    }
    assert imported <= copied


def test_same_config_gives_byte_identical_output(config_path):
    files = rendered(config_path)
    assert files == rendered(config_path)
    # nothing about this machine: no paths of the checkout or of the config
    blob = b"".join(files.values())
    assert str(REPO).encode() not in blob and str(config_path.parent).encode() not in blob


def test_output_does_not_depend_on_the_process():
    # hash randomisation and a fresh interpreter must not change a single byte
    code = (
        "import hashlib, sys; from tests.codegen.conftest import rendered; from pathlib import Path;"
        "files = rendered(Path(sys.argv[1]));"
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code, str(EVERYTHING)], capture_output=True, text=True,
            cwd=REPO, env={"PYTHONHASHSEED": seed, "PATH": ""}, check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_every_file_records_the_generator_and_config_hash(config_path):
    text = config_path.read_text(encoding="utf-8")
    files = rendered(config_path)
    sha = config_hash(text)
    for path, data in files.items():
        if path in ("agent.toml", MANIFEST_PATH):
            continue
        head = data.decode().splitlines()[:3]
        assert any(f"config sha256 {sha}" in line for line in head), path
    assert files["agent.toml"] == text.encode("utf-8")
    manifest = json.loads(files[MANIFEST_PATH])
    assert manifest["config_sha256"] == sha
    assert manifest["files"] == {
        p: sha256_hex(d) for p, d in files.items() if p != MANIFEST_PATH
    }


def test_python_files_compile(config_path):
    for path, data in rendered(config_path).items():
        if path.endswith(".py"):
            compile(data, path, "exec")


def test_pyproject_asks_only_for_what_the_agent_uses(config_path):
    files = rendered(config_path)
    pyproject = tomllib.loads(files["pyproject.toml"].decode())
    deps = pyproject["project"]["dependencies"]
    assert deps[0].startswith("livekit-agents[") and deps[0].endswith("]~=1.8")
    extras = set(re.search(r"\[(.*)\]", deps[0]).group(1).split(","))
    agent = tomllib.loads(files["agent.toml"].decode())
    assert ("mcp" in extras) == bool(agent.get("tools", {}).get("mcp"))
    noise = agent.get("advanced", {}).get("noise_cancellation", True)
    assert any(d.startswith("livekit-plugins-noise-cancellation") for d in deps) == noise
    assert pyproject["tool"]["uv"] == {"package": False}
    assert pyproject["tool"]["pytest"]["ini_options"]["pythonpath"] == ["src"]


def test_env_example_lists_every_secret_and_the_livekit_variables(config_path):
    from runtime.config.model import AgentConfig

    files = rendered(config_path)
    config = AgentConfig.from_dict(tomllib.loads(files["agent.toml"].decode()))
    names = re.findall(r"^([A-Za-z_][A-Za-z0-9_.-]*)=$", files[".env.example"].decode(), re.MULTILINE)
    assert names == ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", *config.secret_names]


def test_everything_config_references_all_its_secrets():
    env = rendered(EVERYTHING)[".env.example"].decode()
    for name in ("BOOKING_KEY", "DOCS_TOKEN", "HOOK_KEY", "SHOP_TOKEN"):
        assert f"\n{name}=\n" in env


def _ignored(path: str, patterns: list[str]) -> bool:
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch(p, pattern) or fnmatch(p.rsplit("/", 1)[-1], pattern) for p in prefixes):
            ignored = not negate
    return ignored


def test_ignore_files_never_exclude_what_the_image_needs(config_path):
    files = rendered(config_path)
    needed = ["pyproject.toml", "uv.lock", "Dockerfile", "agent.toml", MANIFEST_PATH]
    needed += [p for p in files if p.startswith("src/")]
    for ignore_file in (".dockerignore", ".gitignore"):
        patterns = [
            line.strip() for line in files[ignore_file].decode().splitlines()
            if line.strip() and not line.startswith("#")
        ]
        assert not [p for p in needed if _ignored(p, patterns)], ignore_file
    gitignore = [line for line in files[".gitignore"].decode().splitlines() if line]
    assert _ignored(".env.local", gitignore) and not _ignored(".env.example", gitignore)


def test_dockerfile_builds_in_two_stages_like_lk_and_starts(config_path):
    lines = rendered(config_path)["Dockerfile"].decode().splitlines()
    assert lines[0] == "# syntax=docker/dockerfile:1"
    stages = [i for i, line in enumerate(lines) if line.startswith("FROM ")]
    assert len(stages) == 3  # base, build, runtime
    build, runtime = lines[stages[1] : stages[2]], lines[stages[2] :]
    steps = [line for line in build if line.startswith(("COPY", "RUN uv"))]
    assert steps == [  # the lock before the code, the model files before the code
        "COPY pyproject.toml uv.lock ./",
        "RUN uv sync --locked --no-dev",
        "RUN uv run --no-sync --module livekit.agents download-files",
        "COPY . .",
    ]
    assert any("gcc" in line for line in build) and not any("gcc" in line for line in runtime)
    assert "COPY --from=build --chown=appuser:appuser /app /app" in runtime
    assert "USER appuser" in runtime
    assert lines[-1] == 'CMD ["uv", "run", "--no-sync", "src/agent.py", "start"]'


def test_agent_module_has_the_entrypoint_the_sdk_looks_for(config_path):
    tree = ast.parse(rendered(config_path)["src/agent.py"])
    assigned = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets}
    assert "server" in assigned  # `python -m livekit.agents console` finds it by name
    source = ast.unparse(tree)
    assert "rtc_session(agent_name=AGENT_NAME" in source
    assert "AgentServer(setup_fnc=prewarm, shutdown_process_timeout=" in source


def test_reserved_method_names_cover_the_sdk_agent():
    public = {n for n in dir(Agent) if not n.startswith("_")}
    assert public <= AGENT_ATTRIBUTES, sorted(public - AGENT_ATTRIBUTES)


def test_no_secret_value_reaches_any_generated_file(tmp_path):
    config = tmp_path / "agent.toml"
    config.write_text(EVERYTHING.read_text(encoding="utf-8"), encoding="utf-8")
    values = {
        "SHOP_TOKEN": "shop-7f3a9c1e5d", "BOOKING_KEY": "bk-0e4b6d2a8f",
        "DOCS_TOKEN": "docs-5c1d9e7b3a", "HOOK_KEY": "hook-2b8f4a6c0e",
    }
    (tmp_path / ".env.local").write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    result = generate_project(config, tmp_path / "out")
    blob = b"".join(p.read_bytes() for p in result.out_dir.rglob("*") if p.is_file())
    for value in values.values():
        assert value.encode() not in blob
    for name in values:
        assert name.encode() in blob  # the names are there, as they should be


def test_headless_generation_imports_neither_the_sdk_nor_textual(tmp_path):
    code = (
        "import sys; from runtime.cli import main;"
        f"rc = main(['generate', {str(EVERYTHING)!r}, '-o', {str(tmp_path / 'p')!r}]);"
        "bad = [m for m in sys.modules if m.startswith('livekit.agents') or m.split('.')[0] == 'textual'];"
        "print(bad); sys.exit(rc or (1 if bad else 0))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
