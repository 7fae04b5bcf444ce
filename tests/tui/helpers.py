"""Small pilot helpers shared by the TUI tests."""

from tui.forms.ids import find_path_widget


def field(app, config_path: str):
    widget = find_path_widget(app.main_screen, config_path)
    assert widget is not None, f"nothing on screen edits {config_path}"
    return widget


def shown(app, config_path: str) -> bool:
    """Whether a widget editing `config_path` exists (built, maybe on a hidden tab)."""
    return find_path_widget(app.main_screen, config_path) is not None


def editor_of(app, config_path: str):
    return field(app, config_path).query_one(".field-editor")


async def type_into(pilot, app, config_path: str, text: str, *, clear: bool = True):
    """Focus the field editing `config_path`, optionally clear it, and type `text`."""
    await settle(pilot, lambda: shown(app, config_path))
    editor = editor_of(app, config_path)
    editor.focus()
    await pilot.pause()
    if clear:
        if hasattr(editor, "clear"):
            editor.clear()
        await pilot.pause()
    await pilot.press(*list(text))
    await pilot.pause()
    return editor


async def type_variable(pilot, app, config_path: str, reference: str):
    """Type a `{{...}}` by hand: the picker opens on `{{`, escape dismisses it."""
    from tui.screens.variable_picker import VariablePicker

    await type_into(pilot, app, config_path, "{{")
    assert isinstance(app.screen, VariablePicker)
    await pilot.press("escape")
    await pilot.pause()
    await type_into(pilot, app, config_path, reference + "}}", clear=False)


async def settle(pilot, condition, attempts: int = 100):
    """Let the app process messages until `condition()` holds (structural rebuilds run
    as several messages, which a loaded machine may not finish in one pause)."""
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause()
    assert condition(), "the app never reached the expected state"
