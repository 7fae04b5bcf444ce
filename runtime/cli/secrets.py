"""`agent-builder secrets list|set|unset`: the local secrets file beside the agent file.

Values are read without echo (or from stdin when it is not a terminal) and are never
printed in full: `list` shows a masked hint like `sk-…9f`.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from runtime.deploy.cli_support import add_config_argument, add_secrets_file_argument

    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="names, where each value comes from, masked values")
    add_config_argument(listing)
    add_secrets_file_argument(listing)

    setting = actions.add_parser(
        "set", help="store a secret (typed without echo, or piped on stdin)"
    )
    setting.add_argument("name", help="secret name, as in {{secrets.NAME}}")
    add_config_argument(setting)
    add_secrets_file_argument(setting)

    unsetting = actions.add_parser("unset", help="remove a secret from the file")
    unsetting.add_argument("name")
    add_config_argument(unsetting)
    add_secrets_file_argument(unsetting)


def run(args: argparse.Namespace) -> int:
    from runtime.deploy.cli_support import run_command

    body = {"list": _list, "set": _set, "unset": _unset}[args.action]
    return run_command(body, args)


def _list(args: argparse.Namespace) -> int:
    import os
    import stat

    from runtime.config.errors import ConfigError, ConfigUnreadableError
    from runtime.deploy.cli_support import display_path, store_for
    from runtime.printable import printable
    from runtime.secrets import SOURCE_FILE, referenced_secrets

    store = store_for(args)
    shown = display_path(store.path)
    referenced: list[str] = []
    if os.path.lexists(args.file):
        try:
            referenced = referenced_secrets(args.file)
        except ConfigUnreadableError:
            raise
        except ConfigError as exc:  # broken TOML: the secrets file is still worth listing
            print(f"warning: cannot read the secrets {printable(args.file)} uses: "
                  f"{printable(exc)}", file=sys.stderr)
    statuses = store.statuses(referenced)
    print(f"Secrets in {shown}" + ("" if store.exists() else " (not created yet)"))
    if not statuses:
        print(f"  none yet; add one with `agent-builder secrets set NAME {args.file}`")
    else:
        width = max(len(s.name) for s in statuses)
        print(f"  {'NAME':<{width}}  {'VALUE':<8}  {'SOURCE':<12}  USED BY CONFIG")
        for s in statuses:
            source = {SOURCE_FILE: store.path.name, None: "missing"}.get(s.source, s.source)
            used = "yes" if s.referenced else "no"
            print(f"  {s.name:<{width}}  {s.masked or '-':<8}  {source:<12}  {used}")
    for problem in store.problems():
        print(f"warning: {shown} {problem}", file=sys.stderr)
    if store.exists():
        mode = stat.S_IMODE(store.path.stat().st_mode)
        if mode & 0o077:
            print(f"warning: {shown} is readable by others (mode {mode:o}); run `chmod 600 {shown}`",
                  file=sys.stderr)
    missing = store.missing(referenced)
    if missing:
        print(f"Missing {len(missing)} secret(s) the config uses: {', '.join(missing)}")
        for name in missing:
            print(f"  agent-builder secrets set {name} {args.file}")
    return 0


def _set(args: argparse.Namespace) -> int:
    from runtime.deploy.cli_support import CommandFailed, display_path, store_for
    from runtime.dotenv_file import lk_can_carry
    from runtime.secrets import DotenvError, check_name, mask

    try:
        check_name(args.name)
    except DotenvError as exc:
        raise CommandFailed(str(exc), code=2) from None
    value = _read_value(args.name)
    if value == "":
        raise CommandFailed(f"no value given for {args.name}; nothing was changed", code=2)
    store = store_for(args)
    try:
        store.set(args.name, value)
    except DotenvError as exc:
        raise CommandFailed(str(exc), code=2) from None
    except OSError as exc:
        raise CommandFailed(f"cannot write {display_path(store.path)}: {exc.strerror}", code=2) from None
    print(f"Stored {args.name} in {display_path(store.path)} ({mask(value)})")
    if not lk_can_carry(value):
        print(f"warning: `lk` cannot read this value of {args.name} back from a secrets file "
              "(it ends in a quote or a backslash); deploy will refuse it", file=sys.stderr)
    _note_if_unused(args)
    return 0


def _unset(args: argparse.Namespace) -> int:
    from runtime.deploy.cli_support import display_path, store_for

    store = store_for(args)
    if not store.unset(args.name):
        print(f"{args.name} is not in {display_path(store.path)}; nothing to remove")
        return 1
    print(f"Removed {args.name} from {display_path(store.path)}")
    return 0


def _read_value(name: str) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"Value for {name} (typing is hidden): ")
    text = sys.stdin.read()
    # `echo value | agent-builder secrets set NAME`: the newline is not part of the value.
    if text.endswith("\r\n"):
        return text[:-2]
    return text.removesuffix("\n")


def _note_if_unused(args: argparse.Namespace) -> None:
    from runtime.config.errors import ConfigError
    from runtime.secrets import referenced_secrets

    try:
        used = referenced_secrets(args.file)
    except ConfigError:  # no agent file (yet), or one that cannot be read: nothing to say
        return
    if args.name not in used and not args.name.startswith("LIVEKIT_"):
        print(f"note: {args.file} does not use {{{{secrets.{args.name}}}}} (yet)")
