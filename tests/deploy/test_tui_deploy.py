"""The Deploy view and the secret editor, driven with Pilot against the same stand-ins."""

import os

from livekit import api
from textual.app import App

from runtime.secrets import SecretsStore
from tests.deploy.helpers import (
    KEPT_TOML,
    STORE_TOKEN,
    TEST_KEY,
    TEST_SECRET,
    assert_nothing_secret,
    fill_secrets,
    store_credentials,
)
from tui.deploy.screen import DeployScreen
from tui.deploy.secret_edit import SecretEditScreen


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        if self._first is not None:
            self.push_screen(self._first)


async def settle(pilot, screen) -> None:
    await screen.workers.wait_for_complete()
    await pilot.pause()


async def test_status_streams_lk_output_into_the_log(agent_dir, fake_lk):
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    screen = DeployScreen(agent_dir / "agent.toml", start_with="status")
    async with Host(screen).run_test() as pilot:
        await settle(pilot, screen)
        assert "CA_test123  Running  us-east" in screen.transcript
        assert screen.last_returncode == 0
        overview = str(screen.query_one("#deploy-overview").render())
        assert "updates agent CA_kept" in overview
    assert fake_lk.calls[0]["argv"] == ["agent", "status"]


async def test_stop_ends_a_followed_log(agent_dir, fake_lk, tmp_path):
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    pid_file = tmp_path / "lk.pid"
    fake_lk.follow_logs(pid_file)
    screen = DeployScreen(agent_dir / "agent.toml")
    async with Host(screen).run_test() as pilot:
        await pilot.click("#deploy-logs")
        while "log line 2" not in screen.transcript or not pid_file.exists():
            await pilot.pause(0.05)
        assert screen.has_class("-running")
        await pilot.press("f5")  # ignored while something runs: it would cancel the logs
        await pilot.pause()
        assert screen.has_class("-running")
        assert not any("Generate" in line or "no value" in line for line in screen.transcript)
        assert [call["argv"][1] for call in fake_lk.calls] == ["logs"]
        await pilot.press("escape")  # a first escape only warns while something runs
        await pilot.pause()
        assert pilot.app.screen is screen and screen.has_class("-running")
        await pilot.press("f9")
        await settle(pilot, screen)
        assert not screen.has_class("-running")
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, 0)
        raise AssertionError("lk logs still runs after Stop")
    except ProcessLookupError:
        pass


async def test_status_before_deploying_explains(agent_dir, fake_lk):
    screen = DeployScreen(agent_dir / "agent.toml", start_with="status")
    async with Host(screen).run_test() as pilot:
        await settle(pilot, screen)
        assert screen.transcript == ["Not deployed yet: deploy first (f5)."]
        assert "creates the agent" in str(screen.query_one("#deploy-overview").render())
    assert fake_lk.calls == []


async def test_missing_lk_is_explained_in_the_log(agent_dir, no_lk):
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    screen = DeployScreen(agent_dir / "agent.toml", start_with="status")
    async with Host(screen).run_test() as pilot:
        await settle(pilot, screen)
        assert any("brew install livekit-cli" in line for line in screen.transcript)
        assert screen.last_returncode == 127


async def test_token_is_shown_copied_and_dispatches_the_agent(agent_dir):
    store_credentials(agent_dir)
    screen = DeployScreen(agent_dir / "agent.toml")
    async with Host(screen).run_test() as pilot:
        await pilot.click("#deploy-room")
        await pilot.press(*"room-5")
        await pilot.click("#deploy-token")
        await pilot.pause()
        token = pilot.app.clipboard
        assert any(token in line for line in screen.transcript)
        assert any("agents-playground.livekit.io" in line for line in screen.transcript)
        assert not any(TEST_SECRET in line for line in screen.transcript)
    claims = api.TokenVerifier(TEST_KEY, TEST_SECRET).verify(token)
    assert claims.video.room == "room-5"
    assert claims.room_config.agents[0].agent_name == "store-support"


async def test_dispatch_needs_a_room_then_reaches_the_api(agent_dir, livekit_api):
    store_credentials(agent_dir, livekit_api.url)
    screen = DeployScreen(agent_dir / "agent.toml")
    async with Host(screen).run_test() as pilot:
        await pilot.click("#deploy-dispatch")
        await pilot.pause()
        assert screen.transcript[-1].startswith("Type the room")
        assert pilot.app.focused.id == "deploy-room"
        await pilot.press(*"room-3")
        await pilot.click("#deploy-dispatch")
        await settle(pilot, screen)
        assert screen.transcript[-1].startswith("Dispatched store-support to room-3 (dispatch AD_test42)")
    assert livekit_api.requests[0]["room"] == "room-3"


async def test_token_without_credentials_says_what_is_missing(agent_dir):
    screen = DeployScreen(agent_dir / "agent.toml", start_with="token")
    async with Host(screen).run_test() as pilot:
        await pilot.pause()
        assert "LiveKit credentials missing" in screen.transcript[0]


