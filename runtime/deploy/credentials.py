"""LiveKit project credentials for dispatch and tokens: LIVEKIT_URL / API_KEY / API_SECRET.

They come from the secrets file beside the config (where `lk app env` or a person puts
them) and, for names it lacks, from the environment, the same rule as every secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from runtime.secrets import SecretsStore

URL_NAME = "LIVEKIT_URL"
KEY_NAME = "LIVEKIT_API_KEY"
SECRET_NAME = "LIVEKIT_API_SECRET"
CREDENTIAL_NAMES = (URL_NAME, KEY_NAME, SECRET_NAME)


class CredentialsError(ValueError):
    """LiveKit credentials are missing or malformed; the message says how to fix it."""


class MissingCredentials(CredentialsError):
    def __init__(self, missing: list[str], store: SecretsStore) -> None:
        self.missing = missing
        names = ", ".join(missing)
        super().__init__(
            f"LiveKit credentials missing: {names}.\n"
            f"Set them in the environment or store them beside the config:\n"
            + "".join(f"  agent-builder secrets set {name} --secrets-file {store.path}\n" for name in missing)
            + "They are on your project's Settings > API keys page in LiveKit Cloud, "
            "or `lk app env -w` writes them for the default project."
        )


@dataclass(frozen=True)
class LiveKitCredentials:
    url: str
    api_key: str
    api_secret: str = field(repr=False)

    @property
    def http_url(self) -> str:
        """The API base: the same host as the websocket URL, over http(s)."""
        if self.url.startswith("ws"):
            return "http" + self.url[2:]
        return self.url

    @property
    def ws_url(self) -> str:
        """The URL a client joins with."""
        if self.url.startswith("http"):
            return "ws" + self.url[4:]
        return self.url

    def as_secrets(self) -> dict[str, str]:
        """Name -> value, for redacting output."""
        return {KEY_NAME: self.api_key, SECRET_NAME: self.api_secret}


def load_credentials(
    store: SecretsStore, environ: Mapping[str, str] | None = None
) -> LiveKitCredentials:
    environ = os.environ if environ is None else environ
    found = store.resolve(CREDENTIAL_NAMES, environ)
    missing = [name for name in CREDENTIAL_NAMES if name not in found]
    if missing:
        raise MissingCredentials(missing, store)
    url = found[URL_NAME].strip().rstrip("/")
    if not url.startswith(("ws://", "wss://", "http://", "https://")):
        raise CredentialsError(f"{URL_NAME} must start with wss:// or https:// (got a value without a scheme)")
    return LiveKitCredentials(url, found[KEY_NAME].strip(), found[SECRET_NAME].strip())
