"""``helper-server accounts ...``: cut off a lost laptop or a departed volunteer from the shell.

``disable`` / ``enable`` an account, ``revoke-tokens`` (every laptop of an account),
``revoke-device`` (one laptop), ``reset-password`` (ends every token too) and ``devices``
(the laptops signed in, with their last sync). Every change is written to the audit log as the
server's own administrator (no actor account: whoever holds the shell and the database URL).
Exit codes as the other commands: 0 done, 1 the account or device does not exist or the
password is refused, 2 an unmigrated database.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from helper_server.config import ServerSettings


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"helper-server accounts: {text}\n")


def _new_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise ValueError("new_password: the two entries differ")
    return first


def cmd_accounts(args: argparse.Namespace) -> int:
    """Run one ``accounts`` action in one transaction."""
    from helper_server import accounts
    from helper_server.db import Database, make_engine
    from helper_server.migrations import SchemaNotCurrentError, check_at_head
    from helper_server.security import Passwords

    action: str = args.action
    engine = make_engine(args.db_url or ServerSettings().db_url, pool_size=1)
    try:
        check_at_head(engine)
        password = _new_password(args) if action == "reset-password" else ""
        with Database(engine).write() as session:
            if action == "devices":
                devices = accounts.list_devices(
                    session,
                    ward_code=args.ward,
                    username=args.username,
                    include_ended=args.all,
                )
                _out(f"{'username':<24} {'device':<28} {'signed in':<17} {'last sync':<17} state")
                for d in devices:
                    seen = d.last_seen_at.strftime("%Y-%m-%d %H:%M") if d.last_seen_at else "-"
                    state = "live" if d.live else (d.revoked_reason or "ended")
                    _out(
                        f"{d.username:<24} {d.device_id:<28} "
                        f"{d.signed_in_at:%Y-%m-%d %H:%M}  {seen:<17} {state}"
                    )
                return 0
            user = accounts.require_user(session, username=args.username)
            if action in ("disable", "enable"):
                revoked = accounts.set_disabled(
                    session, user=user, disabled=action == "disable", actor_id=None
                )
                _out(f"{user.username!r} {action}d; {revoked} token(s) revoked")
            elif action == "revoke-tokens":
                revoked = accounts.revoke_by_admin(session, user=user, actor_id=None)
                _out(f"{user.username!r}: {revoked} token(s) revoked")
            elif action == "revoke-device":
                revoked = accounts.revoke_by_admin(
                    session, user=user, actor_id=None, device_id=args.device
                )
                if revoked == 0:
                    raise LookupError(
                        f"--device: {user.username!r} has no live token from device "
                        f"{args.device!r} (see `helper-server accounts devices`)"
                    )
                _out(f"{user.username!r} on {args.device!r}: {revoked} token(s) revoked")
            else:
                revoked = accounts.reset_password(
                    session,
                    user=user,
                    new_password=password,
                    passwords=Passwords(),
                    actor_id=None,
                )
                _out(f"{user.username!r}: password reset; {revoked} token(s) revoked")
    except SchemaNotCurrentError as exc:
        _err(str(exc))
        return 2
    except (LookupError, ValueError) as exc:
        _err(str(exc).strip("'\""))
        return 1
    finally:
        engine.dispose()
    return 0


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``accounts`` to the ``helper-server`` parser."""
    p = sub.add_parser("accounts", help="disable accounts, revoke laptops, reset passwords")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str, *, user: bool = True) -> argparse.ArgumentParser:
        a: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        a.add_argument("--db", dest="db_url", metavar="URL", help="database URL")
        if user:
            a.add_argument("--username", required=True)
        a.set_defaults(handler=cmd_accounts)
        return a

    action("disable", "refuse the account's sign-ins and end all its tokens")
    action("enable", "allow a disabled account to sign in again")
    action("revoke-tokens", "sign every laptop of the account out")
    device = action("revoke-device", "sign one laptop of the account out")
    device.add_argument("--device", required=True, metavar="DEVICE_ID")
    reset = action("reset-password", "set a new password and end every token")
    reset.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    devices = action("devices", "list the laptops signed in and their last sync", user=False)
    devices.add_argument("--ward", metavar="CODE", help="only this ward")
    devices.add_argument("--username", help="only this account")
    devices.add_argument("--all", action="store_true", help="revoked and expired tokens too")
