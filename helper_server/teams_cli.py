"""``helper-server teams ...``: the ward's help-point teams, from the shell.

``create`` a team, ``add`` a volunteer to it (out of any other), ``remove`` a volunteer from
their team, ``adopt`` (the volunteer's dossiers without a team join their team) and ``list``.
Audited as the server's own administrator, like ``accounts``. Exit codes: 0 done, 1 a name
that does not exist or is refused, 2 an unmigrated database.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from helper_server.config import ServerSettings


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"helper-server teams: {text}\n")


def cmd_teams(args: argparse.Namespace) -> int:
    """Run one ``teams`` action in one transaction."""
    from helper_server import accounts, teams
    from helper_server.db import Database, make_engine
    from helper_server.migrations import SchemaNotCurrentError, check_at_head

    action: str = args.action
    engine = make_engine(args.db_url or ServerSettings().db_url, pool_size=1)
    try:
        check_at_head(engine)
        with Database(engine).write() as session:
            if action == "list":
                for t in teams.list_teams(session, ward_code=args.ward):
                    _out(f"{t.ward_code}\t{t.name}\t{', '.join(t.members) or '-'}")
                return 0
            if action == "create":
                team = teams.create_team(
                    session, ward_code=args.ward, name=args.name, actor_id=None
                )
                _out(f"team {team.name!r} created in ward {team.ward_code}")
                return 0
            user = accounts.require_user(session, username=args.username)
            if action == "add":
                team = teams.require_team(session, ward_code=user.ward_code, name=args.team)
                teams.set_team(session, user=user, team=team, actor_id=None)
                _out(f"{user.username!r} now works in team {team.name!r}")
            elif action == "remove":
                teams.set_team(session, user=user, team=None, actor_id=None)
                _out(f"{user.username!r} is in no team: they see only their own dossiers")
            else:
                moved = teams.adopt(session, user=user, actor_id=None)
                _out(f"{moved} dossier(s) of {user.username!r} now shared with their team")
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
    """Add ``teams`` to the ``helper-server`` parser."""
    p = sub.add_parser("teams", help="help-point teams whose volunteers share dossiers")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        a: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        a.add_argument("--db", dest="db_url", metavar="URL", help="database URL")
        a.set_defaults(handler=cmd_teams)
        return a

    create = action("create", "create a team in a ward")
    create.add_argument("--ward", required=True, metavar="CODE")
    create.add_argument("--name", required=True)
    add = action("add", "put a volunteer in a team of their ward (out of any other)")
    add.add_argument("--username", required=True)
    add.add_argument("--team", required=True, metavar="NAME")
    remove = action("remove", "take a volunteer out of their team")
    remove.add_argument("--username", required=True)
    adopt = action("adopt", "share a volunteer's dossiers that have no team with their team")
    adopt.add_argument("--username", required=True)
    listing = action("list", "list teams and members")
    listing.add_argument("--ward", metavar="CODE", help="only this ward")
