"""``helper-app login | logout | password | sync | status``: the sync engine without a window.

Exit codes: ``login`` 0 signed in, 1 wrong user name or password, 2 no keyring / bad input,
3 server unreachable. ``sync`` 0 when the queue drained, 3 when work remains (offline, server
busy, signed out: the queue waits, nothing is lost). ``status`` 0. ``password`` 0 changed,
1 wrong current password or new one refused, 2 not signed in / bad input, 3 unreachable.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from helper_app.commands.local import NOT_SIGNED_IN, local_storage, say, tell
from helper_app.security.os_keyring import KeyringUnavailableError
from helper_app.security.storage import LocalStorage
from helper_app.sync import errors
from helper_app.sync.credentials import CredentialStore
from helper_app.sync.engine import SyncProgress
from helper_app.sync.server_address import ServerAddressError
from helper_app.sync.service import NotSignedInError, SyncService


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the sync commands to the top-level parser."""
    login = sub.add_parser("login", help="sign in to the intake server (token into the keyring)")
    login.add_argument("--server", required=True, metavar="URL", help="e.g. https://ward.example")
    login.add_argument("--username", required=True)
    login.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from stdin"
    )
    login.add_argument("--ca-bundle", metavar="PEM", help="a private CA certificate bundle")
    login.set_defaults(handler=run_login)

    logout = sub.add_parser("logout", help="sign out (revoke and forget the token)")
    logout.set_defaults(handler=run_logout)

    password = sub.add_parser(
        "password", help="change your password (your other laptops are signed out)"
    )
    password.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the current password, then the new one, one a line, from stdin",
    )
    password.set_defaults(handler=run_password)

    sync = sub.add_parser("sync", help="run one sync pass: upload, push, pull")
    sync.add_argument("--server", metavar="URL", help="override the signed-in server address")
    sync.add_argument("--ca-bundle", metavar="PEM", help="a private CA certificate bundle")
    sync.add_argument("--quiet", action="store_true", help="no progress lines")
    sync.set_defaults(handler=run_sync)

    status = sub.add_parser("status", help="queue counts, quarantine, conflicts, last sync")
    status.add_argument("--json", action="store_true", help="print as JSON")
    status.set_defaults(handler=run_status)


def _service(
    local: LocalStorage, args: argparse.Namespace, *, need_keyring: bool = True
) -> SyncService:
    return SyncService(
        local.store,
        local.files,
        CredentialStore() if need_keyring else None,
        ca_bundle=getattr(args, "ca_bundle", None),
    )


