"""A package index on disk for `uv lock` in tests: one stub wheel (metadata only) per
distribution a generated project can ask for, so locking is offline, fast and the same
every time. A project asking for a distribution missing here fails to lock, loudly."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

# name -> (version, extras); versions satisfy what the generator asks for
DISTRIBUTIONS = {
    "livekit-agents": ("1.8.9", ("mcp", "silero")),
    "livekit-plugins-noise-cancellation": ("0.3.2", ()),
    "httpx": ("0.28.1", ()),
    "python-dotenv": ("1.2.1", ()),
    "pydantic": ("2.11.0", ()),
    "aiohttp": ("3.12.0", ()),
    "mypy": ("1.18.0", ()),
    "pytest": ("8.4.0", ()),
    "pytest-asyncio": ("1.2.0", ()),
    "ruff": ("0.14.0", ()),
}


def _record_line(path: str, content: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(content)}\n"


def stub_wheel(folder: Path, name: str, version: str, extras: tuple[str, ...] = ()) -> Path:
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = {
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            + "".join(f"Provides-Extra: {extra}\n" for extra in extras)
        ).encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
    }
    record = "".join(_record_line(p, c) for p, c in files.items()) + f"{info}/RECORD,,\n"
    wheel = folder / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, content in files.items():
            archive.writestr(path, content)
        archive.writestr(f"{info}/RECORD", record)
    return wheel


def offline_uv_environment(root: Path) -> dict[str, str]:
    """The environment under which `uv lock` resolves against the stubs only."""
    wheels, empty_index = root / "wheels", root / "simple"
    wheels.mkdir(parents=True, exist_ok=True)
    empty_index.mkdir(exist_ok=True)
    for name, (version, extras) in DISTRIBUTIONS.items():
        stub_wheel(wheels, name, version, extras)
    return {
        "UV_OFFLINE": "1",
        "UV_INDEX_URL": empty_index.as_uri(),
        "UV_FIND_LINKS": str(wheels),
        "UV_CACHE_DIR": str(root / "cache"),
    }
