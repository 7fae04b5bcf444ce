"""Values and small helpers the deploy tests share (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from runtime.secrets import SecretsStore

TEST_KEY = "APItestkey"
TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
STORE_TOKEN = "sk-store-abcdefghijklmnop01"
HELP_TOKEN = "hc-token-abcdefghijklmnop02"
OTHER = "other value with spaces $HOME"
KEPT_TOML = '[project]\nsubdomain = "demo"\n\n[agent]\nid = "CA_kept"\n'
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def store_credentials(folder: Path, url: str = "wss://demo.livekit.cloud") -> None:
    store = SecretsStore(folder / ".env.local")
    store.set("LIVEKIT_URL", url)
    store.set("LIVEKIT_API_KEY", TEST_KEY)
    store.set("LIVEKIT_API_SECRET", TEST_SECRET)


def fill_secrets(folder: Path) -> SecretsStore:
    """The store-support agent's secrets, one extra, and the LiveKit key pair."""
    store = SecretsStore(folder / ".env.local")
    store.set("STORE_API_TOKEN", STORE_TOKEN)
    store.set("HELP_CENTRE_TOKEN", HELP_TOKEN)
    store.set("OTHER", OTHER)
    store.set("LIVEKIT_API_KEY", "APIkey")
    store.set("LIVEKIT_API_SECRET", TEST_SECRET)
    return store


def assert_nothing_secret(text: str) -> None:
    for value in (STORE_TOKEN, HELP_TOKEN, TEST_SECRET):
        assert value not in text
