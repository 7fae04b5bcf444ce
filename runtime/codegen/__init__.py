"""Generate the deployable LiveKit agent project from an agent file."""
