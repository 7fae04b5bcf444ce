"""Whatever the config holds, the generated Python is already as `ruff format` writes it
and passes `ruff check`: strings of every length around the line limit, wide and
combining characters, quotes of both kinds, long model ids, many parameters."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtime.codegen import render_project
from runtime.config.model import AgentConfig

WIDE = ["日本語", "☕", "é", "e\u0301", "“", "'", '"', "\\", "—", "Ω"]
# text of any length up to past the line limit, salted with characters of other widths
text = st.builds(
    lambda parts, n: ("".join(parts) * (n // max(1, len("".join(parts))) + 1))[:n],
    st.lists(st.sampled_from(WIDE) | st.text("abc xyz", min_size=1, max_size=9), min_size=1),
    st.integers(min_value=1, max_value=140),
)
names = st.from_regex(r"\A[a-z][a-z0-9_]{0,40}\Z")


@st.composite
def configs(draw) -> dict:
    tool_names = draw(st.lists(names, min_size=2, max_size=2, unique=True))
    params = draw(st.lists(names, min_size=0, max_size=4, unique=True))
    return {
        "version": 1,
        "agent": {
            "name": draw(st.from_regex(r"\A[a-z][a-z0-9-]{0,62}\Z")),
            "instructions": draw(text),
        },
        "greeting": {"enabled": draw(st.booleans()), "instructions": draw(text)},
        "models": {
            "llm": draw(text),
            "stt": draw(text),
            "tts": draw(text),
            "voice": draw(text),
            "language": draw(st.sampled_from(["", "en", "multi"])),
            "thinking_effort": draw(st.sampled_from(["", "low"])) or None,
        },
        "data_collection": {
            "enabled": True,
            "fields": [
                {
                    "name": draw(names),
                    "description": draw(text),
                    "type": "object",
                    "required": draw(st.booleans()),
                    "multiple": draw(st.booleans()),
                    "instructions": draw(text),
                    "properties": {draw(names): {"type": "string", "description": draw(text)}},
                }
            ],
        },
        "tools": {
            "http": [
                {
                    "name": tool_names[0],
                    "description": draw(text),
                    "url": "https://api.example.com/" + draw(text),
                    "method": "POST",
                    "headers": {"X-Key": "{{secrets.KEY}}" + draw(text)},
                    "silent": draw(st.booleans()),
                    "parameters": [
                        {
                            "name": n,
                            "description": draw(text),
                            "type": draw(
                                st.sampled_from(["string", "integer", "boolean", "object", "array"])
                            ),
                            "required": draw(st.booleans()),
                        }
                        for n in params
                    ],
                }
            ],
            "client": [
                {
                    "name": tool_names[1],
                    "description": draw(text),
                    "preview_response": draw(text),
                }
            ],
        },
        "call_ending": {
            "final_response": draw(text),
            "endpoint_url": "https://hooks.example.com/" + draw(text),
            "delete_room": draw(st.booleans()),
            "summary": {"enabled": draw(st.booleans()), "instructions": draw(text)},
        },
        "metadata": {draw(names): {"description": draw(text), "example": draw(text)}},
        "advanced": {
            "noise_cancellation": draw(st.booleans()),
            "turn_detection": draw(st.booleans()),
            "preemptive_generation": draw(st.booleans()),
        },
    }


def _ruff(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(configs())
def test_generated_python_is_ruff_formatted_and_clean(tmp_path, data):
    config = AgentConfig.from_dict(data)
    files = render_project(config, source_text="# fuzz\n")
    project = tmp_path / "p"
    for path, content in files.items():
        if path.endswith((".py", ".toml", ".md")):
            target = project / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    formatted = _ruff("format", "--check", "--diff", "--no-cache", ".", cwd=project)
    assert formatted.returncode == 0, formatted.stdout[-4000:] + formatted.stderr[-2000:]
    lint = _ruff("check", "--no-cache", ".", cwd=project)
    assert lint.returncode == 0, lint.stdout[-4000:]
