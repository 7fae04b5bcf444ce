"""Ship the agent: `lk agent ...` for LiveKit Cloud, livekit-api for dispatch and tokens.

Modules (import the one you need; none imports livekit.agents, and livekit.api is
imported only inside the functions that call it):
  lk           the exact `lk` command lines, finding `lk` on PATH
  stream       run a command and iterate over its output lines (CLI and TUI alike)
  events       DeployEvent, and LkRun: one `lk` command reported as events
  pipeline     Deployment: check, generate, then create or update-secrets + deploy
  credentials  LIVEKIT_URL / API_KEY / API_SECRET from the secrets file or environment
  dispatch     explicit dispatch and join tokens with the agent dispatch embedded
  cli_support  what the headless commands share (arguments, errors, printing events)
"""
