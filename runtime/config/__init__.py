"""The agent file (`agent.toml`): declarations, editing, validation and typed views.

- `declarations`: the one declaration of every key (`ROOT`, `Spec`, `spec_for_path`).
- `document.AgentDocument`: load / get / set / delete / list-item helpers / save (atomic,
  refuses to clobber external changes) / `line_of`.
- `validate.validate(doc_or_text) -> list[Problem]` (severity, path, message, line, col).
- `model.AgentConfig` / `model.load_config(path)`: typed, frozen, defaults filled.
- `variables`: `{{metadata.x}}` / `{{secrets.X}}` references; `catalog`: known model ids.
- `jsonschema.render_schema()`; `starter.write_starter(path, example=None)`.

Nothing here imports Textual or livekit.agents.
"""
