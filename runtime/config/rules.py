"""Cross-field rules of the agent file (the shape checks live in `validate.py`).

Each rule reads plain config data defensively: a value of the wrong type has already
been reported by the shape checks, so rules skip it instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import SplitResult, urlsplit

from runtime.config import catalog
from runtime.config import declarations as decl
from runtime.config.paths import Path
from runtime.config.validate import ERROR, WARNING, Finding, add, clip, did_you_mean
from runtime.config.variables import VARIABLE, variables_in

PATH_PARAMETER = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)")
SECRET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def check_rules(data: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    _check_variables(data, out)
    _check_names(data, out)
    _check_reserved_tool_names(data, out)
    _check_http_tools(data, out)
    _check_fields(data, out)
    _check_endpoints(data, out)
    _check_thinking_effort(data, out)
    _check_signing_secret(data, out)
    return out


_SIGNING_SECRET = re.compile(r"^\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$")


def _check_signing_secret(data: dict[str, Any], out: list[Finding]) -> None:
    value = _table(data, "call_ending").get("signing_secret", "")
    if isinstance(value, str) and value and not _SIGNING_SECRET.match(value.strip()):
        # the value is not repeated: it may be the secret itself, pasted by mistake
        add(
            out,
            ERROR,
            ("call_ending", "signing_secret"),
            "write exactly one {{secrets.NAME}} here and keep the value in the secrets file",
        )


def _table(data: Any, *keys: str) -> dict[str, Any]:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _entries(data: Any, *keys: str) -> Iterator[tuple[int, dict[str, Any]]]:
    parent = _table(data, *keys[:-1])
    items = parent.get(keys[-1])
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def _check_variables(data: dict[str, Any], out: list[Finding]) -> None:
    declared = set(_table(data, "metadata"))
    for path, var in variables_in(data):
        spec = decl.spec_for_path(path)
        if spec is None or path[:1] == ("metadata",):
            continue
        allowed = spec.variables
        if not var.is_known:
            add(
                out,
                ERROR,
                path,
                f"unknown variable {var.text}: write {{{{metadata.KEY}}}} "
                "or, in header values, {{secrets.NAME}}",
            )
        elif var.namespace == "secrets" and "secrets" not in allowed:
            add(
                out,
                ERROR,
                path,
                f"{var.text} is only allowed in header values: anywhere "
                "else the secret would leak into the prompt or the logs",
            )
        elif var.namespace == "secrets" and not SECRET_NAME.fullmatch(var.name):
            add(out, ERROR, path, f"{var.text}: secret names use letters, digits and _")
        elif var.namespace == "metadata" and "metadata" not in allowed:
            add(out, WARNING, path, f"{var.text} is not filled in here; it stays as written")
        elif var.namespace == "metadata" and var.root not in declared:
            hint = did_you_mean(var.root, sorted(declared))
            add(
                out,
                WARNING,
                path,
                f"{var.text} uses metadata '{var.root}', which is not "
                f"declared under [metadata]{hint}",
            )


def _check_names(data: dict[str, Any], out: list[Finding]) -> None:
    """Tool names share one namespace (the model calls them by name); MCP servers and
    fields each have their own."""
    groups = [
        [("tools", "http"), ("tools", "client")],
        [("tools", "mcp")],
        [("data_collection", "fields")],
    ]
    for group in groups:
        seen: dict[str, Path] = {}
        for keys in group:
            for index, item in _entries(data, *keys):
                name = item.get("name")
                if not isinstance(name, str):
                    continue
                path = (*keys, index, "name")
                if name in seen:
                    first = _human(seen[name])
                    add(out, ERROR, path, f"the name '{name}' is already used by {first}")
                else:
                    seen[name] = path
        for keys in group:
            for index, item in _entries(data, *keys):
                _check_parameter_names(item, (*keys, index), out)


def reserved_tool_names(field_names: Iterator[str] | list[str]) -> set[str]:
    """Names of the tools every agent has built in: the SDK refuses a second tool with
    the same name when the call starts, so a configured tool may not take one."""
    return {"end_call"} | {f"record_{name}" for name in field_names}


def _check_reserved_tool_names(data: dict[str, Any], out: list[Finding]) -> None:
    fields = [f.get("name") for _, f in _entries(data, "data_collection", "fields")]
    reserved = reserved_tool_names([n for n in fields if isinstance(n, str)])
    for kind in ("http", "client"):
        for index, item in _entries(data, "tools", kind):
            if isinstance(item.get("name"), str) and item["name"] in reserved:
                add(
                    out,
                    ERROR,
                    ("tools", kind, index, "name"),
                    f"'{item['name']}' is the name of a tool the agent has built in "
                    "(end_call, record_<field>); choose another name",
                )


def _check_parameter_names(item: dict[str, Any], path: Path, out: list[Finding]) -> None:
    seen: set[str] = set()
    for index, param in _entries(item, "parameters"):
        _check_parameter_shape(param, (*path, "parameters", index), out)
        name = param.get("name")
        if isinstance(name, str):
            if name in seen:
                add(
                    out,
                    ERROR,
                    (*path, "parameters", index, "name"),
                    f"parameter '{name}' is declared twice",
                )
            seen.add(name)


def _check_parameter_shape(param: dict[str, Any], path: Path, out: list[Finding]) -> None:
    """`items` belongs to arrays, `properties` to objects (or arrays of objects)."""
    kind = param.get("type", "string")
    items = param.get("items", "string")
    if "items" in param and kind != "array":
        add(
            out,
            ERROR,
            (*path, "items"),
            f'items only apply to parameters of type "array", and this one is "{kind}"',
        )
    holds_objects = kind == "object" or (kind == "array" and items == "object")
    if "properties" in param and not holds_objects:
        add(
            out,
            ERROR,
            (*path, "properties"),
            'properties only apply to parameters of type "object" or arrays with items = "object"',
        )


def _human(path: Path) -> str:
    from runtime.config.paths import format_path

    return format_path(path[:-1])


def _check_http_tools(data: dict[str, Any], out: list[Finding]) -> None:
    for index, tool in _entries(data, "tools", "http"):
        url = tool.get("url")
        if not isinstance(url, str):
            continue
        path = ("tools", "http", index)
        params = {
            p["name"]: p for _, p in _entries(tool, "parameters") if isinstance(p.get("name"), str)
        }
        for name in path_parameters(url):
            if name not in params:
                add(
                    out,
                    ERROR,
                    (*path, "url"),
                    f"path parameter ':{name}' is not declared under [[tools.http.parameters]]",
                )
            elif params[name].get("required") is False:
                add(
                    out,
                    WARNING,
                    (*path, "url"),
                    f"path parameter ':{name}' is optional, but the URL cannot be built without it",
                )
        _check_url(url, (*path, "url"), out)


def path_parameters(url: str) -> list[str]:
    """`:name` placeholders in the path part of a URL (not a host's `:port`)."""
    parts = _split(url)
    return PATH_PARAMETER.findall(parts.path) if parts is not None else []


def _split(url: str) -> SplitResult | None:
    """The parts of a URL, or None when it cannot be read as one (`http://[::1`)."""
    try:
        parts = urlsplit(_without_variables(url))
        parts.port  # noqa: B018 - reading it checks the port
        return parts
    except ValueError:
        return None


def _without_variables(text: str) -> str:
    return VARIABLE.sub("x", text)


def _check_url(url: str, path: Path, out: list[Finding]) -> None:
    parts = _split(url)
    if parts is None:
        add(out, ERROR, path, f"'{clip(url)}' is not a valid URL")
    elif parts.scheme not in ("http", "https") or not parts.netloc:
        add(out, ERROR, path, f"'{clip(url)}' is not an http:// or https:// URL")
    elif parts.scheme == "http" and parts.hostname not in _LOCAL_HOSTS:
        add(out, WARNING, path, "plain http:// sends data unencrypted; use https://")


def _check_endpoints(data: dict[str, Any], out: list[Finding]) -> None:
    for index, server in _entries(data, "tools", "mcp"):
        if isinstance(server.get("url"), str):
            _check_url(server["url"], ("tools", "mcp", index, "url"), out)
    ending = _table(data, "call_ending")
    endpoint = ending.get("endpoint_url", "")
    if isinstance(endpoint, str) and endpoint:
        _check_url(endpoint, ("call_ending", "endpoint_url"), out)
    if endpoint:
        return
    if _table(data, "data_collection").get("enabled") is True:
        add(
            out,
            WARNING,
            ("data_collection", "enabled"),
            "data collection is on but call_ending.endpoint_url is empty: the results go nowhere",
        )
    if _table(data, "call_ending", "summary").get("enabled") is True:
        add(
            out,
            WARNING,
            ("call_ending", "summary", "enabled"),
            "a summary is written but call_ending.endpoint_url is empty: it goes nowhere",
        )


def _check_fields(data: dict[str, Any], out: list[Finding]) -> None:
    collection = _table(data, "data_collection")
    fields = list(_entries(data, "data_collection", "fields"))
    if collection.get("enabled") is True and not fields:
        add(
            out,
            WARNING,
            ("data_collection", "enabled"),
            "data collection is on but no [[data_collection.fields]] are declared",
        )
    for index, field in fields:
        path = ("data_collection", "fields", index)
        kind = field.get("type", "string")
        if "properties" in field and kind != "object":
            add(
                out,
                ERROR,
                (*path, "properties"),
                f'properties only apply to fields of type "object", and this field is "{kind}"',
            )
        elif kind == "object" and not field.get("properties"):
            add(
                out,
                WARNING,
                (*path, "type"),
                "an object field needs [properties] to say what it holds",
            )


def _check_thinking_effort(data: dict[str, Any], out: list[Finding]) -> None:
    for keys in (("models",), ("call_ending", "summary")):
        table = _table(data, *keys)
        effort = table.get("thinking_effort")
        model = table.get("llm", decl.spec_for_path((*keys, "llm")).default)  # type: ignore[union-attr]
        if not isinstance(effort, str) or not isinstance(model, str):
            continue
        accepted = catalog.thinking_efforts(model)
        path = (*keys, "thinking_effort")
        if not accepted:
            add(
                out,
                WARNING,
                path,
                f"'{model}' is not a reasoning model; thinking_effort is ignored",
            )
        elif effort in decl.THINKING_EFFORTS and effort not in accepted:
            add(
                out,
                WARNING,
                path,
                f"'{model}' accepts thinking_effort "
                f"{', '.join(accepted)}; '{effort}' would be rejected",
            )
