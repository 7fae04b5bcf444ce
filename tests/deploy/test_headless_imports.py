import subprocess
import sys

from tests.deploy.helpers import fill_secrets

PROBE = (
    "import sys; from runtime.cli import main; code = main(sys.argv[1:]); "
    "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual' "
    "or m.startswith('livekit.agents')); print('IMPORTED', bad, file=sys.stderr); "
    "sys.exit(3 if bad else code)"
)


def test_commands_never_import_textual_or_the_sdk(agent_dir, fake_lk):
    fill_secrets(agent_dir)
    store = agent_dir / ".env.local"
    store.write_text(store.read_text() + "LIVEKIT_URL=wss://demo.livekit.cloud\n")
    # deploy first: status needs the livekit.toml it keeps
    for argv in (["deploy"], ["status"], ["token"], ["secrets", "list"]):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *argv], check=False, capture_output=True, text=True
        )
        assert "IMPORTED []" in done.stderr, (argv, done.stderr)
        assert done.returncode == 0, (argv, done.stdout + done.stderr)
