"""The Jinja2 environments that render `templates/project/`.

Python and TOML templates print only values already turned into source text by the
filters in `literals` (`PySource`, `TomlSource`). Anything else that reaches `{{ }}` in
such a template fails the render, the way autoescaping stops raw HTML: a config string
can never be pasted into code by mistake.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

from runtime.codegen import literals
from runtime.codegen.literals import PySource

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "templates" / "project"


class TomlSource(str):
    """Text that is valid TOML as it stands."""


class UnsafeInterpolation(jinja2.TemplateError):
    """A template printed a raw value into generated source."""


def _toml(value: Any) -> TomlSource:
    if isinstance(value, bool):
        return TomlSource("true" if value else "false")
    if isinstance(value, int | float):
        return TomlSource(repr(value))
    if isinstance(value, str):
        return TomlSource(literals.toml_str(value))
    if isinstance(value, list | tuple):
        return TomlSource("[" + ", ".join(_toml(v) for v in value) + "]")
    raise TypeError(f"cannot write a {type(value).__name__} as TOML")


def _strict_finalize(allowed: tuple[type, ...], what: str):
    def finalize(value: Any) -> Any:
        if isinstance(value, allowed):
            return value
        # Integers print the same in Python and TOML, and so do floats in TOML; Python
        # floats go through |py (inf, nan); booleans print raw only in Python.
        if what == "Python":
            raw_ok = isinstance(value, int)
        else:
            raw_ok = isinstance(value, int | float) and not isinstance(value, bool)
        if raw_ok:
            return value
        raise UnsafeInterpolation(
            f"a {what} template printed {value!r} without a literal filter "
            f"(use |py / |py_text / |toml): raw text must never reach generated code"
        )

    return finalize


_FILTERS = {
    "py": literals.py_literal,
    "py_text": literals.py_text,
    "py_name": literals.py_name,
    "toml": _toml,
    "shell": literals.shell_quote,
    "json": literals.json_text,
    "json_pretty": literals.json_pretty,
    "md_cell": literals.md_cell,
}


def _environment(finalize: Any) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_ROOT)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=finalize,
    )
    env.filters.update(_FILTERS)
    return env


@functools.cache
def environment(syntax: str) -> jinja2.Environment:
    """The environment for one kind of file; built once per process (rendering is hot:
    the preview regenerates on every save)."""
    if syntax == "python":
        return _environment(_strict_finalize((PySource,), "Python"))
    if syntax == "toml":
        return _environment(_strict_finalize((TomlSource,), "TOML"))
    return _environment(None)


def render_template(name: str, syntax: str, context: dict[str, Any]) -> str:
    return environment(syntax).get_template(name).render(context)
