"""``helper-server``: serve, migrate, create-user, init-demo, identity, new-epoch.

Exit codes: 0 success, 1 the command failed on valid input (e.g. username taken), 2 unusable
input or an unmigrated database (the message says which command to run).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pydantic
import sqlalchemy as sa

from helper_app import __version__
from helper_app.sync.protocol import Role
from helper_server.config import DEFAULT_HOST, DEFAULT_PORT, SETTINGS_ENV, ServerSettings

if TYPE_CHECKING:
    from helper_server.db import Database

T = TypeVar("T")

log = logging.getLogger(__name__)

DEMO_WARD = "07627"
DEMO_WARD_NAME = "Demo ward"


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"helper-server: {text}\n")


def _prepare_sqlite_dir(url: str) -> None:
    """Create the directory of a SQLite file URL (the embedded default lives in a new dir)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _settings(args: argparse.Namespace) -> ServerSettings:
    values = {
        key: getattr(args, key)
        for key in (
            "db_url",
            "blob_dir",
            "forms_dir",
            "max_blob_size",
            "max_in_flight",
            "token_ttl_days",
            "login_per_account",
            "login_per_address",
            "login_window_seconds",
            "trusted_proxies",
            "fault_busy_share",
            "fault_seed",
            "body_min_rate",
            "body_rate_window",
            "header_timeout",
            "keep_alive_timeout",
            "upload_quota",
            "upload_expiry_seconds",
            "api_docs",
        )
        if getattr(args, key, None) is not None
    }
    return ServerSettings(**values)


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the schema, then run uvicorn (settings reach workers through the environment)."""
    import uvicorn

    from helper_server.db import make_engine
    from helper_server.migrations import SchemaNotCurrentError, check_at_head

    try:
        settings = _settings(args)
    except pydantic.ValidationError as exc:
        _err(f"unusable option: {exc.errors()[0]['msg']}")
        return 2
    _prepare_sqlite_dir(settings.db_url)
    engine = make_engine(settings.db_url, pool_size=1)
    try:
        check_at_head(engine)
    except SchemaNotCurrentError as exc:
        _err(f"refusing to serve: {exc}")
        return 2
    except sa.exc.OperationalError as exc:
        _err(f"cannot open the database: {type(exc.orig).__name__}")
        return 2
    finally:
        engine.dispose()
    if args.signing_key_file is not None:
        from helper_server.provisioning import KEY_ENV, SigningKeyError, load_signing_key

        try:
            load_signing_key(args.signing_key_file)
        except SigningKeyError as exc:
            _err(f"refusing to serve: {exc}")
            return 2
        os.environ[KEY_ENV] = str(args.signing_key_file.resolve())  # the workers read it
    os.environ[SETTINGS_ENV] = settings.to_env()
    log.info("serving on %s:%d", args.host, args.port)
    uvicorn.run(
        "helper_server.app:create_app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
        # The app reads forwarded headers itself, only from --trusted-proxy peers (uvicorn's
        # own handling trusts 127.0.0.1 by default, so anything on the host could forge them).
        proxy_headers=False,
        log_level="info" if args.verbose or args.access_log else "warning",
        timeout_graceful_shutdown=5,
        # idle connections are closed after the keep-alive timeout; GuardedH11Protocol adds a
        # deadline on the request head, BodyRate (in the app) one on the body
        timeout_keep_alive=settings.keep_alive_timeout,
        http="helper_server.slowclients:GuardedH11Protocol",
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring the database to the newest migration."""
    from helper_server.migrations import head_revision, upgrade

    url = args.db_url or ServerSettings().db_url
    _prepare_sqlite_dir(url)
    upgrade(url)
    _out(f"database at migration {head_revision()}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass("Password: ")


def cmd_create_user(args: argparse.Namespace) -> int:
    """Create one account in a ward."""
    from helper_server.accounts import create_user
    from helper_server.db import Database, make_engine
    from helper_server.migrations import SchemaNotCurrentError, check_at_head
    from helper_server.security import Passwords

    url = args.db_url or ServerSettings().db_url
    password = _read_password(args)
    engine = make_engine(url, pool_size=1)
    try:
        check_at_head(engine)
        with Database(engine).write() as session:
            user = create_user(
                session,
                username=args.username,
                password=password,
                role=Role(args.role),
                ward_code=args.ward,
                passwords=Passwords(),
            )
            _out(f"created {user.role} {user.username!r} in ward {user.ward_code} ({user.id})")
    except SchemaNotCurrentError as exc:
        _err(str(exc))
        return 2
    except ValueError as exc:
        _err(str(exc))
        return 1
    finally:
        engine.dispose()
    return 0


def cmd_init_demo(args: argparse.Namespace) -> int:
    """Migrate, create a demo ward with a volunteer and an officer, list the published forms."""

    from helper_server.accounts import create_user, ensure_ward, find_user
    from helper_server.db import Database, make_engine
    from helper_server.forms_catalog import FormsCatalog
    from helper_server.migrations import upgrade
    from helper_server.security import Passwords

    settings = _settings(args)
    _prepare_sqlite_dir(settings.db_url)
    upgrade(settings.db_url)
    forms = FormsCatalog.load(settings.forms_dir)
    engine = make_engine(settings.db_url, pool_size=1)
    passwords = Passwords()
    creds: list[tuple[str, str, str]] = []
    try:
        with Database(engine).write() as session:
            ensure_ward(session, code=DEMO_WARD, name=DEMO_WARD_NAME)
            for username, role in (
                ("demo-volunteer", Role.VOLUNTEER),
                ("demo-officer", Role.OFFICER),
            ):
                password = secrets.token_urlsafe(9)
                existing = find_user(session, username=username)
                if existing is None:
                    create_user(
                        session,
                        username=username,
                        password=password,
                        role=role,
                        ward_code=DEMO_WARD,
                        passwords=passwords,
                    )
                else:
                    existing.password_hash = passwords.hash(password)
                    session.add(existing)
                creds.append((role.value, username, password))
    finally:
        engine.dispose()
    _out(f"demo ward {DEMO_WARD} ready in {sa.make_url(settings.db_url).render_as_string()}")
    for role_name, username, password in creds:
        _out(f"  {role_name:<10} username: {username}  password: {password}")
    _out(f"published procedure definitions ({len(forms.index.forms)}):")
    for form in forms.index.forms:
        _out(f"  {form.code} v{form.version}: {form.title_vi}")
    _out("start the server with: helper-server serve")
    return 0


def _on_current_db(args: argparse.Namespace, action: Callable[[Database], T]) -> T | None:
    """``action`` on the database at ``--db`` once it is at the newest schema; None when not
    (the error is printed): these commands never migrate behind the admin's back."""
    from helper_server.db import Database, make_engine
    from helper_server.migrations import SchemaNotCurrentError, check_at_head

    engine = make_engine(args.db_url or ServerSettings().db_url, pool_size=1)
    try:
        check_at_head(engine)
        return action(Database(engine))
    except SchemaNotCurrentError as exc:
        _err(str(exc))
        return None
    finally:
        engine.dispose()


def cmd_identity(args: argparse.Namespace) -> int:
    """Print the server id and feed epoch laptops see in ``GET /api/v1/meta``."""
    from helper_server.identity import ensure_identity

    identity = _on_current_db(args, ensure_identity)
    if identity is None:
        return 2
    _out(f"server id:  {identity.server_id}")
    _out(f"feed epoch: {identity.feed_epoch}")
    return 0


def cmd_new_epoch(args: argparse.Namespace) -> int:
    """Start a new feed epoch: run it after restoring the database from a backup.

    Every laptop then reads the changes feed again from the start and trusts the restored
    revisions instead of the newer ones it may have read before the restore.
    """
    from helper_server.identity import start_new_epoch

    changed = _on_current_db(args, start_new_epoch)
    if changed is None:
        return 2
    before, after = changed
    _out(f"server {after.server_id}: feed epoch {before.feed_epoch} -> {after.feed_epoch}")
    _out("laptops read the changes feed again from the start at their next sync")
    return 0


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", dest="db_url", metavar="URL", help="database URL (default: SQLite file)")


def _add_server_options(p: argparse.ArgumentParser) -> None:
    _add_db(p)
    p.add_argument("--blob-dir", type=Path, help="where attachment bytes are stored")
    p.add_argument("--forms-dir", type=Path, help="procedure definitions (default: bundled)")


def build_parser() -> argparse.ArgumentParser:
    """The ``helper-server`` argument parser."""
    parser = argparse.ArgumentParser(prog="helper-server", description="Helper intake server.")
    parser.add_argument("--version", action="version", version=f"helper-server {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP server")
    _add_server_options(serve)
    serve.add_argument("--host", default=DEFAULT_HOST, help="interface (default: loopback)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
    serve.add_argument("--max-blob-size", type=int, help="largest attachment, bytes")
    serve.add_argument(
        "--upload-quota",
        type=int,
        metavar="BYTES",
        help="unfinished upload bytes per account (default 200 MiB; 0: no quota)",
    )
    serve.add_argument(
        "--upload-expiry-seconds",
        type=float,
        metavar="S",
        help="delete uploads still unfinished this long after they started (default 7 days)",
    )
    serve.add_argument("--max-in-flight", type=int, help="requests at once per process (503 past)")
    serve.add_argument("--token-ttl-days", type=float, help="access token lifetime")
    serve.add_argument("--login-per-account", type=int, help="sign-in attempts per account/window")
    serve.add_argument("--login-per-address", type=int, help="sign-in attempts per address/window")
    serve.add_argument("--login-window-seconds", type=float, help="sign-in rate-limit window")
    serve.add_argument(
        "--body-min-rate",
        type=int,
        help="bytes/s a request body must keep over each window (default 2048; 408 below)",
    )
    serve.add_argument(
        "--body-rate-window",
        type=float,
        help="seconds of the body-rate window; small bodies must end within it (default 15)",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        help="seconds a connection has to send a request head (default 10)",
    )
    serve.add_argument(
        "--keep-alive-timeout",
        type=int,
        help="seconds an idle kept-alive connection stays open (default 5)",
    )
    serve.add_argument(
        "--trusted-proxy",
        dest="trusted_proxies",
        action="append",
        metavar="IP_OR_CIDR",
        help="a reverse proxy whose X-Forwarded-For/Forwarded is believed (repeatable)",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request line")
    serve.add_argument(
        "--signing-key-file",
        type=Path,
        metavar="PATH",
        help="the provisioning signing key (Ed25519 PEM, mode 600), kept apart from the "
        "database and its backups; never created there",
    )
    serve.add_argument(
        "--api-docs",
        action="store_true",
        default=None,
        help="serve /docs and /redoc (developers: they load script from a public CDN)",
    )
    serve.add_argument(
        "--fault-busy-share",
        type=float,
        help="TESTS ONLY: answer this share of sync/blob requests 503/429 (fault injection)",
    )
    serve.add_argument("--fault-seed", type=int, help="TESTS ONLY: seed of the injected faults")
    serve.set_defaults(handler=cmd_serve)

    migrate = sub.add_parser("migrate", help="apply database migrations")
    _add_db(migrate)
    migrate.set_defaults(handler=cmd_migrate)

    user = sub.add_parser("create-user", help="create an account")
    _add_db(user)
    user.add_argument("--username", required=True)
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("--ward", required=True, metavar="CODE")
    user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    user.set_defaults(handler=cmd_create_user)

    identity = sub.add_parser("identity", help="print the server id and feed epoch")
    _add_db(identity)
    identity.set_defaults(handler=cmd_identity)

    epoch = sub.add_parser(
        "new-epoch",
        help="after restoring the database from a backup: laptops re-read the changes feed",
    )
    _add_db(epoch)
    epoch.set_defaults(handler=cmd_new_epoch)

    demo = sub.add_parser("init-demo", help="demo ward, accounts and published forms")
    _add_server_options(demo)
    demo.set_defaults(handler=cmd_init_demo)

    from helper_server import accounts_cli, provisioning, teams_cli

    provisioning.register(sub)
    accounts_cli.register(sub)
    teams_cli.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    code: int = handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