async def test_secret_editor_stores_without_showing_the_value(agent_dir):
    store = SecretsStore(agent_dir / ".env.local")
    screen = SecretEditScreen(store, "STORE_API_TOKEN")
    value = "sk-typed-in-the-modal-0042"
    results = []
    async with Host(None).run_test() as pilot:
        pilot.app.push_screen(screen, results.append)
        await pilot.pause()
        await pilot.press(*value)
        shown = pilot.app.export_screenshot()
        assert value not in shown and "STORE_API_TOKEN" in shown
        await pilot.press("enter")
        await pilot.pause()
    assert results == ["Saved STORE_API_TOKEN."]
    assert store.get("STORE_API_TOKEN") == value


async def test_secret_editor_refuses_bad_input_and_removes(agent_dir):
    store = SecretsStore(agent_dir / ".env.local")
    store.set("OLD", "x")
    results = []
    async with Host(None).run_test() as pilot:
        pilot.app.push_screen(SecretEditScreen(store), results.append)
        await pilot.pause()
        await pilot.press(*"bad name", "enter", *"v", "enter")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#secret-error").render())
        assert "not a valid secret name" in error and results == []
        pilot.app.screen.dismiss(None)
        await pilot.pause()
        pilot.app.push_screen(SecretEditScreen(store, "OLD"), results.append)
        await pilot.pause()
        await pilot.click("#secret-remove")
        await pilot.pause()
    assert results == [None, "Removed OLD."]
    assert store.names() == []


async def test_editor_deploy_command_opens_the_view_with_what_is_missing(agent_dir):
    from tui.app import AgentBuilderApp

    app = AgentBuilderApp(agent_dir / "agent.toml", watch_interval=None)
    async with app.run_test() as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Project: Deploy", "Deploy: Agent status", "Secrets: Set a secret"} <= set(titles)
        app.action_deploy()
        await pilot.pause()
        assert isinstance(app.screen, DeployScreen)
        overview = str(app.screen.query_one("#deploy-overview").render())
        assert "Missing secrets: HELP_CENTRE_TOKEN, STORE_API_TOKEN" in overview
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DeployScreen)


async def test_selecting_a_secret_row_edits_it_and_refreshes_the_table(agent_dir):
    from textual.widgets import DataTable

    from tui.app import AgentBuilderApp

    app = AgentBuilderApp(agent_dir / "agent.toml", watch_interval=None)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await app.action_show_tab("variables")
        await pilot.pause()
        table = app.query_one("#secrets-table", DataTable)
        row = table.get_row_index("STORE_API_TOKEN")
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SecretEditScreen)
        await pilot.press(*"tok-12345678", "enter")
        await pilot.pause()
        assert table.get_row("STORE_API_TOKEN")[2].startswith("set")
    assert SecretsStore(agent_dir / ".env.local").get("STORE_API_TOKEN") == "tok-12345678"


async def test_f5_deploys_with_the_chosen_region_and_shows_output_live(agent_dir, fake_lk):
    from textual.widgets import Select

    fill_secrets(agent_dir)
    screen = DeployScreen(agent_dir / "agent.toml")
    async with Host(screen).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen.query_one("#deploy-region", Select).value = "ap-south"
        await pilot.press("f5")
        await settle(pilot, screen)
        assert screen.last_returncode == 0
        assert "Created agent with ID [CA_test123]" in screen.transcript
        assert_nothing_secret("\n".join(screen.transcript) + pilot.app.export_screenshot())
        assert "updates agent CA_test123" in str(screen.query_one("#deploy-overview").render())
    [call] = fake_lk.calls
    assert call["argv"][:4] == ["agent", "create", "--region", "ap-south"]
    assert STORE_TOKEN in call["secrets_files"][call["argv"][5]]["text"]


async def test_dry_run_button_shows_the_lk_commands_without_running_them(agent_dir, fake_lk):
    fill_secrets(agent_dir)
    screen = DeployScreen(agent_dir / "agent.toml")
    async with Host(screen).run_test(size=(120, 40)) as pilot:
        await pilot.click("#deploy-dry-run")
        await settle(pilot, screen)
        assert any("lk agent create --secrets-file" in line for line in screen.transcript)
        assert screen.transcript[-1] == "Dry run: nothing was written, sent or deployed."
    assert fake_lk.calls == [] and not (agent_dir / "store-support").exists()


def test_deploy_view_snapshot(agent_dir, fake_lk, snap_compare):
    (agent_dir / "livekit.toml").write_text(KEPT_TOML)
    screen = DeployScreen(agent_dir / "agent.toml", start_with="status")

    async def finish_status(pilot) -> None:
        await settle(pilot, screen)

    assert snap_compare(Host(screen), terminal_size=(100, 24), run_before=finish_status)
