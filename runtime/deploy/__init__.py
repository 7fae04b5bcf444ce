"""Ship the agent: `lk agent ...` for LiveKit Cloud, livekit-api for dispatch and tokens.

Modules (import the one you need; none imports livekit.agents, and livekit.api is
imported only inside the functions that call it):
  lk           the exact `lk` command lines, finding `lk` on PATH
  stream       run a command and iterate over its output lines (CLI and TUI alike)
  pipeline     deploy: generate the project, then create or deploy + update secrets
  credentials  LIVEKIT_URL / API_KEY / API_SECRET from the secrets file or environment
  dispatch     explicit dispatch and join tokens with the agent dispatch embedded
"""
