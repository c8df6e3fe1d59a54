"""The console's words in Vietnamese (first) and English, and how a request picks its language.

One flat table of ``key -> (vi, en)`` keeps both languages side by side, so a missing
translation is visible in review and a test checks that every key has both. The language comes
from ``?lang=`` (remembered in a ``lang`` cookie), then the cookie, else Vietnamese.
"""

from __future__ import annotations

from typing import Literal

from starlette.requests import Request

Lang = Literal["vi", "en"]
LANG_COOKIE = "lang"

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Bàn làm việc cán bộ", "Officer console"),
    "app.ward": ("Phường/xã", "Ward"),
    "nav.queue": ("Hồ sơ", "Dossiers"),
    "nav.figures": ("Số liệu", "Figures"),
    "nav.logout": ("Đăng xuất", "Sign out"),
    "nav.provisioning": ("Cấu hình máy", "Set up laptops"),
    "prov.title": ("Cấu hình máy tính cho tình nguyện viên", "Set up a volunteer's laptop"),
    "prov.intro": (
        "Tạo mã QR để máy tính mới của tổ công nghệ số nhận cấu hình của phường: địa chỉ máy "
        "chủ, danh mục thủ tục và danh sách đơn vị hành chính. Trong ứng dụng, bấm “Dùng mã QR "
        "của phường…” ở hộp đăng nhập rồi chọn ảnh chụp mã hoặc dán nội dung mã.",
        "Make a QR code that sets up a new laptop of the digital technology group for this "
        "ward: the server address, the procedure catalog and the administrative units. In the "
        "app, press “Use the ward's QR code…” in the sign-in box, then pick a photo of the code "
        "or paste its text.",
    ),
    "prov.server_url": ("Địa chỉ máy chủ mà máy tính sẽ dùng", "Server address laptops will use"),
    "prov.server_url_hint": (
        "Địa chỉ https:// mà máy tính của tình nguyện viên truy cập được (không phải địa chỉ "
        "nội bộ của máy chủ).",
        "The https:// address volunteers' laptops can reach (not the server's internal one).",
    ),
    "prov.days": ("Mã có hiệu lực (ngày)", "Code valid for (days)"),
    "prov.submit": ("Tạo mã QR", "Make the QR code"),
    "prov.bad_url": (
        "Địa chỉ máy chủ phải bắt đầu bằng https:// (hoặc http:// khi thử nghiệm), không có "
        "dấu cách, ? hay #.",
        "The server address must start with https:// (or http:// for a test), with no spaces, "
        "? or #.",
    ),
    "prov.http_warning": (
        "Địa chỉ này dùng http:// (không mã hoá): chỉ dùng để thử nghiệm. Máy tính của tình "
        "nguyện viên sẽ gửi hồ sơ qua mạng không mã hoá tới địa chỉ này.",
        "This address uses http:// (unencrypted): for a test only. Volunteers' laptops would "
        "send dossiers unencrypted to it.",
    ),
    "prov.bad_days": (
        "Số ngày hiệu lực phải là số nguyên từ 1 đến {max}.",
        "The validity must be a whole number of days from 1 to {max}.",
    ),
    "prov.scan": ("Quét mã này bằng ứng dụng Helper", "Scan this code with the Helper app"),
    "prov.fingerprint": ("Dấu vân tay khoá ký", "Signing key fingerprint"),
    "prov.expires": ("Hết hạn", "Expires"),
    "prov.text": ("Nội dung mã (để dán)", "The code's text (to paste)"),
    "prov.usb": ("Hoặc mang bằng USB", "Or carry it on a USB stick"),
    "prov.download": ("Tải tệp cấu hình", "Download the provisioning file"),
    "prov.after": (
        "Sau khi áp dụng, ứng dụng hiện dấu vân tay khoá: hãy so với dấu vân tay ở trên. Mã "
        "không chứa mật khẩu; tình nguyện viên vẫn đăng nhập bằng tài khoản của mình.",
        "After applying it the app shows the key fingerprint: compare it with the one above. "
        "The code holds no password; volunteers still sign in with their own accounts.",
    ),
    "nav.accounts": ("Tài khoản và máy", "Accounts and laptops"),
    "acct.title": ("Tài khoản và máy đã đăng nhập", "Accounts and signed-in laptops"),
    "acct.intro": (
        "Máy bị mất hoặc tình nguyện viên đã nghỉ: đăng xuất máy đó, đăng xuất mọi máy của tài "
        "khoản, khoá tài khoản hoặc đặt mật khẩu mới (mọi máy của tài khoản sẽ bị đăng xuất). "
        "Dữ liệu trên máy vẫn được mã hoá; máy chỉ báo cần liên hệ cán bộ.",
        "A lost laptop or a volunteer who left: sign that laptop out, sign out all of the "
        "account's laptops, disable the account or set a new password (every laptop of the "
        "account is signed out). The laptop's data stays encrypted; it only says to contact "
        "the ward's staff.",
    ),
    "acct.username": ("Tên đăng nhập", "Username"),
    "acct.role": ("Vai trò", "Role"),
    "acct.state": ("Trạng thái", "State"),
    "acct.devices": ("Máy đang đăng nhập", "Signed-in laptops"),
    "acct.actions": ("Thao tác", "Actions"),
    "acct.active": ("đang hoạt động", "active"),
    "acct.disabled": ("đã khoá", "disabled"),
    "acct.last_sync": ("lần đồng bộ cuối", "last sync"),
    "acct.never": ("chưa đồng bộ", "not yet"),
    "acct.no_devices": ("không có máy nào", "none"),
    "acct.self": (
        "Tài khoản của bạn (đổi bằng lệnh helper-server accounts)",
        "Your own account (change it with helper-server accounts)",
    ),
    "acct.revoke_device": ("Đăng xuất máy này", "Sign this laptop out"),
    "acct.revoke_tokens": ("Đăng xuất mọi máy", "Sign out every laptop"),
    "acct.disable": ("Khoá tài khoản", "Disable the account"),
    "acct.enable": ("Mở khoá tài khoản", "Enable the account"),
    "acct.new_password": ("Mật khẩu mới", "New password"),
    "acct.reset_password": ("Đặt mật khẩu mới", "Set a new password"),
    "acct.ok.disable": (
        "Đã khoá tài khoản và đăng xuất mọi máy của tài khoản.",
        "The account is disabled and all its laptops are signed out.",
    ),
    "acct.ok.enable": (
        "Đã mở khoá tài khoản; các máy cũ vẫn phải đăng nhập lại.",
        "The account is enabled; its old laptops still have to sign in again.",
    ),
    "acct.ok.revoke_tokens": (
        "Đã đăng xuất mọi máy của tài khoản.",
        "All the account's laptops are signed out.",
    ),
    "acct.ok.revoke_device": ("Đã đăng xuất máy đó.", "That laptop is signed out."),
    "acct.ok.reset_password": (
        "Đã đặt mật khẩu mới; mọi máy của tài khoản đã bị đăng xuất.",
        "The new password is set; every laptop of the account is signed out.",
    ),
    "acct.err.action": ("Thao tác không hợp lệ.", "Unknown action."),
    "acct.err.user": (
        "Không tìm thấy tài khoản này trong phường/xã của bạn.",
        "No such account in your ward.",
    ),
    "acct.err.self": (
        "Không thể thay đổi tài khoản của chính bạn ở đây; hãy dùng lệnh helper-server accounts.",
        "Your own account is not changed here; use helper-server accounts.",
    ),
    "acct.err.device": (
        "Máy này không còn đăng nhập (device_id không có phiên nào đang dùng).",
        "That laptop is no longer signed in (device_id has no live session).",
    ),
    "acct.err.weak": (
        "Mật khẩu mới (new_password): {reason}.",
        "New password (new_password) {reason}.",
    ),
    "acct.team": ("Tổ hỗ trợ", "Help-point team"),
    "acct.no_team": ("Không thuộc tổ nào", "No team"),
    "acct.set_team": ("Đổi tổ", "Change team"),
    "acct.adopt": ("Chia sẻ hồ sơ cũ với tổ", "Share older dossiers with the team"),
    "acct.teams_title": ("Tổ hỗ trợ (điểm hỗ trợ)", "Help-point teams"),
    "acct.teams_intro": (
        "Tình nguyện viên chỉ xem được hồ sơ mình đã nộp. Những người cùng làm ở một điểm hỗ "
        "trợ (dùng chung máy) có thể được xếp vào một tổ để cùng xem các hồ sơ nộp khi đang ở "
        "tổ. Cán bộ và quản trị viên xem được mọi hồ sơ của phường.",
        "Volunteers see only the dossiers they submitted. Volunteers who work one help point "
        "(sharing laptops) can be put in a team to share the dossiers submitted while in it. "
        "Officers and administrators see every dossier of the ward.",
    ),
    "acct.team_name": ("Tên tổ mới", "New team's name"),
    "acct.create_team": ("Tạo tổ", "Create the team"),
    "acct.team_members": ("Thành viên", "Members"),
    "acct.no_teams": ("Phường chưa có tổ nào.", "The ward has no team yet."),
    "acct.ok.create_team": ("Đã tạo tổ.", "The team is created."),
    "acct.ok.set_team": ("Đã đổi tổ của tình nguyện viên.", "The volunteer's team is changed."),
    "acct.ok.adopt": (
        "Các hồ sơ cũ của tình nguyện viên đã được chia sẻ với tổ.",
        "The volunteer's older dossiers are shared with the team.",
    ),
    "acct.err.team.name_empty": (
        "Tên tổ (team_name): hãy nhập tên, ví dụ “Nhà văn hoá tổ 5”.",
        "Team name (team_name): type a name, e.g. “Nhà văn hoá tổ 5”.",
    ),
    "acct.err.team.name_long": (
        "Tên tổ (team_name): tối đa 200 ký tự.",
        "Team name (team_name): at most 200 characters.",
    ),
    "acct.err.team.name_taken": (
        "Tên tổ (team_name): phường đã có tổ tên này.",
        "Team name (team_name): the ward already has a team of that name.",
    ),
    "acct.err.team.no_such_team": (
        "Tổ hỗ trợ (team_id): không có tổ này trong phường.",
        "Team (team_id): the ward has no such team.",
    ),
    "acct.err.team.not_volunteer": (
        "Chỉ xếp tổ cho tình nguyện viên; cán bộ và quản trị viên đã xem được cả phường.",
        "Only volunteers are put in teams; officers and administrators see the whole ward.",
    ),
    "acct.err.team.other_ward": (
        "Tổ hỗ trợ (team_id): tổ thuộc phường khác.",
        "Team (team_id): the team belongs to another ward.",
    ),
    "acct.err.team.no_team": (
        "Tình nguyện viên chưa thuộc tổ nào: hãy xếp tổ trước.",
        "The volunteer is in no team: choose a team first.",
    ),
    "acctadmin.title": ("Chỉ dành cho quản trị viên", "For administrators only"),
    "acctadmin.body": (
        "Chỉ quản trị viên của phường mới quản lý được tài khoản và máy.",
        "Only the ward's administrator can manage accounts and laptops.",
    ),
    "adminonly.title": ("Chỉ dành cho quản trị viên", "For administrators only"),
    "adminonly.body": (
        "Chỉ quản trị viên của phường mới tạo được mã cấu hình máy.",
        "Only the ward's administrator can make laptop set-up codes.",
    ),
    "nav.lang_other": ("English", "Tiếng Việt"),
    "login.title": ("Đăng nhập cán bộ", "Officer sign-in"),
    "login.username": ("Tên đăng nhập", "Username"),
    "login.password": ("Mật khẩu", "Password"),
    "login.submit": ("Đăng nhập", "Sign in"),
    "login.failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "login.rate_limited": (
        "Đăng nhập sai quá nhiều lần; vui lòng chờ {seconds} giây rồi thử lại.",
        "Too many sign-in attempts; wait {seconds} seconds and try again.",
    ),
    "login.signed_out": ("Bạn đã đăng xuất.", "You have signed out."),
    "login.expired": (
        "Phiên làm việc đã hết hạn hoặc đã đăng xuất; vui lòng đăng nhập lại.",
        "Your session has ended; please sign in again.",
    ),
    "refused.title": ("Không dùng được bàn làm việc cán bộ", "The officer console is not for you"),
    "refused.volunteer": (
        "Tài khoản tình nguyện viên không dùng được bàn làm việc của cán bộ. Hãy dùng ứng dụng "
        "Helper trên máy tính để soạn và gửi hồ sơ; cán bộ phường/xã sẽ tiếp nhận tại đây.",
        "Volunteer accounts cannot use the officer console. Use the Helper desktop app to "
        "prepare and send dossiers; the ward's officials review them here.",
    ),
    "refused.back": ("Quay lại trang đăng nhập", "Back to sign-in"),
    "csrf.title": ("Yêu cầu bị từ chối", "Request refused"),
    "csrf.body": (
        "Biểu mẫu đã cũ hoặc không đến từ trang này (mã chống giả mạo không khớp). Hãy tải "
        "lại trang rồi thử lại.",
        "The form is stale or did not come from this site (the anti-forgery token does not "
        "match). Reload the page and try again.",
    ),
    "notfound.title": ("Không tìm thấy", "Not found"),
    "notfound.body": (
        "Không tìm thấy hồ sơ hoặc tệp này trong phường/xã của bạn.",
        "No such dossier or file in your ward.",
    ),
    "queue.title": ("Hồ sơ của phường/xã", "The ward's dossiers"),
    "queue.search": ("Tìm theo tên, mã hồ sơ hoặc mã biên nhận", "Name, dossier or receipt code"),
    "queue.status": ("Trạng thái", "Status"),
    "queue.procedure": ("Thủ tục", "Procedure"),
    "queue.volunteer": ("Tình nguyện viên", "Volunteer"),
    "queue.all": ("Tất cả", "All"),
    "queue.filter": ("Lọc", "Filter"),
    "queue.clear": ("Bỏ lọc", "Clear"),
    "queue.export": ("Xuất CSV", "Export CSV"),
    "queue.code": ("Mã hồ sơ", "Dossier code"),
    "queue.resident": ("Người được giải quyết", "Resident"),
    "queue.receipt": ("Mã biên nhận", "Receipt code"),
    "queue.files": ("Tệp", "Files"),
    "queue.updated": ("Cập nhật", "Updated"),
    "queue.created": ("Ngày gửi", "Sent"),
    "queue.count": ("{count} hồ sơ", "{count} dossiers"),
    "queue.empty": ("Không có hồ sơ nào khớp.", "No dossier matches."),
    "queue.prev": ("« Trang trước", "« Previous"),
    "queue.next": ("Trang sau »", "Next »"),
    "queue.page": ("Trang {page}/{pages}", "Page {page} of {pages}"),
    "status.submitted": ("Chờ tiếp nhận", "Awaiting receipt"),
    "status.received": ("Đã tiếp nhận", "Received"),
    "status.processing": ("Đang xử lý", "Processing"),
    "status.supplement_requested": ("Chờ bổ sung", "Supplement requested"),
    "status.completed": ("Đã trả kết quả", "Completed"),
    "status.rejected": ("Từ chối", "Rejected"),
    "status.withdrawn": ("Đã rút", "Withdrawn"),
    "status.draft": ("Bản nháp", "Draft"),
    "status.queued": ("Chờ gửi", "Queued"),
    "action.submit": ("Gửi hồ sơ", "Submitted"),
    "action.withdraw": ("Rút hồ sơ", "Withdrew"),
    "action.receive": ("Tiếp nhận", "Received"),
    "action.process": ("Chuyển xử lý", "Started processing"),
    "action.request_supplement": ("Yêu cầu bổ sung", "Requested a supplement"),
    "action.complete": ("Trả kết quả", "Completed"),
    "action.reject": ("Từ chối", "Rejected"),
    "action.edit": ("Sửa thông tin", "Edited"),
    "role.volunteer": ("tình nguyện viên", "volunteer"),
    "role.officer": ("cán bộ", "officer"),
    "role.admin": ("quản trị", "admin"),
    "dossier.back": ("« Danh sách hồ sơ", "« Dossier list"),
    "dossier.code": ("Mã hồ sơ", "Dossier code"),
    "dossier.rev": ("Phiên bản", "Revision"),
    "dossier.sent_by": ("Người gửi", "Sent by"),
    "dossier.sent_at": ("Gửi lúc", "Sent at"),
    "dossier.last_message": ("Lời nhắn gần nhất", "Latest message"),
    "dossier.checklist": ("Mục cần bổ sung", "To fix"),
    "dossier.attachments": ("Giấy tờ đính kèm", "Attachments"),
    "dossier.no_attachments": ("Không có tệp đính kèm.", "No attachments."),
    "dossier.download": ("Tải xuống", "Download"),
    "dossier.history": ("Lịch sử xử lý", "History"),
    "dossier.when": ("Thời gian", "When"),
    "dossier.who": ("Người thực hiện", "Who"),
    "dossier.what": ("Thao tác", "Action"),
    "dossier.note": ("Ghi chú", "Note"),
    "dossier.problems": ("Kiểm tra hồ sơ", "Checks"),
    "dossier.no_problems": ("Không phát hiện vấn đề.", "No problems found."),
    "dossier.error": ("Lỗi", "Error"),
    "dossier.warning": ("Lưu ý", "Warning"),
    "dossier.whole": ("Toàn hồ sơ", "Whole dossier"),
    "dossier.empty_value": ("(trống)", "(empty)"),
    "dossier.yes": ("Có", "Yes"),
    "dossier.no": ("Không", "No"),
    "dossier.unknown_procedure": (
        "Không có định nghĩa thủ tục này; dữ liệu hiển thị nguyên dạng.",
        "This procedure's definition is missing; the data is shown as stored.",
    ),
    "dossier.other_fields": ("Mục khác", "Other entries"),
    "actions.title": ("Xử lý hồ sơ", "Act on this dossier"),
    "actions.none": (
        "Hồ sơ ở trạng thái này không còn thao tác nào.",
        "No action is possible in this status.",
    ),
    "actions.receive": ("Tiếp nhận và cấp mã biên nhận", "Receive and issue a receipt code"),
    "actions.process": ("Chuyển sang đang xử lý", "Mark as processing"),
    "actions.complete": ("Trả kết quả (hoàn thành)", "Complete"),
    "actions.note": ("Ghi chú (không bắt buộc)", "Note (optional)"),
    "actions.supplement": ("Yêu cầu bổ sung", "Request a supplement"),
    "actions.supplement_message": ("Lời nhắn cho tình nguyện viên", "Message to the volunteer"),
    "actions.supplement_checklist": ("Mục và giấy tờ cần sửa", "Fields and documents to fix"),
    "actions.reject": ("Từ chối hồ sơ", "Reject"),
    "actions.reject_reason": ("Lý do từ chối", "Reason"),
    "actions.edit": ("Sửa một mục", "Edit a field"),
    "actions.edit_field": ("Mục", "Field"),
    "actions.edit_value": ("Giá trị mới (để trống để xoá)", "New value (empty clears it)"),
    "actions.edit_submit": ("Lưu", "Save"),
    "actions.confirm_reject": ("Từ chối hồ sơ này?", "Reject this dossier?"),
    "ok.receive": (
        "Đã tiếp nhận hồ sơ. Mã biên nhận: {receipt}",
        "Received. Receipt code: {receipt}",
    ),
    "ok.process": ("Đã chuyển sang đang xử lý.", "Marked as processing."),
    "ok.complete": ("Đã trả kết quả.", "Completed."),
    "ok.supplement": (
        "Đã gửi yêu cầu bổ sung; tình nguyện viên sẽ nhận được ở lần đồng bộ tới.",
        "Supplement requested; the volunteer gets it at their next sync.",
    ),
    "ok.reject": ("Đã từ chối hồ sơ.", "Rejected."),
    "ok.edit": ("Đã lưu thay đổi.", "Change saved."),
    "err.message_required": ("Vui lòng nhập lời nhắn.", "Please write a message."),
    "err.checklist_required": (
        "Chọn ít nhất một mục hoặc giấy tờ cần bổ sung.",
        "Tick at least one field or document to fix.",
    ),
    "err.reason_required": ("Vui lòng nhập lý do từ chối.", "Please give the reason."),
    "err.unknown_action": ("Thao tác không hợp lệ.", "Unknown action."),
    "err.unknown_field": ("Mục cần sửa không có trong thủ tục.", "No such field in the form."),
    "err.lifecycle": (
        "Trạng thái hiện tại của hồ sơ không cho phép thao tác này (có thể người khác vừa xử "
        "lý); trang đã được tải lại.",
        "The dossier's current status does not allow this (someone may just have acted on "
        "it); the page shows it as it is now.",
    ),
    "err.too_long": ("Nội dung quá dài (tối đa 4000 ký tự).", "Too long (4000 characters max)."),
    "figures.title": ("Số liệu của phường/xã", "The ward's figures"),
    "figures.weeks": (
        "Hồ sơ theo tuần (theo trạng thái hiện tại)",
        "Dossiers per week (by status)",
    ),
    "figures.week": ("Tuần", "Week"),
    "figures.by_procedure": ("Hồ sơ theo thủ tục và tuần", "Dossiers per procedure and week"),
    "figures.total": ("Tổng", "Total"),
    "figures.share": ("Tỷ lệ hồ sơ gửi qua tình nguyện viên", "Share sent through volunteers"),
    "figures.share_note": (
        "Hồ sơ do tài khoản tình nguyện viên gửi lên, trên tổng số hồ sơ (phần còn lại do "
        "tài khoản quản trị gửi).",
        "Dossiers first pushed by a volunteer account, out of all dossiers (the rest were "
        "pushed by admin accounts).",
    ),
    "figures.median_receipt": (
        "Thời gian trung vị từ lúc gửi đến lúc tiếp nhận",
        "Median time from sending to receipt",
    ),
    "figures.median_complete": (
        "Thời gian trung vị từ lúc gửi đến lúc trả kết quả",
        "Median time from sending to completion",
    ),
    "figures.median_note": (
        "Tính từ lần gửi đầu tiên lên máy chủ (ngay sau khi tình nguyện viên hoàn tất hồ sơ "
        "và đồng bộ); {n} hồ sơ.",
        "Measured from the first submission the server received (the volunteer's finalize, "
        "once synced); {n} dossiers.",
    ),
    "figures.none": ("chưa có", "none yet"),
    "figures.range": ("{weeks} tuần gần nhất", "Last {weeks} weeks"),
    "figures.empty": ("Chưa có hồ sơ nào.", "No dossiers yet."),
    "duration.days": ("{d} ngày {h} giờ", "{d} d {h} h"),
    "duration.hours": ("{h} giờ {m} phút", "{h} h {m} min"),
    "duration.minutes": ("{m} phút", "{m} min"),
    "csv.code": ("Mã hồ sơ", "Dossier code"),
    "csv.id": ("ID hồ sơ", "Dossier id"),
    "csv.procedure": ("Thủ tục", "Procedure"),
    "csv.status": ("Trạng thái", "Status"),
    "csv.resident": ("Người được giải quyết", "Resident"),
    "csv.volunteer": ("Tình nguyện viên", "Volunteer"),
    "csv.receipt": ("Mã biên nhận", "Receipt code"),
    "csv.files": ("Số tệp", "Files"),
    "csv.created": ("Ngày gửi", "Sent"),
    "csv.updated": ("Cập nhật", "Updated"),
}


def translate(key: str, lang: Lang, **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled.

    An unknown key shows itself, so a typo is visible on the page instead of crashing it.
    """
    pair = TEXTS.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "vi" else pair[1]
    return text.format(**values) if values else text


def request_lang(request: Request) -> Lang:
    """The language of this request: ``?lang=``, then the ``lang`` cookie, else Vietnamese."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "vi"
    return "en" if asked == "en" else "vi"
