"""LiveKit credentials for the preview, with a message that says what to set and where.

The preview's model calls go through LiveKit Inference, which signs each request with
LIVEKIT_API_KEY / LIVEKIT_API_SECRET. They come from the dotenv file beside the config
(`.env.local`) or, for names it lacks, from the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from runtime.preview.errors import PreviewError

REQUIRED = ("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET")


class MissingCredentials(PreviewError):
    """Raised with a message meant to be shown as it is."""


PREVIEW_NEEDS = "The preview needs {names}: it talks to the model through LiveKit Inference."


def load_credentials(
    config_path: str | os.PathLike[str],
    environ: Mapping[str, str] | None = None,
    why: str = PREVIEW_NEEDS,
) -> dict[str, str]:
    """`why` says who needs them, with `{names}` for the missing names."""
    from runtime.secrets import SecretsStore

    store = SecretsStore.beside(config_path)
    found = store.resolve(REQUIRED, environ)
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise MissingCredentials(missing_message(missing, store.path, why))
    return found


def missing_message(missing: list[str], dotenv_path: Path, why: str = PREVIEW_NEEDS) -> str:
    names = " and ".join(missing)
    lines = "\n".join(f"  {name}=..." for name in missing)
    return (
        why.format(names=names) + "\n"
        f"Add them to {dotenv_path} (next to the agent file):\n{lines}\n"
        f"or export them in your shell (export {missing[0]}=...).\n"
        "The values are on your LiveKit Cloud project's Settings > API keys page."
    )