def run_login(args: argparse.Namespace) -> int:
    """``helper-app login``."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        say("Chưa nhập mật khẩu (đọc từ stdin).", "No password given on stdin.")
        return 2
    with local_storage(args) as local:
        try:
            service = _service(local, args)
            user = service.login(server_url=args.server, username=args.username, password=password)
        except (KeyringUnavailableError, ServerAddressError) as exc:
            tell(exc)
            return 2
        except ValueError as exc:
            say(f"Tham số không hợp lệ: {exc}", f"Invalid argument: {exc}")
            return 2
        except errors.UnauthorizedError:
            say("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.")
            return 1
        except errors.RateLimitedError as exc:
            wait = f" {exc.retry_after:.0f}s" if exc.retry_after else ""
            say(
                f"Đăng nhập quá nhiều lần, hãy thử lại sau{wait}.",
                f"Too many attempts; retry{wait}.",
            )
            return 3
        except errors.SyncError as exc:
            say(f"Không kết nối được máy chủ: {exc}", f"Cannot reach the server: {exc}")
            return 3
    sys.stdout.write(
        f"Đã đăng nhập: {user.username} ({user.role.value}, phường/xã {user.ward_code}).\n"
        f"Signed in as {user.username} ({user.role.value}, ward {user.ward_code}).\n"
    )
    return 0


def run_logout(args: argparse.Namespace) -> int:
    """``helper-app logout``."""
    with local_storage(args) as local:
        try:
            _service(local, args).logout()
        except KeyringUnavailableError as exc:
            tell(exc)
            return 2
    sys.stdout.write("Đã đăng xuất. / Signed out.\n")
    return 0


def run_password(args: argparse.Namespace) -> int:
    """``helper-app password``: the current password, then the new one, from stdin."""
    current = sys.stdin.readline().rstrip("\r\n")
    new = sys.stdin.readline().rstrip("\r\n")
    if not current or not new:
        say(
            "Cần hai dòng trên stdin: mật khẩu hiện tại, rồi mật khẩu mới.",
            "Two lines on stdin are needed: the current password, then the new one.",
        )
        return 2
    with local_storage(args) as local:
        try:
            _service(local, args).change_password(current_password=current, new_password=new)
        except KeyringUnavailableError as exc:
            tell(exc)
            return 2
        except NotSignedInError:
            say(*NOT_SIGNED_IN)
            return 2
        except errors.SignedOutByWardError as exc:
            tell(exc)
            return 1
        except errors.UnauthorizedError:
            say("Mật khẩu hiện tại không đúng.", "The current password is wrong.")
            return 1
        except errors.ClientRequestError as exc:
            say(
                exc.server_message_vi or "Mật khẩu mới không dùng được.",
                exc.server_message_en or f"The new password was refused: {exc}",
            )
            return 1
        except errors.SyncError as exc:
            say(f"Không kết nối được máy chủ: {exc}", f"Cannot reach the server: {exc}")
            return 3
    sys.stdout.write(
        "Đã đổi mật khẩu; các máy khác của bạn đã bị đăng xuất.\n"
        "Password changed; your other laptops were signed out.\n"
    )
    return 0


def _progress_printer(quiet: bool) -> Any:
    last: dict[str, tuple[int, int]] = {}

    def report(p: SyncProgress) -> None:
        if quiet:
            return
        key = (p.done, p.total)
        if last.get(p.stage) == key:
            return
        last[p.stage] = key
        total = f"/{p.total}" if p.total else ""
        sys.stdout.write(f"{p.stage}: {p.done}{total} ({p.bytes_sent} B)\n")
        sys.stdout.flush()

    return report


def run_sync(args: argparse.Namespace) -> int:
    """``helper-app sync``: one pass; 0 when the queue drained, 3 when work remains."""
    with local_storage(args) as local:
        try:
            service = _service(local, args)
            result = service.run_pass(
                server_url=args.server, on_progress=_progress_printer(args.quiet)
            )
        except KeyringUnavailableError as exc:
            tell(exc)
            return 3
        except ServerAddressError as exc:
            tell(exc)
            return 2
        except NotSignedInError:
            say(
                "Chưa đăng nhập: hàng đợi vẫn được giữ; hãy chạy `helper-app login`.",
                "Not signed in: the queue is kept; run `helper-app login`.",
            )
            return 3
        except errors.SignedOutByWardError as exc:
            say(
                f"{exc.message_vi} Hàng đợi vẫn được giữ trên máy (đã mã hoá).",
                f"{exc.message_en} The queue is kept on this laptop (encrypted).",
            )
            return 3
        except errors.UnauthorizedError:
            say(
                "Phiên đăng nhập đã hết hạn: hàng đợi vẫn được giữ; hãy đăng nhập lại.",
                "The sign-in expired: the queue is kept; sign in again.",
            )
            return 3
        except errors.SyncError as exc:
            say(
                f"Đồng bộ dừng giữa chừng, sẽ tiếp tục lần sau: {exc}",
                f"Sync stopped, resumes next time: {exc}",
            )
            return 3
    sys.stdout.write(
        f"pushed={result.pushed} applied={result.applied} conflicts={result.conflicts} "
        f"quarantined={result.quarantined} pulled={result.pulled} "
        f"uploaded_blobs={result.uploaded_blobs} remaining={result.remaining}\n"
    )
    return 0 if result.drained else 3


def run_status(args: argparse.Namespace) -> int:
    """``helper-app status``."""
    with local_storage(args) as local:
        report = _service(local, args, need_keyring=False).status()
    if args.json:
        sys.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n")
        return 0
    last = report.last_success_at.isoformat(timespec="seconds") if report.last_success_at else "-"
    lines = [
        "Hồ sơ theo trạng thái / dossiers by status: "
        + (", ".join(f"{k}={v}" for k, v in sorted(report.by_status.items())) or "-"),
        f"Đang chờ gửi / waiting: {report.waiting}",
        f"Bị máy chủ từ chối / quarantined: {report.quarantined}",
        f"Xung đột cần xử lý / conflicts: {report.conflicts}",
        f"Đồng bộ thành công lần cuối / last successful sync: {last}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
