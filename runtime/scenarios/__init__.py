"""Behaviour tests of an agent, kept beside it in `agent.tests.toml`.

    declarations   the file's keys (validation, JSON Schema and forms come from them)
    validate       problems with line and column, like the agent file's
    model          the typed view the runner reads
    livekit_yaml   LiveKit's scenarios.yaml (`lk agent simulate --scenarios`), both ways
    importer       a scenarios.yaml merged into agent.tests.toml, keeping what is there

Nothing here imports livekit.agents at import time: the runner does, when it runs.
"""
